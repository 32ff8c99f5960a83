"""The public scenario bank: list with filters and cursor pagination, and one scenario."""

from __future__ import annotations

import base64
import binascii

from apiflask import APIBlueprint
from pydantic import BaseModel, ConfigDict, Field, field_validator

from service.api import deps
from service.content.models import Difficulty, Kind, Scenario

bp = APIBlueprint("scenarios", __name__, url_prefix="/api/v1/scenarios", tag="Scenarios")


def encode_cursor(scenario_id: str) -> str:
    """An opaque cursor pointing just after `scenario_id`."""
    return base64.urlsafe_b64encode(scenario_id.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> str:
    """The scenario id a cursor points after; ValueError when it is not one of ours."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        scenario_id = base64.b64decode(padded.encode(), altchars=b"-_", validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise ValueError("not a cursor returned by this API") from exc
    if not scenario_id:
        raise ValueError("not a cursor returned by this API")
    return scenario_id


class ScenarioQuery(BaseModel):
    """Filters and paging for the scenario list."""

    model_config = ConfigDict(extra="forbid")

    tag: str | None = Field(default=None, description="technology tag, case-insensitive")
    difficulty: Difficulty | None = None
    kind: Kind | None = None
    limit: int = Field(default=20, ge=1, le=100)
    cursor: str | None = Field(default=None, description="next_cursor from the previous page")

    @field_validator("cursor")
    @classmethod
    def _cursor_decodes(cls, value: str | None) -> str | None:
        if value is not None:
            decode_cursor(value)
        return value


class ScenarioSummary(BaseModel):
    """One item of the list: the public headline of a scenario."""

    id: str
    source_number: int
    title: str
    tags: list[str]
    difficulty: Difficulty
    kind: Kind
    time_limit_minutes: int


class ScenarioPage(BaseModel):
    """A page of scenarios and the cursor of the next page (null on the last one)."""

    items: list[ScenarioSummary]
    next_cursor: str | None


def _matches(scenario: Scenario, query: ScenarioQuery) -> bool:
    if query.tag and query.tag.casefold() not in {t.casefold() for t in scenario.tags}:
        return False
    if query.difficulty and scenario.difficulty is not query.difficulty:
        return False
    return not (query.kind and scenario.kind is not query.kind)


@bp.get("")
@bp.input(ScenarioQuery, location="query", arg_name="query")
@bp.output(ScenarioPage)
@bp.doc(summary="List scenarios (public view)")
def list_scenarios(query: ScenarioQuery) -> ScenarioPage:
    """Scenarios in source order, filtered, `limit` at a time."""
    scenarios = [s for s in deps.bank().scenarios() if _matches(s, query)]
    start = 0
    if query.cursor:
        after = decode_cursor(query.cursor)
        start = next((i + 1 for i, s in enumerate(scenarios) if s.id == after), len(scenarios))
    page = scenarios[start : start + query.limit]
    has_more = start + query.limit < len(scenarios)
    return ScenarioPage(
        items=[ScenarioSummary.model_validate(s, from_attributes=True) for s in page],
        next_cursor=encode_cursor(page[-1].id) if page and has_more else None,
    )


@bp.get("/<scenario_id>")
@bp.output(Scenario)
@bp.doc(summary="One scenario (public view: never the rubric)", responses=[404])
def get_scenario(scenario_id: str) -> Scenario:
    """The candidate-visible scenario."""
    return deps.entry_or_404(scenario_id).scenario
