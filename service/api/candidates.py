"""Candidates of the caller's organisation (portal and admin keys), and their erasure."""

from __future__ import annotations

from datetime import datetime

from apiflask import APIBlueprint, EmptySchema
from pydantic import BaseModel, ConfigDict, EmailStr, Field

from service.api import deps
from service.api.auth import PORTAL, principal, token_auth
from service.api.org_rows import page_of, row_or_404
from service.api.paging import PageQuery
from service.interviews.candidates import Person, register_candidate
from service.interviews.erasure import erase_candidate
from service.store import candidates

bp = APIBlueprint("candidates", __name__, url_prefix="/api/v1/candidates", tag="Candidates")


class CandidateIn(BaseModel):
    """A person to invite: e-mail (unique in the organisation) and optional name."""

    model_config = ConfigDict(extra="forbid")

    email: EmailStr = Field(max_length=320)
    name: str | None = Field(default=None, min_length=1, max_length=200)


class CandidateOut(BaseModel):
    """A candidate."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    email: str
    name: str | None
    external_url: str | None
    created_at: datetime


class CandidatePage(BaseModel):
    """A page of candidates, oldest first, and the cursor of the next page."""

    model_config = ConfigDict(from_attributes=True)

    items: list[CandidateOut]
    next_cursor: str | None


@bp.post("")
@bp.auth_required(token_auth, roles=PORTAL)
@bp.input(CandidateIn, arg_name="body")
@bp.output(CandidateOut, status_code=201)
@bp.doc(summary="Add a candidate", responses=[201, 400, 401, 403, 409, 422])
def create_candidate(body: CandidateIn) -> CandidateOut:
    """Add a candidate; 409 when the organisation already has one with that e-mail."""
    caller = principal()
    row = register_candidate(deps.engine(), caller.org_id,
                             Person(email=str(body.email), name=body.name), caller.actor)
    return CandidateOut.model_validate(row)


@bp.get("")
@bp.auth_required(token_auth, roles=PORTAL)
@bp.input(PageQuery, location="query", arg_name="query")
@bp.output(CandidatePage)
@bp.doc(summary="List candidates", description="Erased candidates are not listed.",
        responses=[401, 403, 422])
def list_candidates(query: PageQuery) -> CandidatePage:
    """The organisation's candidates, `limit` at a time."""
    return CandidatePage.model_validate(page_of(candidates.list_candidates, query))


@bp.get("/<candidate_id>")
@bp.auth_required(token_auth, roles=PORTAL)
@bp.output(CandidateOut)
@bp.doc(summary="One candidate", responses=[401, 403, 404])
def get_candidate(candidate_id: str) -> CandidateOut:
    """The candidate, if the caller's organisation has them and they are not erased."""
    return CandidateOut.model_validate(
        row_or_404(candidates.get_live_candidate, candidate_id, "candidate"))


@bp.delete("/<candidate_id>")
@bp.auth_required(token_auth, roles=PORTAL)
@bp.output(EmptySchema, status_code=204)
@bp.doc(
    summary="Erase a candidate",
    description="Erases the candidate's personal data (e-mail, name, profile URL) and every "
    "answer of their interviews (texts, code, breakdowns, code output); scores and statuses "
    "stay. Open interviews are cancelled and pending invite e-mails dropped. The audit records "
    "`candidate.erased` without personal data. An erased candidate is gone: a second DELETE, "
    "like a GET, answers 404.",
    responses=[204, 401, 403, 404],
)
def delete_candidate(candidate_id: str) -> tuple[str, int]:
    """Erase the candidate."""
    erase_candidate(deps.services(), principal(), candidate_id)
    return "", 204
