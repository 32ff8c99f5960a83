"""Starts the Spark session before the job, then runs every test of one submission against it
and reports each on the pipe."""

from __future__ import annotations

import io
import os
import re
import time
from contextlib import redirect_stderr, redirect_stdout
from typing import Any

from pyspark.sql import DataFrame, SparkSession

from . import solution
from .channel import CappedText, ResultChannel
from .engines import ENGINES, warm_up
from .tables import build_inputs, output_frame
from .values import encode_rows

# Python UDFs in a plan: Spark's operators, and Sail's `name@<id>(...)` UDF calls and its
# Python map operator.
PYTHON_UDF_PLAN = re.compile(
    r"BatchEvalPython|ArrowEvalPython|PythonUDF|InPandas|InArrow|MapPartitionsExec"
    r"|@[0-9a-z]{20,}\("
)
SHOWN_STDOUT_CHARS = 4000
HARNESS_PID = os.getpid()


def _leave_if_forked() -> None:
    """A process the candidate forked must never speak for the harness."""
    if os.getpid() != HARNESS_PID:
        os._exit(0)


def uses_python_udf(frame: DataFrame) -> bool:
    """Whether the extended plan of `frame` contains a Python UDF."""
    plan = io.StringIO()
    with redirect_stdout(plan):
        frame.explain(extended=True)
    return bool(PYTHON_UDF_PLAN.search(plan.getvalue()))


class Submission:
    """The candidate's module loaded next to a Spark session, ready to run tests."""

    def __init__(
        self, job: dict[str, Any], workdir: str, spark: SparkSession, channel: ResultChannel
    ) -> None:
        self.job = job
        self.workdir = workdir
        self.spark = spark
        self.channel = channel
        self.limits = job["limits"]
        self.entry: Any = None

    def _capture(self) -> CappedText:
        return CappedText(self.limits["stdout_chars"])

    def load(self) -> bool:
        """Import the module and find the entry point; report a load error if either fails."""
        capture = self._capture()
        try:
            with redirect_stdout(capture), redirect_stderr(capture):
                module = solution.load(self.job["code"], self.workdir)
            entry = getattr(module, self.job["entrypoint"], None)
            if not callable(entry):
                raise AttributeError(
                    f"solution.py defines no function named {self.job['entrypoint']!r}"
                )
        except BaseException as error:  # anything the candidate raises
            _leave_if_forked()
            self.channel.send(
                {
                    "event": "load_error",
                    "error": solution.describe(error),
                    "stdout": capture.getvalue()[:SHOWN_STDOUT_CHARS],
                    "output_limit": capture.exceeded,
                }
            )
            return False
        _leave_if_forked()
        self.entry = entry
        return True

    def run_test(self, index: int, test: dict[str, Any]) -> dict[str, Any]:
        """One test: inputs, the candidate's call, the collected output (or what went wrong)."""
        table_dir = os.path.join(self.workdir, "tables", str(index))
        started = time.monotonic()
        message: dict[str, Any] = {"event": "test", "index": index}
        try:
            arguments = build_inputs(self.spark, test["inputs"], table_dir)
        except Exception as error:  # reported as the harness's own failure
            return {**message, "status": "harness_error", "error": solution.describe(error)}
        capture = self._capture()
        try:
            with redirect_stdout(capture), redirect_stderr(capture):
                returned = self.entry(self.spark, **arguments, **test["args"])
                message.update(self._collect(test, returned, arguments))
        except BaseException as error:  # anything the candidate raises
            _leave_if_forked()
            message.update(status="error", error=solution.describe(error))
        _leave_if_forked()
        if capture.exceeded:
            message = {**message, "status": "output_limit", "rows": None}
        message["stdout"] = capture.getvalue()[:SHOWN_STDOUT_CHARS]
        message["seconds"] = round(time.monotonic() - started, 4)
        if not self.channel.fits(message):
            message.update(status="output_limit", rows=None, schema=None, stdout="")
        return message

    def _collect(self, test: dict[str, Any], returned: Any, arguments: dict[str, Any]) -> dict:
        frame = output_frame(self.spark, test["output"], returned, arguments)
        if not isinstance(frame, DataFrame):
            return {"status": "bad_return", "returned": type(frame).__name__}
        check_plan = self.job["plan_check"] and test["output"] == "return"
        python_udf = uses_python_udf(frame) if check_plan else None
        max_rows = self.limits["max_rows"]
        rows = frame.limit(max_rows + 1).collect()
        if len(rows) > max_rows:
            return {"status": "output_limit", "detail": f"more than {max_rows} rows"}
        schema = frame.schema
        return {
            "status": "ok",
            "schema": schema.jsonValue(),
            "rows": encode_rows(rows, schema),
            "python_udf": python_udf,
        }


def start(boot: dict[str, Any], channel: ResultChannel) -> SparkSession:
    """Start the engine in the work directory, pay its first-query costs, then say `ready`."""
    os.makedirs(boot["workdir"], exist_ok=True)
    os.chdir(boot["workdir"])
    started = time.monotonic()
    spark = ENGINES[boot["engine"]["name"]](boot["engine"])
    warm_up(spark)
    channel.send({"event": "ready", "seconds": round(time.monotonic() - started, 4)})
    return spark


def run(job: dict[str, Any], workdir: str, spark: SparkSession, channel: ResultChannel) -> None:
    """Load the solution, run each test, then say `done`."""
    submission = Submission(job, workdir, spark, channel)
    if submission.load():
        for index, test in enumerate(job["tests"]):
            channel.send(submission.run_test(index, test))
    channel.send({"event": "done"})
