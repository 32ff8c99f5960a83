"""`grader grade-code SCENARIO_ID FILE [--json]` grades a file in the real sandbox."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from service.cli import main
from tests.runner.demo_tasks import TOTALS_REFERENCE, TOTALS_WRONG, totals_task, write_bank

pytestmark = pytest.mark.sandbox


@pytest.fixture
def demo_bank(tmp_path, monkeypatch):
    scenarios, rubrics = write_bank(tmp_path / "content", [totals_task()])
    monkeypatch.setenv("GRADER_SCENARIOS_DIR", str(scenarios))
    monkeypatch.setenv("GRADER_RUBRICS_DIR", str(rubrics))
    return tmp_path


def run(tmp_path, code: str, *args: str):
    solution = tmp_path / "solution.py"
    solution.write_text(code)
    return CliRunner().invoke(main, ["grade-code", "demo-totals", str(solution), *args])


def test_json_output_has_verdict_points_and_tests_and_exit_0_when_accepted(demo_bank):
    result = run(demo_bank, TOTALS_REFERENCE, "--json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["verdict"] == "accepted"
    assert (body["points"], body["max_points"]) == (5.0, 5.0)
    assert [t["name"] for t in body["tests"]] == ["two customers", "one customer", "many rows"]


def test_text_output_shows_the_visible_diff_and_exits_1_on_a_wrong_answer(demo_bank):
    result = run(demo_bank, TOTALS_WRONG)
    assert result.exit_code == 1
    assert "verdict: wrong_answer  points: 2/5" in result.stdout
    assert "FAIL two customers: wrong_answer" in result.stdout
    assert "total=4.5" in result.stdout
    assert "PASS hidden one customer" in result.stdout


def test_unknown_scenario_is_an_error_naming_it(demo_bank):
    solution = demo_bank / "solution.py"
    solution.write_text(TOTALS_REFERENCE)
    result = CliRunner().invoke(main, ["grade-code", "nope", str(solution)])
    assert result.exit_code == 1
    assert "no scenario with id 'nope'" in result.output
