"""Idempotency records: the first POST with a key is stored with its response; a repeat with
the same body replays it, with another body is refused, while the first is running conflicts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from service.store.db import session_scope
from service.store.models import IdempotencyRecord, utcnow

KEEP_FOR = timedelta(hours=24)


@dataclass(frozen=True)
class Stored:
    """A finished request's response, to replay."""

    status_code: int
    headers: dict[str, str]
    body: str


class KeyReused(Exception):
    """The key was used for a different request."""


class InFlight(Exception):
    """The first request with this key has not finished."""


def begin(engine: Engine, principal: str, key: str, request_hash: str) -> Stored | None:
    """Reserve the key for this request (None: go ahead), or return the stored response.

    Raises KeyReused for another request under the same key, InFlight while the first runs.
    """
    try:
        with session_scope(engine) as session:
            session.add(IdempotencyRecord(principal=principal, key=key, request_hash=request_hash))
        return None
    except IntegrityError:
        pass
    with Session(engine) as session:
        record = session.get(IdempotencyRecord, (principal, key))
    if record is None:  # expired and removed between the two statements: take it again
        return begin(engine, principal, key, request_hash)
    if record.request_hash != request_hash:
        raise KeyReused(key)
    if record.state != "done":
        raise InFlight(key)
    return Stored(record.status_code or 200, json.loads(record.headers_json or "{}"),
                  record.body or "")


def finish(engine: Engine, principal: str, key: str, stored: Stored) -> None:
    """Keep the response of the request that reserved the key."""
    with session_scope(engine) as session:
        record = session.get(IdempotencyRecord, (principal, key))
        if record is not None:
            record.state, record.status_code = "done", stored.status_code
            record.headers_json, record.body = json.dumps(stored.headers), stored.body
            session.add(record)


def release(engine: Engine, principal: str, key: str) -> None:
    """Forget a reservation whose request failed (server error): the client may retry."""
    with session_scope(engine) as session:
        record = session.get(IdempotencyRecord, (principal, key))
        if record is not None:
            session.delete(record)


def purge_expired(engine: Engine) -> int:
    """Delete records older than a day; returns how many."""
    with session_scope(engine) as session:
        return session.execute(
            delete(IdempotencyRecord).where(col(IdempotencyRecord.created_at) < utcnow() - KEEP_FOR)
        ).rowcount
