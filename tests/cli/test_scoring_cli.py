"""`grader score` and `grader eval` from the shell."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from service.cli import main

SCENARIO = {
    "id": "demo-cdc",
    "source_number": 1,
    "title": "Replicate MySQL",
    "prompt": "How would you replicate MySQL changes into Delta?",
    "context": "Ten tables, one million changes a day.",
    "tags": ["cdc"],
    "difficulty": "easy",
    "kind": "written",
    "time_limit_minutes": 20,
}
RUBRIC = {
    "id": "demo-cdc",
    "reference_answer": "Debezium reads the binlog into Kafka, and MERGE applies it to Delta.",
    "pass_score": 60,
    "criteria": [
        {
            "id": "capture",
            "title": "Capture changes",
            "points": 10,
            "concepts": [{"term": "Debezium"}, {"term": "binlog"}, {"term": "Kafka"}],
            "feedback": "How do changes leave MySQL?",
            "expected": "Log-based CDC.",
        },
        {
            "id": "apply",
            "title": "Apply changes",
            "points": 10,
            "concepts": [{"term": "MERGE"}],
            "feedback": "How do changes land?",
            "expected": "An idempotent upsert.",
        },
    ],
}
GOOD = "Debezium tails the binlog and publishes to Kafka; a job will MERGE each batch."


@pytest.fixture
def bank(tmp_path, monkeypatch):
    for folder, doc in (("scenarios", SCENARIO), ("rubrics", RUBRIC)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "demo-cdc.yaml").write_text(yaml.safe_dump(doc))
    monkeypatch.setenv("GRADER_SCENARIOS_DIR", str(tmp_path / "scenarios"))
    monkeypatch.setenv("GRADER_RUBRICS_DIR", str(tmp_path / "rubrics"))
    return tmp_path


def test_score_json_prints_the_breakdown(bank):
    answer = bank / "answer.txt"
    answer.write_text(GOOD)
    result = CliRunner().invoke(main, ["score", "demo-cdc", str(answer), "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert {"score", "passed", "criteria", "flags", "engine_version"} <= set(body)
    assert (body["score"], body["passed"]) == (100.0, True)


def test_score_reads_stdin_and_prints_a_table(bank):
    result = CliRunner().invoke(main, ["score", "demo-cdc", "-"], input="Only Kafka, never MERGE.")
    assert result.exit_code == 0, result.output
    assert "score 16.67 / 100  (FAIL, pass at 60)" in result.stdout
    assert "- missing: Debezium, binlog" in result.stdout
    assert "~ MERGE: 'MERGE' negated by 'never'" in result.stdout


def test_score_table_shows_the_words_of_an_idea_match_and_why_a_score_is_capped(bank):
    rubric = dict(RUBRIC, criteria=[dict(RUBRIC["criteria"][0], concepts=[
        {"term": "binlog", "ideas": ["transaction|change + log + read|tail"]},
    ])])
    (bank / "rubrics" / "demo-cdc.yaml").write_text(yaml.safe_dump(rubric))
    result = CliRunner().invoke(main, ["score", "demo-cdc", "-"], input="Tail the change log.")
    assert result.exit_code == 0, result.output
    assert "+ binlog: 'Tail the change log' [0:19] (idea: Tail + change + log)" in result.stdout
    result = CliRunner().invoke(main, ["score", "demo-cdc", "-"], input="Kafka.")
    assert "capped at 30: too short: 1 word where at least 4 are expected" in result.stdout


def test_grader_imports_no_evaluation_runner_or_server_libraries_to_start():
    code = (
        "import sys, service.cli; heavy = ('scipy', 'sklearn', 'matplotlib', 'pyspark', "
        "'granian', 'sqlalchemy', 'spacy'); print([m for m in heavy if m in sys.modules])"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        cwd=Path(__file__).parents[2],
    )
    assert found.stdout.strip() == "[]"


def test_score_unknown_scenario_is_a_usage_error(bank):
    result = CliRunner().invoke(main, ["score", "no-such-id", "-"], input="x")
    assert result.exit_code == 2
    assert "no scenario with id 'no-such-id'" in result.output


def graded_file(tmp_path, name: str = "data.jsonl"):
    rows = [
        ("Debezium reads the binlog", 1.0, "correct"),
        ("Debezium reads the binlog into Kafka", 1.0, "correct"),
        ("it does not read the binlog", 0.0, "contradictory"),
        ("copy files by hand", 0.0, "incorrect"),
    ]
    path = tmp_path / name
    path.write_text(
        "\n".join(
            json.dumps(
                {
                    "question_id": "q1",
                    "question": "How do you capture changes?",
                    "reference_answers": ["Debezium reads the binlog"],
                    "answer": answer,
                    "score": score,
                    "max_score": 1.0,
                    "label": label,
                }
            )
            for answer, score, label in rows
        )
    )
    return path


def test_eval_json_prints_one_object_with_engine_and_baseline_metrics(tmp_path):
    result = CliRunner().invoke(main, ["eval", str(graded_file(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    keys = {"n", "pearson", "spearman", "qwk", "rmse", "accuracy", "weighted_f1", "threshold"}
    assert set(body) == keys | {"baseline"} and set(body["baseline"]) == keys
    assert body["n"] == 4
    assert "no --train given" in result.stderr


def test_eval_text_reports_label_means_and_saves_a_plot(tmp_path):
    plot = tmp_path / "scatter.png"
    data = graded_file(tmp_path)
    train = graded_file(tmp_path, "train.jsonl")
    result = CliRunner().invoke(
        main, ["eval", str(data), "--train", str(train), "--plot", str(plot)]
    )
    assert result.exit_code == 0, result.output
    assert "learnt on --train" in result.stdout
    assert "contradictory" in result.stdout and "Pearson r gain" in result.stdout
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_eval_bad_line_is_a_usage_error_naming_the_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"question_id": "q"}\n')
    result = CliRunner().invoke(main, ["eval", str(bad)])
    assert result.exit_code == 2
    assert "bad.jsonl:1: question: Field required" in result.output
