"""The scoring core of a regrade: batches of stored answers in, batches of outcomes out.

It runs inside Spark executors (through `mapInPandas`) or in a plain loop, so it takes and
returns pandas DataFrames and gets everything it needs as data: a *pack* (a JSON-able dict) with
the engine version the driver runs and, per scenario, the rubric as JSON, the question and the
content version. The executor refuses to score when its engine version differs from the driver's.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pandas as pd

from service.content.bank import Bank
from service.content.models import Rubric
from service.scoring import ENGINE_VERSION, Breakdown, score_answer

# columns of the staged answers (see service/regrade/source.py)
ANSWER_COLUMNS = (
    "submission_id", "result_id", "org_id", "interview_id", "scenario_id", "body", "old_score",
    "old_passed", "old_content_version", "old_engine_version", "old_detail_json",
)
# columns of an outcome, with their Spark SQL types
OUTCOME_SCHEMA = (
    "submission_id string, result_id string, org_id string, interview_id string, "
    "scenario_id string, old_score double, old_passed boolean, old_content_version string, "
    "old_engine_version string, new_score double, new_passed boolean, content_version string, "
    "criteria string, detail_json string"
)
OUTCOME_COLUMNS = tuple(part.split()[0] for part in OUTCOME_SCHEMA.split(", "))


class EngineMismatch(RuntimeError):
    """The scoring engine where the batch runs is not the driver's."""


def rubric_pack(bank: Bank, scenario_ids: Iterable[str]) -> dict[str, Any]:
    """What the executors need to score answers to `scenario_ids`: rubrics as data."""
    scenarios = {}
    for scenario_id in scenario_ids:
        entry = bank.entries[scenario_id]
        scenarios[scenario_id] = {
            "rubric": entry.rubric.model_dump_json(),
            "prompt": entry.scenario.prompt,
            "content_version": entry.version,
        }
    return {"engine_version": ENGINE_VERSION, "scenarios": scenarios}


_RUBRICS: dict[tuple[str, str], Rubric] = {}  # parsed once per process: compiled rubrics cache


def _rubric(scenario_id: str, spec: dict[str, Any]) -> Rubric:
    key = (scenario_id, spec["content_version"])
    if key not in _RUBRICS:
        _RUBRICS[key] = Rubric.model_validate_json(spec["rubric"])
    return _RUBRICS[key]


def criterion_points(detail: dict[str, Any] | None) -> dict[str, tuple[float, float]]:
    """criterion id → (points earned, points possible) of a stored breakdown."""
    if not detail:
        return {}
    return {c["id"]: (c["points_earned"], c["points_possible"]) for c in detail["criteria"]}


def _criteria_moves(old: dict[str, Any] | None, new: Breakdown) -> str:
    """JSON: criterion id → [old points or null, new points, points possible]."""
    before = criterion_points(old)
    moves = {c.id: [before.get(c.id, (None,))[0], c.points_earned, c.points_possible]
             for c in new.criteria}
    return json.dumps(moves, sort_keys=True)


def rescore_frame(frame: pd.DataFrame, pack: dict[str, Any], keep_detail: bool) -> pd.DataFrame:
    """Score every answer of `frame` (ANSWER_COLUMNS) with the pack's rubrics; OUTCOME_COLUMNS
    out. `keep_detail` adds the new breakdown as JSON (needed to store it)."""
    if pack["engine_version"] != ENGINE_VERSION:
        raise EngineMismatch(
            f"the executor runs scoring engine {ENGINE_VERSION}, the driver "
            f"{pack['engine_version']}: install the same interview-grader on both"
        )
    rows = []
    for answer in frame.itertuples(index=False):
        spec = pack["scenarios"][answer.scenario_id]
        breakdown = score_answer(_rubric(answer.scenario_id, spec), answer.body, spec["prompt"])
        old = json.loads(answer.old_detail_json) if answer.old_detail_json else None
        rows.append((
            answer.submission_id, answer.result_id, answer.org_id, answer.interview_id,
            answer.scenario_id, answer.old_score, answer.old_passed, answer.old_content_version,
            answer.old_engine_version, breakdown.score, breakdown.passed,
            spec["content_version"], _criteria_moves(old, breakdown),
            breakdown.model_dump_json() if keep_detail else None,
        ))
    return pd.DataFrame.from_records(rows, columns=list(OUTCOME_COLUMNS))


def rescorer(
    pack: dict[str, Any], keep_detail: bool
) -> Callable[[Iterator[pd.DataFrame]], Iterator[pd.DataFrame]]:
    """The `mapInPandas` function: the pack travels inside it, as data."""

    def run(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for frame in frames:
            yield rescore_frame(frame, pack, keep_detail)

    return run
