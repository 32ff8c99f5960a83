"""The interviewer's routes: the full report, score overrides and the CSV export (roles
interviewer and admin)."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint
from flask import Response, stream_with_context
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session

from service.api import deps
from service.api.auth import INTERVIEWER, principal, token_auth
from service.api.interview_models import ReportOut, ReviewOut, response_doc
from service.api.interviews import InterviewFilters
from service.interviews import flow, reviews
from service.interviews.export import csv_lines, export_rows
from service.interviews.report import interview_report
from service.store.models import Result

bp = APIBlueprint("reports", __name__, url_prefix="/api/v1", tag="Reports")

CSV_RESPONSE = response_doc("One row per interview and scenario, newest interview first.",
                            "text/csv", {"type": "string"})


class ReviewIn(BaseModel):
    """An override of a graded result's score; the automatic score is kept beside it."""

    model_config = ConfigDict(extra="forbid")

    score: float = Field(ge=0, le=100)
    reason: str = Field(min_length=1, max_length=5000, description="why the score changes")


@bp.get("/interviews/export.csv")
@bp.auth_required(token_auth, roles=INTERVIEWER)
@bp.input(InterviewFilters, location="query", arg_name="filters")
@bp.doc(summary="Export interviews as CSV", responses={200: CSV_RESPONSE, 401: "Unauthorized",
                                                         403: "Forbidden", 422: "Invalid"})
def export_csv(filters: InterviewFilters) -> Response:
    """Stream the organisation's interviews (filtered like the list) as CSV."""
    rows = export_rows(deps.services(), principal().org_id, status=filters.status,
                       candidate_id=filters.candidate_id)
    return Response(
        stream_with_context(csv_lines(rows)), mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="interviews.csv"'},
    )


@bp.get("/interviews/<interview_id>/report")
@bp.auth_required(token_auth, roles=INTERVIEWER)
@bp.output(ReportOut)
@bp.doc(summary="The full report of an interview", responses=[401, 403, 404],
        description="Every answer with its breakdown and evidence or its code result with "
        "every test, all reviews, and the audit trail.")
def get_report(interview_id: str) -> dict[str, Any]:
    """The interviewer's report."""
    services = deps.services()
    with Session(services.db) as session:
        interview = flow.get_interview(session, principal(), interview_id)
        return interview_report(session, services, interview)


@bp.post("/results/<result_id>/reviews")
@bp.auth_required(token_auth, roles=INTERVIEWER)
@bp.input(ReviewIn, arg_name="body")
@bp.output(ReviewOut, status_code=201)
@bp.doc(summary="Override a result's score", responses=[401, 403, 404, 422])
def create_review(result_id: str, body: ReviewIn) -> dict[str, Any]:
    """Record a review (score and reason); the score that counts becomes the reviewed one."""
    caller = principal()
    services = deps.services()
    review = reviews.add_review(services, caller.org_id, caller.actor, result_id, body.score,
                                body.reason)
    with Session(services.db) as session:
        return reviews.review_view(review, session.get(Result, review.result_id))
