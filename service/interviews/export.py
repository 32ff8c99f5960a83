"""The interviews of an organisation as CSV: one row per interview and scenario.

Rows are produced a page of interviews at a time, so an export of any size streams in bounded
memory. Cells a spreadsheet would read as a formula are neutralised (CSV injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from statistics import fmean
from typing import Any

from service.interviews.services import Services
from service.interviews.summary import ScenarioState, overall_score, scenario_states
from service.store.db import session_scope
from service.store.interviews import list_page
from service.store.models import Interview

COLUMNS = (
    "interview_id", "candidate_id", "status", "scenario_id", "kind", "answered",
    "automatic_score", "reviewed_score", "score", "passed", "code_verdict", "overall_score",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BATCH = 100


def safe_cell(value: Any) -> str:
    """A cell's text: empty for None, lower-case booleans, and a leading quote before text a
    spreadsheet would run as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _mean(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(fmean(present), 2) if present else None


def scenario_row(interview: Interview, state: ScenarioState, overall: float | None) -> list:
    """The export row of one scenario of an interview."""
    parts = list(state.parts.values())
    reviewed = any(p.review is not None for p in parts)
    passes = [p.result.passed for p in parts if p.result.passed is not None]
    code = state.parts.get("code")
    verdict = (code.result.detail or {}).get("verdict") if code else None
    return [
        interview.id, interview.candidate_id, interview.status, state.scenario_id,
        state.kind.value, bool(parts), _mean([p.result.score for p in parts]),
        state.score if reviewed else None, state.score, all(passes) if passes else None,
        verdict, overall,
    ]


def export_rows(
    services: Services, org_id: str, *, status: str | None = None,
    candidate_id: str | None = None,
) -> Iterator[list]:
    """Every matching interview's rows, newest interview first, scenarios in order."""
    after: Interview | None = None
    while True:
        rows = []
        with session_scope(services.db) as session:
            interviews, after = list_page(session, org_id, status=status,
                                          candidate_id=candidate_id, limit=BATCH, after=after)
            for interview in interviews:
                states = scenario_states(session, interview, services.bank)
                overall = overall_score(interview, states)
                rows.extend(scenario_row(interview, state, overall) for state in states)
        yield from rows  # the session is closed while the caller writes the page out
        if after is None:
            return


def csv_lines(rows: Iterator[list]) -> Iterator[str]:
    """The header and then each row as one CSV line of safe cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    yield _take(buffer)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
        yield _take(buffer)


def _take(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
