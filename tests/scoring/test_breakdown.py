"""The breakdown: JSON shape, determinism, and the candidate view that never leaks the rubric."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from service.scoring import ENGINE_VERSION, score_answer
from service.scoring.compiled import compile_rubric
from tests.scoring.builders import concept, criterion, misconception, rubric

RUBRIC = rubric(
    criterion(
        "capture",
        [concept("Debezium", aliases=["binlog reader"]), concept("schema registry")],
    ),
    criterion("apply", [concept("MERGE", aliases=["upsert"]), concept("watermark")]),
    misconceptions=(misconception("overwrite", [["overwrite"], ["every hour", "hourly"]]),),
)
ANSWER = (
    "A binlog reader publishes changes; we overwrite the table every hour. I would not use "
    "a schema registry. MERGE with a watermarkng keeps it idempotent."
)


def test_json_has_the_documented_top_level_keys_and_engine_version():
    body = score_answer(RUBRIC, ANSWER).model_dump(mode="json")
    assert {"score", "passed", "criteria", "flags", "engine_version", "misconceptions"} <= set(body)
    assert body["engine_version"] == ENGINE_VERSION
    first = body["criteria"][0]
    assert {
        "id", "title", "points_earned", "points_possible", "matched", "missing", "negated",
        "misconceptions", "feedback", "expected",
    } <= set(first)
    assert {"concept", "start", "end", "text", "kind", "similarity"} <= set(first["matched"][0])


def test_same_input_gives_the_same_bytes_across_processes():
    script = (
        "import sys; sys.path.insert(0, '.');"
        "from tests.scoring.test_breakdown import RUBRIC, ANSWER;"
        "from service.scoring import score_answer;"
        "print(score_answer(RUBRIC, ANSWER).model_dump_json())"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert outputs == {score_answer(RUBRIC, ANSWER).model_dump_json() + "\n"}


def test_candidate_view_shows_titles_points_hints_flags_and_cap_reason_only():
    view = score_answer(RUBRIC, ANSWER).candidate_view()
    assert set(view) == {
        "score", "passed", "criteria", "misconceptions", "flags", "capped", "engine_version"
    }
    assert view["criteria"][0] == {
        "title": "Title of capture",
        "points_earned": 5.0,
        "points_possible": 10.0,
        "feedback": "Hint for capture",
    }
    assert view["misconceptions"] == [{"feedback": "Reconsider claim 2.", "deduction": 5.0}]


def test_candidate_view_never_contains_terms_aliases_or_signals():
    text = json.dumps(score_answer(RUBRIC, ANSWER).candidate_view()).casefold()
    secrets = ["debezium", "binlog", "schema registry", "merge", "upsert", "watermark"]
    secrets += ["overwrite", "every hour", "interviewer note"]
    assert [s for s in secrets if s in text] == []


def test_compiled_rubric_is_reused_for_the_same_rubric_object():
    assert compile_rubric(RUBRIC) is compile_rubric(RUBRIC)
