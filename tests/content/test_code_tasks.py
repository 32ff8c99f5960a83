"""The shipped code tasks, graded by the real runner: references pass, wrong answers do not."""

from __future__ import annotations

import pytest

from service.content.bank import Entry, load_bank
from service.runner import CodeResult, Verdict, grade
from service.runner.checkers import checker_names
from service.runner.engines import get_engine
from service.runner.grader import build_job, planned_tests
from service.runner.harness.ddl import parse_ddl
from service.runner.harness.values import decode_rows
from service.settings import Settings

SETTINGS = Settings()
BANK = load_bank(SETTINGS.scenarios_dir, SETTINGS.rubrics_dir)
CODE_TASKS = [e for e in BANK.entries.values() if e.scenario.code is not None]
SEED_CODE_TASKS = {
    "cdc-mysql-to-delta",
    "late-arriving-events",
    "slow-aggregation-10tb",
    "recover-bad-load",
    "python-udf-performance",
    "stateful-streaming-alerts",
    "dbt-snapshot-scd2",
}

by_id = pytest.mark.parametrize("entry", CODE_TASKS, ids=lambda e: e.scenario.id)


def summary(result: CodeResult) -> str:
    lines = [f"{result.verdict.value} {result.points}/{result.max_points} {result.message or ''}"]
    lines += [f"  {t.verdict.value} {t.name}: {t.message or ''}" for t in result.tests]
    return "\n".join(lines)


def test_the_seed_code_tasks_are_in_the_bank():
    assert {e.scenario.id for e in CODE_TASKS} >= SEED_CODE_TASKS


@by_id
def test_code_task_has_visible_examples_and_at_least_three_hidden_tests(entry: Entry):
    assert entry.scenario.code.examples
    assert len(entry.rubric.code.tests) >= 3
    assert entry.rubric.code.wrong_solution


@by_id
def test_runner_reads_every_table_argument_and_checker_of_the_task(entry: Entry):
    task, code_rubric = entry.scenario.code, entry.rubric.code
    tests = planned_tests(task, code_rubric)
    engine = get_engine("sail", SETTINGS)

    job = build_job(task, tests, code_rubric.reference_solution, plan_check=False)

    assert len(job["tests"]) == len(tests)
    assert engine.unsupported_reason(task, [p.test for p in tests]) is None
    assert task.signature.startswith(f"def {task.entrypoint}(spark")
    uses_delta = False
    for planned in tests:
        test = planned.test
        expected = parse_ddl(test.expected.ddl)
        assert len(decode_rows(test.expected.rows, expected)) == len(test.expected.rows)
        assert test.compare.checker in checker_names()
        for name in [*test.inputs, *test.args]:
            assert name in task.signature, (test.name, name)
        if test.output.startswith("table:"):
            assert test.inputs[test.output.removeprefix("table:")].kind == "delta", test.name
        uses_delta |= any(table.kind == "delta" for table in test.inputs.values())
    assert uses_delta == ("delta" in task.requires)


@pytest.mark.sandbox
@by_id
def test_reference_solution_is_accepted_with_full_points(entry: Entry):
    result = grade(entry.scenario, entry.rubric, entry.rubric.code.reference_solution, SETTINGS)

    assert result.verdict is Verdict.accepted, summary(result)
    assert result.points == result.max_points > 0


@pytest.mark.sandbox
@by_id
def test_wrong_solution_gets_wrong_answer_with_a_reason_on_a_visible_example(entry: Entry):
    result = grade(entry.scenario, entry.rubric, entry.rubric.code.wrong_solution, SETTINGS)

    assert result.verdict is Verdict.wrong_answer, summary(result)
    visible_failures = [
        t for t in result.tests if not t.hidden and t.verdict is Verdict.wrong_answer
    ]
    assert visible_failures, summary(result)
    assert all(t.message for t in visible_failures), summary(result)
    assert result.points < result.max_points


@pytest.mark.sandbox
@by_id
def test_starter_code_is_not_accepted(entry: Entry):
    result = grade(entry.scenario, entry.rubric, entry.scenario.code.starter_code, SETTINGS)

    assert result.verdict is not Verdict.accepted, summary(result)
    assert result.points < result.max_points


@pytest.mark.sandbox
def test_python_udf_version_gives_right_rows_but_fails_the_plan_check():
    entry = BANK.get("python-udf-performance")
    assert entry is not None and "no_python_udf" in entry.rubric.code.plan_checks
    udf_version = entry.scenario.code.starter_code
    without_check = entry.rubric.model_copy(
        update={"code": entry.rubric.code.model_copy(update={"plan_checks": []})}
    )

    checked = grade(entry.scenario, entry.rubric, udf_version, SETTINGS)
    unchecked = grade(entry.scenario, without_check, udf_version, SETTINGS)

    assert unchecked.verdict is Verdict.accepted, summary(unchecked)
    assert checked.points == 0, summary(checked)
    assert all(
        t.verdict is Verdict.wrong_answer and "Python UDF" in (t.message or "")
        for t in checked.tests
    ), summary(checked)
