"""Listing an organisation's interviews: filtered, newest first, in keyset pages.

The page position is the id of the last interview returned; the next page holds the interviews
ordered after it by (created_at, id) descending, so rows created while a client pages through
never shift the pages it has still to read.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Engine, and_, bindparam, or_
from sqlmodel import Session, col, select

from service.store.models import Interview


class AnswerTarget(NamedTuple):
    """What answering an interview needs of it: whose it is, its state and its scenarios."""

    id: str
    org_id: str
    status: str
    expires_at: datetime
    scenario_ids_json: str

    @classmethod
    def of(cls, interview: Interview) -> AnswerTarget:
        """The answer target of an interview already loaded."""
        return cls(interview.id, interview.org_id, interview.status, interview.expires_at,
                   interview.scenario_ids_json)


_COLUMNS = Interview.__table__.c
# The interview columns an AnswerTarget is made of, in its fields' order.
ANSWER_TARGET_COLUMNS = tuple(_COLUMNS[name] for name in AnswerTarget._fields)
# A Core statement built once: every answer looks its interview up.
_ANSWER_TARGET = select(*ANSWER_TARGET_COLUMNS).where(
    _COLUMNS.id == bindparam("interview_id"), _COLUMNS.org_id == bindparam("org_id"))


def answer_target(engine: Engine, org_id: str, interview_id: str) -> AnswerTarget | None:
    """The organisation's interview with that id, only the columns an answer needs, read on a
    plain connection (no session, no ORM object)."""
    with engine.connect() as connection:
        row = connection.execute(
            _ANSWER_TARGET, {"interview_id": interview_id, "org_id": org_id}
        ).first()
    return AnswerTarget(*row) if row is not None else None


def in_org(session: Session, org_id: str, interview_id: str) -> Interview | None:
    """The organisation's interview with that id (None for another organisation's)."""
    interview = session.get(Interview, interview_id)
    return interview if interview is not None and interview.org_id == org_id else None


def list_page(
    session: Session,
    org_id: str,
    *,
    status: str | None = None,
    candidate_id: str | None = None,
    limit: int = 20,
    after: Interview | None = None,
) -> tuple[list[Interview], Interview | None]:
    """Up to `limit` of the organisation's interviews after `after`, newest first, and the
    last one returned when more follow (None on the last page)."""
    created, row_id = col(Interview.created_at), col(Interview.id)
    query = select(Interview).where(Interview.org_id == org_id)
    if status is not None:
        query = query.where(Interview.status == status)
    if candidate_id is not None:
        query = query.where(Interview.candidate_id == candidate_id)
    if after is not None:
        query = query.where(or_(created < after.created_at,
                                and_(created == after.created_at, row_id < after.id)))
    rows = list(session.exec(query.order_by(created.desc(), row_id.desc()).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, rows[-1] if more and rows else None
