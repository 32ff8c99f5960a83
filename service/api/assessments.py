"""Assessments of the caller's organisation (portal and admin keys)."""

from __future__ import annotations

from datetime import datetime

from apiflask import APIBlueprint
from pydantic import BaseModel, ConfigDict, Field

from service.api import deps
from service.api.auth import PORTAL, principal, token_auth
from service.api.org_rows import page_of, row_or_404
from service.api.paging import PageQuery
from service.interviews.assessments import new_assessment
from service.store import assessments
from service.store.db import session_scope
from service.store.models import Assessment

bp = APIBlueprint("assessments", __name__, url_prefix="/api/v1/assessments", tag="Assessments")


class AssessmentIn(BaseModel):
    """A named, ordered list of scenario ids from the bank."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    scenario_ids: list[str] = Field(min_length=1, max_length=50)


class AssessmentOut(BaseModel):
    """An assessment (Greenhouse calls it a test)."""

    id: str
    name: str
    scenario_ids: list[str]
    created_at: datetime

    @classmethod
    def of(cls, row: Assessment) -> AssessmentOut:
        """The view of a stored assessment."""
        return cls(id=row.id, name=row.name, scenario_ids=row.scenario_ids,
                   created_at=row.created_at)


class AssessmentPage(BaseModel):
    """A page of assessments, oldest first, and the cursor of the next page."""

    items: list[AssessmentOut]
    next_cursor: str | None


@bp.post("")
@bp.auth_required(token_auth, roles=PORTAL)
@bp.input(AssessmentIn, arg_name="body")
@bp.output(AssessmentOut, status_code=201)
@bp.doc(summary="Create an assessment", responses=[201, 400, 401, 403, 422])
def create_assessment(body: AssessmentIn) -> AssessmentOut:
    """Store the assessment after checking every scenario id against the bank."""
    caller = principal()
    with session_scope(deps.engine()) as session:
        row = new_assessment(session, deps.bank(), caller.org_id, body.name, body.scenario_ids,
                             caller.actor)
    return AssessmentOut.of(row)


@bp.get("")
@bp.auth_required(token_auth, roles=PORTAL)
@bp.input(PageQuery, location="query", arg_name="query")
@bp.output(AssessmentPage)
@bp.doc(summary="List assessments", responses=[401, 403, 422])
def list_assessments(query: PageQuery) -> AssessmentPage:
    """The organisation's assessments, `limit` at a time."""
    page = page_of(assessments.list_assessments, query)
    return AssessmentPage(items=[AssessmentOut.of(r) for r in page["items"]],
                          next_cursor=page["next_cursor"])


@bp.get("/<assessment_id>")
@bp.auth_required(token_auth, roles=PORTAL)
@bp.output(AssessmentOut)
@bp.doc(summary="One assessment", responses=[401, 403, 404])
def get_assessment(assessment_id: str) -> AssessmentOut:
    """The assessment, if it belongs to the caller's organisation."""
    return AssessmentOut.of(row_or_404(assessments.get_assessment, assessment_id, "assessment"))
