"""Verdicts per kind, per-test points and what candidates may see, on the real sandbox."""

from __future__ import annotations

import sys

import pytest

from service.runner import grade
from service.runner.grader import PYTHON_UDF_MESSAGE
from service.runner.verdicts import Verdict
from service.settings import PROJECT_ROOT
from tests.runner.demo_tasks import (
    JOBS_IN_MEMORY,
    TOTALS_REFERENCE,
    TOTALS_WITH_UDF,
    TOTALS_WRONG,
    totals_task,
    upsert_task,
)
from tests.runner.sandboxed import run_totals, settings

pytestmark = pytest.mark.sandbox

HOST_PATHS = (str(PROJECT_ROOT), sys.prefix, sys.base_prefix, "site-packages", "/grader/")


def assert_no_host_paths(text: str) -> None:
    for path in HOST_PATHS:
        assert path not in text, path


def test_reference_solution_is_accepted_with_all_points():
    result = run_totals(TOTALS_REFERENCE)
    assert result.verdict is Verdict.accepted, result
    assert (result.points, result.max_points) == (5, 5)
    assert [t.verdict for t in result.tests] == [Verdict.accepted] * 3
    assert [t.hidden for t in result.tests] == [False, True, True]


def test_wrong_solution_gets_wrong_answer_with_a_diff_on_the_visible_test_only():
    result = run_totals(TOTALS_WRONG)
    assert result.verdict is Verdict.wrong_answer
    visible, one_row, many_rows = result.tests
    assert visible.verdict is Verdict.wrong_answer
    assert "total=3.0" in visible.message and "total=4.5" in visible.message
    assert one_row.verdict is Verdict.accepted and one_row.points == 2  # max == sum for one row
    assert many_rows.verdict is Verdict.wrong_answer and many_rows.points == 0
    assert result.points == 2
    view = result.candidate_view()
    assert "Row(" in view["tests"][0]["message"]
    assert view["tests"][2] == {"name": "many rows", "hidden": True, "passed": False,
                                "points": 0.0, "max_points": 2.0}


def test_hidden_tests_never_show_inputs_output_or_prints():
    code = TOTALS_WRONG.replace("def solve(spark, orders):",
                                "def solve(spark, orders):\n    print(orders.collect())")
    view = run_totals(code).candidate_view()
    hidden_text = str(view["tests"][1:])
    assert "'z'" not in hidden_text and "1.25" not in hidden_text and "Row(" not in hidden_text
    assert "customer='a'" in view["tests"][0]["stdout"]


def test_runtime_error_shows_a_trimmed_traceback_without_host_paths():
    code = "def helper(frame):\n    raise ValueError('boom')\n\n\n" \
           "def solve(spark, orders):\n    return helper(orders)\n"
    result = run_totals(code)
    assert result.verdict is Verdict.runtime_error
    message = result.tests[0].message
    assert 'File "solution.py", line 6, in solve' in message
    assert 'File "solution.py", line 2, in helper' in message
    assert message.rstrip().endswith("ValueError: boom")
    assert "harness" not in message
    assert_no_host_paths(message)


def test_error_inside_a_python_udf_is_a_runtime_error_without_host_paths():
    code = TOTALS_WITH_UDF.replace("return x", "return x / 0")
    result = run_totals(code)
    assert result.verdict is Verdict.runtime_error
    assert "ZeroDivisionError" in result.tests[0].message
    assert_no_host_paths(result.tests[0].message)


def test_syntax_error_fails_every_test_with_the_line():
    result = run_totals("def solve(spark, orders)\n    return orders\n")
    assert [t.verdict for t in result.tests] == [Verdict.runtime_error] * 3
    assert "SyntaxError" in result.tests[0].message and "line 1" in result.tests[0].message


def test_returning_something_else_than_a_dataframe_is_a_wrong_answer():
    result = run_totals("def solve(spark, orders):\n    return None\n")
    assert result.verdict is Verdict.wrong_answer
    assert "expected a DataFrame, got NoneType" in result.tests[0].message


def test_missing_entry_point_is_a_runtime_error_naming_it():
    result = run_totals("def answer(spark, orders):\n    return orders\n")
    assert result.verdict is Verdict.runtime_error
    assert "no function named 'solve'" in result.tests[0].message


def test_infinite_loop_is_a_time_limit_and_later_tests_are_not_run():
    result = run_totals("def solve(spark, orders):\n    while True:\n        pass\n",
                        code_timeout_seconds=5)
    assert [t.verdict for t in result.tests] == [Verdict.time_limit] * 3
    # the visible example and the hidden tests run in separate sandboxes, side by side
    assert "time limit" in result.tests[0].message and "time limit" in result.tests[1].message
    assert "not run" in result.tests[2].message
    assert 5 <= result.seconds < 10


def test_hidden_inputs_never_reach_the_run_candidates_see():
    visible = run_totals(JOBS_IN_MEMORY).tests[0]
    assert not visible.hidden
    assert visible.stdout.splitlines()[0] == "[1]"  # the job holds the one visible example
    assert "'z'" not in visible.stdout and "'c'" not in visible.stdout  # hidden customers


def test_memory_bomb_is_a_memory_limit_from_the_cgroup_oom_count():
    code = "def solve(spark, orders):\n    hoard = []\n    while True:\n" \
           "        hoard.append(bytearray(64 * 1024 * 1024))\n"
    result = run_totals(code, code_memory_mb=512)
    assert result.verdict is Verdict.memory_limit, result


def test_too_many_result_rows_is_an_output_limit():
    code = "def solve(spark, orders):\n    return spark.range(20000).selectExpr(" \
           "\"'x' AS customer\", 'CAST(id AS DOUBLE) AS total')\n"
    result = run_totals(code)
    assert result.tests[0].verdict is Verdict.output_limit
    assert "more than 10000 rows" in result.tests[0].message


def test_a_later_test_still_runs_after_an_earlier_one_fails():
    code = TOTALS_REFERENCE.replace(
        "    return", "    if orders.count() == 3:\n        raise RuntimeError('first')\n    return"
    )
    result = run_totals(code)
    assert [t.verdict for t in result.tests] == [
        Verdict.runtime_error, Verdict.accepted, Verdict.accepted
    ]
    assert result.verdict is Verdict.runtime_error and result.points == 4


def test_plan_check_rejects_a_python_udf_and_accepts_built_ins():
    scenario, rubric = totals_task(plan_checks=("no_python_udf",))
    with_udf = grade(scenario, rubric, TOTALS_WITH_UDF, settings())
    assert with_udf.verdict is Verdict.wrong_answer
    assert with_udf.tests[0].message == PYTHON_UDF_MESSAGE
    built_in = grade(scenario, rubric, TOTALS_REFERENCE, settings())
    assert built_in.verdict is Verdict.accepted, built_in


def test_delta_input_with_versions_and_table_output_on_sail():
    scenario, rubric = upsert_task()
    result = grade(scenario, rubric, rubric.code.reference_solution, settings())
    assert result.verdict is Verdict.accepted, result
    history = """\
from delta.tables import DeltaTable


def solve(spark, target, changes):
    print(DeltaTable.__module__, spark.read.format("delta").option("versionAsOf", 0)
          .load(target).count())
"""
    probe = grade(scenario, rubric, history, settings())
    assert probe.tests[0].stdout.split() == ["deltacompat.tables", "2"]


@pytest.mark.jvm
def test_delta_task_is_unsupported_on_the_jvm_engine_without_delta_jars():
    scenario, rubric = upsert_task()
    result = grade(scenario, rubric, rubric.code.reference_solution, settings(delta_jars=""),
                   engine="jvm")
    assert result.verdict is Verdict.unsupported
    assert "GRADER_DELTA_JARS" in result.message
    assert result.tests[1].message is None  # nothing about hidden tests


@pytest.mark.jvm
def test_engine_that_cannot_start_is_a_sandbox_error(monkeypatch, tmp_path):
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))  # no java there
    result = run_totals(TOTALS_REFERENCE, engine="jvm")
    assert result.verdict is Verdict.sandbox_error
    assert "did not start" in result.tests[0].message


def test_a_forged_malformed_report_is_a_runtime_error_not_a_grader_crash():
    code = (
        "import os, sys\n"
        "def solve(spark, orders):\n"
        "    os.write(int(sys.argv[1]), b'{\"event\": \"test\", \"index\": 0, \"status\": "
        "\"error\"}\\n')\n"
        "    return orders\n"
    )
    result = run_totals(code)
    assert result.tests[0].verdict is Verdict.runtime_error
    assert "without a readable error report" in result.tests[0].message
