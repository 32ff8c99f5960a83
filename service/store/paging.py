"""Keyset pagination of an organisation's rows, oldest first, by (created_at, id).

A page ends with a position token (`<created_at ISO>|<id>`) that the API layer wraps in an
opaque cursor; rows added while a client pages through land after its position, so nothing is
skipped or repeated.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import and_, or_
from sqlmodel import Session, col

T = TypeVar("T")


def position(row: Any) -> str:
    """The token of a row's place in the order."""
    return f"{row.created_at.isoformat()}|{row.id}"


def parse_position(token: str) -> tuple[datetime, str]:
    """(created_at, id) of a token; ValueError when it is not one of ours."""
    moment, sep, row_id = token.partition("|")
    if not sep or not row_id:
        raise ValueError("not a position token")
    parsed = datetime.fromisoformat(moment)
    if parsed.tzinfo is None:
        raise ValueError("not a position token")
    return parsed, row_id


def page(
    session: Session, query: Any, model: type[T], limit: int, after: str | None
) -> tuple[list[T], str | None]:
    """Up to `limit` rows of `query` (a select of `model`) after the token `after`, and the
    token of the last one when more follow (None on the last page)."""
    created, row_id = col(model.created_at), col(model.id)  # type: ignore[attr-defined]
    if after is not None:
        moment, last_id = parse_position(after)
        query = query.where(or_(created > moment, and_(created == moment, row_id > last_id)))
    rows = list(session.exec(query.order_by(created, row_id).limit(limit + 1)).all())
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, position(rows[-1]) if more and rows else None
