"""The interviewer's report of an interview: every answer with its full breakdown or code
result, all reviews (history kept), and the audit trail.

A regraded answer has several results: the newest counts and is shown in full with the content
and engine versions that scored it; the older ones are listed under `earlier_results`."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from service.interviews.reviews import review_view
from service.interviews.services import Services
from service.interviews.summary import interview_view, submission_rows
from service.store import audit
from service.store.models import Candidate, Interview, Result, Review, Submission


def _result_view(result: Result, full: bool) -> dict[str, Any]:
    view: dict[str, Any] = {
        "id": result.id,
        "status": result.status,
        "score": result.score,
        "passed": result.passed,
        "content_version": result.content_version,
        "engine_version": result.engine_version,
        "created_at": result.created_at.isoformat(),
    }
    if full:
        view["detail"] = result.detail
    return view


def _submission_view(
    submission: Submission, results: list[Result], reviews: dict[str, list[Review]]
) -> dict[str, Any]:
    latest = results[-1]
    pairs = sorted(
        ((review, result) for result in results for review in reviews.get(result.id, [])),
        key=lambda pair: (pair[0].created_at, pair[0].id),
    )
    return {
        "submission_id": submission.id,
        "scenario_id": submission.scenario_id,
        "kind": submission.kind,
        "received_at": submission.received_at.isoformat(),
        "body": submission.body,
        "result": _result_view(latest, full=True),
        "earlier_results": [_result_view(r, full=False) for r in results[:-1]],
        "reviews": [review_view(review, result) for review, result in pairs],
    }


def interview_report(session: Session, services: Services, interview: Interview) -> dict:
    """Everything an interviewer needs: status and scores, each submission (latest last) with
    its newest breakdown or code result, earlier results and reviews, and the audit trail."""
    grouped: dict[str, tuple[Submission, list[Result]]] = {}
    for submission, result in submission_rows(session, interview):
        grouped.setdefault(submission.id, (submission, []))[1].append(result)
    result_ids = [r.id for _, results in grouped.values() for r in results]
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
        submissions=[_submission_view(s, results, reviews) for s, results in grouped.values()],
        audit=[audit.event_view(e) for e in audit.for_interview(session, interview.org_id,
                                                                 interview.id)],
        report_url=services.report_url(interview.id),
    )
    return report
