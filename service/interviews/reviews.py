"""Interviewer overrides: a review sets the score that counts, the automatic score stays."""

from __future__ import annotations

from sqlmodel import Session

from service.interviews.errors import Invalid, NotFound
from service.interviews.services import Services
from service.interviews.summary import interview_view
from service.outbox.queue import queue_event
from service.store import audit
from service.store.db import session_scope
from service.store.models import Interview, Result, Review, Submission


def result_in_org(session: Session, org_id: str, result_id: str) -> tuple[Result, Submission]:
    """The organisation's result with its submission; NotFound for anyone else's."""
    result = session.get(Result, result_id)
    if result is None or result.org_id != org_id:
        raise NotFound(f"no result with id '{result_id}'")
    return result, session.get(Submission, result.submission_id)


def add_review(
    services: Services, org_id: str, actor: str, result_id: str, score: float, reason: str
) -> Review:
    """Record an override of a graded result (score 0-100, reason required), audit it and
    queue the `result.reviewed` event."""
    reason = reason.strip()
    if not reason:
        raise Invalid("a review needs a reason", "reason")
    if not 0 <= score <= 100:
        raise Invalid("score must be between 0 and 100", "score")
    with session_scope(services.db) as session:
        result, submission = result_in_org(session, org_id, result_id)
        if result.status != "done":
            raise Invalid(f"the result is {result.status}; only graded results can be "
                          "reviewed", "result_id")
        review = Review(org_id=org_id, result_id=result.id, reviewer=actor, score=score,
                        reason=reason)
        session.add(review)
        audit.record(
            session, org_id=org_id, actor=actor, action="result.reviewed",
            subject_type="result", subject_id=result.id, interview_id=submission.interview_id,
            before={"score": result.score}, after={"score": score, "reason": reason},
        )
        session.flush()
        interview = session.get(Interview, submission.interview_id)
        queue_event(
            session, services.settings, org_id, "result.reviewed",
            {"review": review_view(review, result),
             "interview": interview_view(session, interview, services.bank)},
            interview_id=interview.id,
        )
    return review


def review_view(review: Review, result: Result) -> dict:
    """A review as JSON, with the automatic score it overrides."""
    return {
        "id": review.id,
        "result_id": review.result_id,
        "reviewer": review.reviewer,
        "score": review.score,
        "automatic_score": result.score,
        "reason": review.reason,
        "created_at": review.created_at.isoformat(),
    }
