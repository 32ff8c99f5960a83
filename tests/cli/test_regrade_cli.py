"""`grader regrade` and `grader analytics` on stored answers (the in-process loop engine; the
Spark engines are compared with it in tests/regrade/test_regrade_spark.py)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from service.cli import main
from service.store.models import Result
from tests.regrade.answers import count_rows
from tests.regrade.conftest import SCENARIO


@pytest.fixture
def env(stored, monkeypatch):
    """The CLI's settings point at the stored answers and the changed rubric copy."""
    stored.changed_bank()
    monkeypatch.setenv("GRADER_DATABASE_URL", stored.settings.database_url)
    monkeypatch.setenv("GRADER_SCENARIOS_DIR", str(stored.settings.scenarios_dir))
    monkeypatch.setenv("GRADER_RUBRICS_DIR", str(stored.rubrics_dir))
    return stored


def test_regrade_prints_the_drift_as_json_and_plots_the_changes(env, tmp_path):
    plot = tmp_path / "drift.png"
    result = CliRunner().invoke(main, ["regrade", "--engine", "loop", "--scenario", SCENARIO,
                                       "--json", "--plot", str(plot)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["answers"], report["new_results"], report["applied"]) == (8, 0, False)
    (scenario,) = report["scenarios"]
    assert {m["submission_id"] for m in scenario["biggest_movers"]} == env.with_alias
    assert plot.read_bytes().startswith(b"\x89PNG")


def test_regrade_apply_stores_and_says_so(env):
    before = count_rows(env.services, Result)
    result = CliRunner().invoke(main, ["regrade", "--engine", "loop", "--apply"])
    assert result.exit_code == 0, result.output
    assert "9 answers regraded on loop; 8 new results stored" in result.output
    assert "resilience" in result.output
    assert count_rows(env.services, Result) == before + 8


def test_regrade_names_an_unknown_scenario(env):
    result = CliRunner().invoke(main, ["regrade", "--engine", "loop", "--scenario", "nope"])
    assert result.exit_code == 2 and "--scenario" in result.output and "nope" in result.output


def test_analytics_prints_json_and_saves_a_chart_per_scenario(env, tmp_path):
    result = CliRunner().invoke(main, ["analytics", "--engine", "loop", "--json", "--plot",
                                       str(tmp_path / "charts")])
    assert result.exit_code == 0, result.output
    items = {item["scenario_id"]: item for item in json.loads(result.output)}
    assert items[SCENARIO]["n"] == 8 and items["star-schema-design"]["n"] == 1
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == [
        f"{SCENARIO}.png", "star-schema-design.png"]
    text = CliRunner().invoke(main, ["analytics", "--engine", "loop", "--scenario", SCENARIO])
    assert "difficulty" in text.output and "discrimination" in text.output
