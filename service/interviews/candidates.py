"""Registering candidates: one per e-mail address in an organisation."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from service.interviews.errors import Conflict
from service.store.candidates import create_candidate, find_by_email
from service.store.db import session_scope
from service.store.models import Candidate


@dataclass(frozen=True)
class Person:
    """What is known of a new candidate."""

    email: str
    name: str | None = None
    external_url: str | None = None


def register_candidate(db: Engine, org_id: str, person: Person, actor: str) -> Candidate:
    """Add a candidate in its own transaction; Conflict (409, field `email`) when the
    organisation already has one with that e-mail, even when both arrive at once."""
    duplicate = Conflict("a candidate with this e-mail address already exists", "email")
    try:
        with session_scope(db) as session:
            if find_by_email(session, org_id, person.email) is not None:
                raise duplicate
            return create_candidate(session, org_id, person.email, person.name, actor,
                                    person.external_url)
    except IntegrityError as exc:
        raise duplicate from exc


def find_or_register(db: Engine, org_id: str, person: Person, actor: str) -> Candidate:
    """The organisation's candidate with that e-mail, added first when there is none."""
    for _attempt in range(2):
        with session_scope(db) as session:
            existing = find_by_email(session, org_id, person.email)
        if existing is not None:
            return existing
        try:
            return register_candidate(db, org_id, person, actor)
        except Conflict:  # added by a concurrent request since the lookup: look again
            continue
    raise Conflict("the candidate could not be added", "email")
