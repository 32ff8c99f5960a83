"""The hiring portal's interview routes: invite, list, read, cancel (roles portal and admin)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from apiflask import APIBlueprint
from flask import url_for
from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from sqlmodel import Session

from service.api import deps
from service.api.auth import PORTAL, principal, token_auth
from service.api.interview_models import (
    InterviewCreatedOut,
    InterviewOut,
    InterviewPageOut,
    InterviewStatus,
)
from service.api.scenarios import decode_cursor, encode_cursor
from service.interviews import flow
from service.interviews.errors import Invalid
from service.interviews.summary import interview_view
from service.store.interviews import in_org, list_page

bp = APIBlueprint("interviews", __name__, url_prefix="/api/v1/interviews", tag="Interviews")

ID = Field(min_length=1, max_length=32)


class InterviewIn(BaseModel):
    """A new interview: the candidate, and either an assessment or explicit scenario ids."""

    model_config = ConfigDict(extra="forbid")

    candidate_id: str = ID
    assessment_id: str | None = Field(default=None, min_length=1, max_length=32)
    scenario_ids: list[str] | None = Field(
        default=None, min_length=1, max_length=50, description="in the order they are asked"
    )
    expires_at: datetime | None = Field(
        default=None, description="ISO 8601; default: now + GRADER_INVITE_TTL_HOURS"
    )


def _opaque_cursor(value: str) -> str:
    decode_cursor(value)  # ValueError (a 422 naming `cursor`) when it is not one of ours
    return value


class InterviewFilters(BaseModel):
    """Which of the organisation's interviews to include."""

    model_config = ConfigDict(extra="forbid")

    status: InterviewStatus | None = None
    candidate_id: str | None = Field(default=None, min_length=1, max_length=32)


class InterviewQuery(InterviewFilters):
    """Filters and paging of the interview list."""

    limit: int = Field(default=20, ge=1, le=100)
    cursor: Annotated[str, AfterValidator(_opaque_cursor)] | None = Field(
        default=None, max_length=200, description="next_cursor from the previous page"
    )


@bp.post("")
@bp.auth_required(token_auth, roles=PORTAL)
@bp.input(InterviewIn, arg_name="body")
@bp.output(InterviewCreatedOut, status_code=201)
@bp.doc(
    summary="Invite a candidate to an interview",
    description="Creates the interview and sends (or logs) the invite. The invite token is the "
    "last path segment of `invite_url` and the candidate's Bearer token; it is shown only here.",
    responses=[401, 403, 422],
)
def create_interview(body: InterviewIn) -> tuple[Any, ...]:
    """Create an interview for one of the organisation's candidates."""
    services = deps.services()
    interview, token = flow.create_interview(
        services, principal(), body.candidate_id, assessment_id=body.assessment_id,
        scenario_ids=body.scenario_ids, expires_at=body.expires_at,
    )
    with Session(services.db) as session:
        view = interview_view(session, interview, services.bank)
    view.update(invite_url=services.invite_url(token), invite_token=token)
    return view, 201, {"Location": url_for(".get_interview", interview_id=interview.id)}


@bp.get("")
@bp.auth_required(token_auth, roles=PORTAL)
@bp.input(InterviewQuery, location="query", arg_name="query")
@bp.output(InterviewPageOut)
@bp.doc(summary="List the organisation's interviews, newest first", responses=[401, 403, 422])
def list_interviews(query: InterviewQuery) -> dict[str, Any]:
    """A page of interviews matching the filters."""
    org_id = principal().org_id
    with Session(deps.engine()) as session:
        after = None
        if query.cursor is not None:
            after = in_org(session, org_id, decode_cursor(query.cursor))
            if after is None:
                raise Invalid("not a cursor returned by this API", "cursor")
        rows, last = list_page(session, org_id, status=query.status,
                               candidate_id=query.candidate_id, limit=query.limit, after=after)
        items = [interview_view(session, row, deps.bank()) for row in rows]
    return {"items": items, "next_cursor": encode_cursor(last.id) if last else None}


@bp.get("/<interview_id>")
@bp.auth_required(token_auth, roles=PORTAL)
@bp.output(InterviewOut)
@bp.doc(summary="An interview's status, per scenario scores and overall score",
        responses=[401, 403, 404])
def get_interview(interview_id: str) -> dict[str, Any]:
    """Status, per scenario answered?/score/passed/code verdict, overall score once finished."""
    with Session(deps.engine()) as session:
        interview = flow.get_interview(session, principal(), interview_id)
        return interview_view(session, interview, deps.bank())


@bp.post("/<interview_id>/cancel")
@bp.auth_required(token_auth, roles=PORTAL)
@bp.output(InterviewOut)
@bp.doc(summary="Cancel an open interview; its invite takes no more answers",
        responses=[401, 403, 404, 409])
def cancel_interview(interview_id: str) -> dict[str, Any]:
    """Cancel an invited or in-progress interview (409 once it has ended)."""
    services = deps.services()
    interview = flow.cancel(services, principal(), interview_id)
    with Session(services.db) as session:
        return interview_view(session, interview, services.bank)
