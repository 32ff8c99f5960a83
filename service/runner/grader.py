"""Grade one submission: the visible examples in one sandbox run and the hidden tests in
another (side by side), then a verdict and points per test computed outside the sandbox.

Hidden inputs never enter the run whose errors, prints and diffs candidates see, so candidate
code cannot read them there and echo them back through a visible test."""

from __future__ import annotations

import logging
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from pyspark.sql.types import StructType

from service.content.models import CodeRubric, CodeTask, CodeTest, InputTable, Rubric, Scenario
from service.runner.checkers import Table, get_checker
from service.runner.engines import get_engine
from service.runner.harness.ddl import parse_ddl
from service.runner.harness.values import decode_rows, encode_rows
from service.runner.isolation import Sandbox, open_sandbox
from service.runner.sandbox import INSIDE_ROOT, INSIDE_WORKDIR, RUNNER_DIR
from service.runner.supervise import RunOutcome
from service.runner.verdicts import CodeResult, TestResult, Verdict
from service.runner.warm import WarmPool
from service.settings import Settings

log = logging.getLogger("service.runner")
MAX_ROWS = 10_000
STDOUT_CHARS = 100_000
PYTHON_UDF_MESSAGE = (
    "The result's plan uses a Python UDF; this task asks for built-in Spark functions only."
)


@dataclass(frozen=True)
class PlannedTest:
    """A test with whether candidates may see it."""

    test: CodeTest
    hidden: bool


def planned_tests(task: CodeTask, code_rubric: CodeRubric) -> list[PlannedTest]:
    """Visible examples first, then hidden tests, in content order."""
    return [PlannedTest(t, False) for t in task.examples] + [
        PlannedTest(t, True) for t in code_rubric.tests
    ]


def _input_payload(table: InputTable) -> dict[str, Any]:
    schema = parse_ddl(table.ddl)

    def rows(values: list[list[Any]]) -> list[list[Any]]:
        return encode_rows(decode_rows(values, schema), schema)

    if table.kind == "delta":
        versions = [(v.mode, v.rows) for v in table.versions] or [("overwrite", table.rows)]
        return {
            "ddl": table.ddl,
            "kind": "delta",
            "versions": [{"mode": mode, "rows": rows(values)} for mode, values in versions],
        }
    return {"ddl": table.ddl, "kind": "dataframe", "rows": rows(table.rows)}


def build_job(
    task: CodeTask, tests: list[PlannedTest], code: str, plan_check: bool
) -> dict[str, Any]:
    """The job the harness reads on stdin once booted: code, inputs and args, never expected
    rows."""
    return {
        "entrypoint": task.entrypoint,
        "code": code,
        "plan_check": plan_check,
        "limits": {"stdout_chars": STDOUT_CHARS, "max_rows": MAX_ROWS},
        "tests": [
            {
                "inputs": {
                    name: _input_payload(table) for name, table in planned.test.inputs.items()
                },
                "args": planned.test.args,
                "output": planned.test.output,
            }
            for planned in tests
        ],
    }


_HOST_PATHS = sorted(
    {
        (f"{INSIDE_WORKDIR}/", ""),
        (f"{INSIDE_ROOT}/", "<runner>/"),
        (f"{RUNNER_DIR}/", "<runner>/"),
        (f"{sys.prefix}/", "<python>/"),
        (f"{sys.base_prefix}/", "<python>/"),
    },
    key=lambda pair: -len(pair[0]),
)
_TMP_DIRS = re.compile(r"/tmp/grader-unsafe-[A-Za-z0-9_]+/")


def without_host_paths(text: str) -> str:
    """`text` with the interpreter, venv, runner and work directories replaced by labels."""
    for path, label in _HOST_PATHS:
        text = text.replace(path, label)
    return _TMP_DIRS.sub("", text)


def _error_text(error: Any) -> str:
    """A candidate-facing error text; a malformed report (forged on the channel) reads as an
    unknown error instead of crashing the grader."""
    if not isinstance(error, dict):
        error = {"message": "the solution failed without a readable error report"}
    trace = error.get("traceback") or ""
    return without_host_paths(f"{trace}{error.get('type', 'Error')}: {error.get('message', '')}")


def _ending(returncode: int | None) -> str:
    """How a process ended; bubblewrap reports a child killed by signal N as 128 + N."""
    if returncode is not None and returncode < 0:
        return f"was killed by signal {-returncode}"
    if returncode is not None and returncode > 128:
        return f"was killed by signal {returncode - 128}"
    return f"exited with code {returncode}"


class _Judge:
    """Turns the harness's messages and the run's ending into per-test verdicts."""

    def __init__(
        self, outcome: RunOutcome, tests: list[PlannedTest], rubric: CodeRubric
    ) -> None:
        self.outcome = outcome
        self.tests = tests
        self.no_python_udf = "no_python_udf" in rubric.plan_checks
        self.by_index: dict[int, dict[str, Any]] = {}
        self.load_error: dict[str, Any] | None = None
        self.ready = False
        for message in outcome.messages:
            event = message["event"]
            if event == "test" and isinstance(message.get("index"), int):
                self.by_index.setdefault(message["index"], message)
            elif event == "load_error":
                self.load_error = message
            elif event == "ready":
                self.ready = True

    def _result(
        self, index: int, verdict: Verdict, message: str | None, **extra: Any
    ) -> TestResult:
        planned = self.tests[index]
        return TestResult(
            name=planned.test.name,
            hidden=planned.hidden,
            verdict=verdict,
            points=planned.test.points if verdict is Verdict.accepted else 0.0,
            max_points=planned.test.points,
            message=message,
            **extra,
        )

    def _ended_run(self) -> tuple[Verdict, str]:
        """The verdict for the test the run ended in, from how it ended."""
        outcome = self.outcome
        if not self.ready:
            return Verdict.sandbox_error, "the Spark engine did not start"
        if outcome.output_exceeded:
            return Verdict.output_limit, "the output (stdout, stderr or result) exceeded its cap"
        if outcome.oom_kills:
            return Verdict.memory_limit, "the memory limit was exceeded"
        if outcome.timed_out:
            return Verdict.time_limit, "the time limit was exceeded"
        if outcome.corrupt:
            return Verdict.runtime_error, "something other than the harness wrote on its channel"
        return Verdict.runtime_error, f"the process {_ending(outcome.returncode)} during this test"

    def _from_message(self, index: int, message: dict[str, Any]) -> TestResult:
        planned = self.tests[index]
        status = message.get("status")
        extra = {"stdout": message.get("stdout") or None, "seconds": message.get("seconds")}
        if status == "ok":
            if self.no_python_udf and message.get("python_udf"):
                return self._result(index, Verdict.wrong_answer, PYTHON_UDF_MESSAGE, **extra)
            return self._check(index, planned.test, message, extra)
        if status == "error":
            verdict = Verdict.memory_limit if self.outcome.oom_kills else Verdict.runtime_error
            return self._result(index, verdict, _error_text(message.get("error")), **extra)
        if status == "bad_return":
            text = f"{planned.test.output}: expected a DataFrame, got {message.get('returned')}"
            return self._result(index, Verdict.wrong_answer, text, **extra)
        if status == "output_limit":
            detail = message.get("detail") or "the output exceeded its cap"
            return self._result(index, Verdict.output_limit, detail, **extra)
        log.warning("harness failed on test %s: %s", index, message.get("error"))
        return self._result(index, Verdict.sandbox_error, "the grader failed to prepare inputs")

    def _check(
        self, index: int, test: CodeTest, message: dict[str, Any], extra: dict[str, Any]
    ) -> TestResult:
        expected_schema = parse_ddl(test.expected.ddl)
        expected = Table(expected_schema, decode_rows(test.expected.rows, expected_schema))
        try:
            schema = StructType.fromJson(message["schema"])
            actual = Table(schema, decode_rows(message["rows"], schema))
        except (KeyError, TypeError, ValueError) as error:
            text = f"the result could not be read: {error}"
            return self._result(index, Verdict.runtime_error, text, **extra)
        outcome = get_checker(test.compare.checker)(actual, expected, test.compare)
        verdict = Verdict.accepted if outcome.passed else Verdict.wrong_answer
        return self._result(index, verdict, outcome.diff, **extra)

    def results(self) -> list[TestResult]:
        """One result per planned test, in order."""
        if self.load_error is not None:
            verdict = Verdict.runtime_error
            if self.load_error.get("output_limit"):
                verdict = Verdict.output_limit
            text = _error_text(self.load_error.get("error"))
            return [self._result(i, verdict, text) for i in range(len(self.tests))]
        results, ended = [], None
        for index in range(len(self.tests)):
            if index in self.by_index:
                results.append(self._from_message(index, self.by_index[index]))
            elif ended is None:
                ended = (index, *self._ended_run())
                results.append(self._result(index, ended[1], ended[2]))
            else:
                text = f"not run: the run ended during test {self.tests[ended[0]].test.name!r}"
                results.append(self._result(index, ended[1], text))
        return results


def judge(
    runs: list[tuple[RunOutcome, list[PlannedTest]]], code_rubric: CodeRubric, engine: str
) -> CodeResult:
    """The graded submission from its runs (each an outcome and the tests it ran): per-test
    verdicts; overall, the first failing test's verdict."""
    results = [r for outcome, tests in runs for r in _Judge(outcome, tests, code_rubric).results()]
    failing = next((r for r in results if not r.passed), None)
    return CodeResult(
        verdict=failing.verdict if failing else Verdict.accepted,
        points=sum(r.points for r in results),
        max_points=sum(r.max_points for r in results),
        tests=results,
        engine=engine,
        seconds=round(max(outcome.seconds for outcome, _ in runs), 3),
    )


def unsupported(tests: list[PlannedTest], engine: str, reason: str) -> CodeResult:
    """The result when the engine cannot run the task at all."""
    return CodeResult(
        verdict=Verdict.unsupported,
        points=0.0,
        max_points=sum(p.test.points for p in tests),
        tests=[
            TestResult(
                name=p.test.name, hidden=p.hidden, verdict=Verdict.unsupported, points=0.0,
                max_points=p.test.points, message=reason if not p.hidden else None,
            )
            for p in tests
        ],
        engine=engine,
        message=reason,
    )


def grade_submission(
    scenario: Scenario,
    rubric: Rubric,
    code: str,
    settings: Settings | None = None,
    *,
    engine: str | None = None,
    sandbox: Sandbox | None = None,
    warm: WarmPool | None = None,
) -> CodeResult:
    """Grade `code` against the scenario's code task; see service.runner.grade. Each run
    takes a sandbox from `warm` when one of the engine is waiting, else starts its own."""
    settings = settings or Settings()
    if scenario.code is None or rubric.code is None:
        raise ValueError(f"scenario {scenario.id!r} has no code task")
    spec = get_engine(engine or settings.spark_engine, settings)
    tests = planned_tests(scenario.code, rubric.code)
    reason = spec.unsupported_reason(scenario.code, [p.test for p in tests])
    if reason is not None:
        return unsupported(tests, spec.name, reason)
    sandbox = sandbox or open_sandbox(settings)
    groups = [g for g in ([p for p in tests if not p.hidden], [p for p in tests if p.hidden]) if g]

    def run(group: list[PlannedTest]) -> RunOutcome:
        job = build_job(scenario.code, group, code, bool(rubric.code.plan_checks))
        process = warm.take(spec) if warm is not None else None
        return (process or sandbox.start(spec)).run(job)

    with ThreadPoolExecutor(len(groups), thread_name_prefix="sandbox-run") as runs:
        outcomes = list(runs.map(run, groups))
    result = judge(list(zip(outcomes, groups, strict=True)), rubric.code, spec.name)
    if result.verdict is Verdict.sandbox_error:
        for outcome in outcomes:
            log.warning("sandbox run (exit %s): %s", outcome.returncode, outcome.log_tail[-2000:])
    return result
