"""Stateless try-out scoring of a written answer."""

from __future__ import annotations

from apiflask import APIBlueprint, abort
from pydantic import BaseModel, ConfigDict, Field

from service.api import deps
from service.api.auth import is_interviewer, token_auth
from service.content.models import Kind
from service.scoring import score_answer

bp = APIBlueprint("scoring", __name__, url_prefix="/api/v1/scenarios", tag="Scoring")

MAX_ANSWER_CHARS = 50_000


class AnswerIn(BaseModel):
    """A written answer to score."""

    model_config = ConfigDict(extra="forbid")

    answer: str = Field(min_length=1, max_length=MAX_ANSWER_CHARS)


@bp.post("/<scenario_id>/score")
@bp.auth_required(token_auth, optional=True)
@bp.input(AnswerIn, arg_name="body")
@bp.doc(
    summary="Score a written answer",
    description="Interviewers (Bearer API key) get the full breakdown with evidence; "
    "anonymous callers get the candidate view, which never reveals the rubric.",
    responses=[404, 409, 422],
)
def score(scenario_id: str, body: AnswerIn) -> dict:
    """Score `answer` against the scenario's rubric."""
    entry = deps.entry_or_404(scenario_id)
    if entry.scenario.kind is Kind.code:
        abort(409, detail=f"Scenario '{scenario_id}' has no written part; submit code instead.")
    breakdown = score_answer(entry.rubric, body.answer, question=entry.scenario.prompt)
    view = breakdown.model_dump(mode="json") if is_interviewer() else breakdown.candidate_view()
    return {**view, "scenario_id": scenario_id, "content_version": entry.version}
