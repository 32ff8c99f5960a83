"""Erasing a candidate: their personal data and answers go, the fact that it happened stays.

What is erased, in one transaction:
- the candidate's e-mail, name and external (profile) URL;
- every answer of their interviews (submission bodies) and every result detail (written
  breakdowns quote the answer as evidence; code results hold its output), also on code jobs;
  scores, pass/fail and statuses stay, and a result still being graded ends as `error`;
- their interviews' Greenhouse profile URL; their open interviews are cancelled;
- invite e-mails: pending ones are deleted, sent ones keep no address or message;
- audit events about the candidate keep their shape but not the personal values, and stored
  idempotent responses that quote the e-mail address are dropped.
An audit event `candidate.erased` without personal data records the erasure. Erased candidates
are gone from the candidates API (404), so erasing twice is a 404.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, or_, update
from sqlmodel import Session, col, select

from service.interviews.errors import NotFound
from service.interviews.flow import cancel_open, finalize_if_ready
from service.interviews.services import Services
from service.store import audit
from service.store.candidates import get_live_candidate
from service.store.code_jobs import DONE, CodeJob
from service.store.db import session_scope
from service.store.keys import Principal
from service.store.models import (
    OPEN_STATUSES,
    AuditEvent,
    Delivery,
    IdempotencyRecord,
    Interview,
    Result,
    Submission,
    dumps,
    utcnow,
)

PERSONAL_FIELDS = ("email", "name", "external_url")
REDACTED = "[erased]"


@dataclass(frozen=True)
class Erasure:
    """What an erasure touched (counts only: no personal data)."""

    candidate_id: str
    interviews: int
    cancelled: int
    answers: int


def erase_candidate(services: Services, principal: Principal, candidate_id: str) -> Erasure:
    """Erase the organisation's candidate (see the module docstring); NotFound for an unknown,
    another organisation's or an already erased candidate."""
    with session_scope(services.db) as session:
        candidate = get_live_candidate(session, principal.org_id, candidate_id)
        if candidate is None:
            raise NotFound(f"no candidate with id '{candidate_id}'")
        email = candidate.email
        interviews = list(session.exec(
            select(Interview).where(Interview.org_id == principal.org_id,
                                    Interview.candidate_id == candidate.id)
        ).all())
        interview_ids = [i.id for i in interviews]
        cancelled = _close_interviews(session, interviews, principal.actor)
        answers = _erase_answers(session, principal.org_id, interview_ids)
        _erase_deliveries(session, principal.org_id, interview_ids, email)
        _redact_audit(session, principal.org_id, candidate.id)
        if email:
            session.execute(delete(IdempotencyRecord).where(
                col(IdempotencyRecord.body).contains(email, autoescape=True)))
        candidate.email = candidate.name = candidate.external_url = None
        candidate.erased_at = utcnow()
        session.add(candidate)
        erasure = Erasure(candidate.id, len(interviews), cancelled, answers)
        audit.record(session, org_id=principal.org_id, actor=principal.actor,
                     action="candidate.erased", subject_type="candidate",
                     subject_id=candidate.id,
                     after={"erased": True, "interviews": erasure.interviews,
                            "cancelled": cancelled, "answers": answers})
        session.flush()
        for interview in interviews:
            finalize_if_ready(session, services, interview)
    return erasure


def _close_interviews(session: Session, interviews: list[Interview], actor: str) -> int:
    """Cancel the open ones and forget the Greenhouse profile URL of all; how many cancelled."""
    cancelled = 0
    for interview in interviews:
        if interview.status in OPEN_STATUSES:
            cancel_open(session, interview, actor)
            cancelled += 1
        interview.partner_profile_url = None
        session.add(interview)
    return cancelled


def _erase_answers(session: Session, org_id: str, interview_ids: list[str]) -> int:
    """Blank submission bodies and result details; returns how many answers were erased."""
    if not interview_ids:
        return 0
    submission_ids = list(session.exec(
        select(Submission.id).where(Submission.org_id == org_id,
                                    col(Submission.interview_id).in_(interview_ids))
    ).all())
    if not submission_ids:
        return 0
    session.flush()
    session.execute(update(Submission).where(col(Submission.id).in_(submission_ids))
                    .values(body=None))
    session.execute(update(Result).where(col(Result.submission_id).in_(submission_ids),
                                         col(Result.status) == "pending")
                    .values(status="error", finished_at=utcnow()))
    session.execute(update(Result).where(col(Result.submission_id).in_(submission_ids))
                    .values(detail_json=None))
    session.execute(update(CodeJob).where(col(CodeJob.submission_id).in_(submission_ids))
                    .values(code=None, result_json=None, status=DONE))
    return len(submission_ids)


def _erase_deliveries(
    session: Session, org_id: str, interview_ids: list[str], email: str | None
) -> None:
    """Drop pending invite e-mails; sent ones keep neither the address nor the message."""
    to_them = col(Delivery.interview_id).in_(interview_ids)
    if email:
        to_them = or_(to_them, col(Delivery.target) == email)
    mails = (col(Delivery.org_id) == org_id, col(Delivery.channel) == "email", to_them)
    session.execute(delete(Delivery).where(*mails, col(Delivery.status) == "pending"))
    session.execute(update(Delivery).where(*mails).values(target="", payload=""))


def _redact_audit(session: Session, org_id: str, candidate_id: str) -> None:
    """Replace personal values in the audit events about the candidate."""
    events = session.exec(
        select(AuditEvent).where(AuditEvent.org_id == org_id,
                                 AuditEvent.subject_type == "candidate",
                                 AuditEvent.subject_id == candidate_id)
    ).all()
    for event in events:
        event.before_json = _redacted(event.before_json)
        event.after_json = _redacted(event.after_json)
        session.add(event)


def _redacted(stored: str | None) -> str | None:
    if stored is None:
        return None
    state: dict[str, Any] = json.loads(stored)
    return dumps({k: REDACTED if k in PERSONAL_FIELDS and v is not None else v
                  for k, v in state.items()})
