"""Every reference solution the JVM engine supports is accepted on both engines alike."""

from __future__ import annotations

import pytest

from service.content.bank import load_bank
from service.content.models import Rubric, Scenario
from service.runner import grade
from service.runner.engines import get_engine
from service.runner.grader import planned_tests
from service.runner.verdicts import Verdict
from tests.runner.demo_tasks import totals_task
from tests.runner.sandboxed import settings

pytestmark = [pytest.mark.sandbox, pytest.mark.jvm]


def _jvm_supported() -> list[tuple[Scenario, Rubric]]:
    config = settings()
    bank = load_bank(config.scenarios_dir, config.rubrics_dir)
    jvm = get_engine("jvm", config)
    tasks = [totals_task()]
    for entry in bank.entries.values():
        scenario, rubric = entry.scenario, entry.rubric
        if scenario.code is None or rubric.code is None:
            continue
        tests = [planned.test for planned in planned_tests(scenario.code, rubric.code)]
        if jvm.unsupported_reason(scenario.code, tests) is None:
            tasks.append((scenario, rubric))
    return tasks


TASKS = _jvm_supported()


@pytest.mark.parametrize(("scenario", "rubric"), TASKS, ids=[s.id for s, _ in TASKS])
def test_reference_solution_is_accepted_on_sail_and_on_the_jvm(scenario, rubric):
    results = {
        engine: grade(scenario, rubric, rubric.code.reference_solution, settings(),
                      engine=engine)
        for engine in ("sail", "jvm")
    }
    for engine, result in results.items():
        assert result.verdict is Verdict.accepted, (engine, result)
        assert result.engine == engine
    assert results["sail"].points == results["jvm"].points == results["sail"].max_points
