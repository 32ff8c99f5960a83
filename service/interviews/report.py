"""The interviewer's report of an interview: every answer with its full breakdown or code
result, all reviews (history kept), and the audit trail."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from service.interviews.reviews import review_view
from service.interviews.services import Services
from service.interviews.summary import interview_view
from service.store import audit
from service.store.models import Candidate, Interview, Result, Review, Submission


def _submission_view(submission: Submission, result: Result, reviews: list[Review]) -> dict:
    return {
        "submission_id": submission.id,
        "scenario_id": submission.scenario_id,
        "kind": submission.kind,
        "received_at": submission.received_at.isoformat(),
        "body": submission.body,
        "result": {
            "id": result.id,
            "status": result.status,
            "score": result.score,
            "passed": result.passed,
            "content_version": result.content_version,
            "engine_version": result.engine_version,
            "detail": result.detail,
        },
        "reviews": [review_view(r, result) for r in reviews],
    }


def interview_report(session: Session, services: Services, interview: Interview) -> dict:
    """Everything an interviewer needs: status and scores, each submission (latest last) with
    its breakdown or code result and reviews, and the audit trail."""
    rows = session.exec(
        select(Submission, Result)
        .join(Result, col(Result.submission_id) == col(Submission.id))
        .where(Submission.interview_id == interview.id, Submission.org_id == interview.org_id)
        .order_by(col(Submission.received_at), col(Submission.id))
    ).all()
    result_ids = [result.id for _, result in rows]
    reviews: dict[str, list[Review]] = {}
    if result_ids:
        for review in session.exec(
            select(Review)
            .where(col(Review.result_id).in_(result_ids), Review.org_id == interview.org_id)
            .order_by(col(Review.created_at), col(Review.id))
        ).all():
            reviews.setdefault(review.result_id, []).append(review)
    candidate = session.get(Candidate, interview.candidate_id)
    report: dict[str, Any] = interview_view(session, interview, services.bank)
    report.update(
        candidate={"id": candidate.id, "name": candidate.name, "email": candidate.email}
        if candidate else None,
        submissions=[_submission_view(s, r, reviews.get(r.id, [])) for s, r in rows],
        audit=[audit.event_view(e) for e in audit.for_interview(session, interview.org_id,
                                                                 interview.id)],
        report_url=services.report_url(interview.id),
    )
    return report
