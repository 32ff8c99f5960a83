"""The batch engines: a Spark session starts in the background while the caller stages data."""

from __future__ import annotations

import threading
from concurrent.futures import Future

import pytest

from service.spark.engines import SparkEngine


def _identity(frames):
    yield from frames


def test_a_job_waits_for_the_session_that_is_still_starting(tmp_path):
    starting: Future = Future()
    engine = SparkEngine(starting, "spark test")
    waited = threading.Event()

    def job() -> None:
        with pytest.raises(RuntimeError, match="no JVM"):
            list(engine.map(tmp_path, _identity, "x int"))
        waited.set()

    runner = threading.Thread(target=job)
    runner.start()
    assert not waited.wait(0.2)  # the job is blocked on the session, not failing or running
    starting.set_exception(RuntimeError("no JVM"))
    runner.join(5)
    assert waited.is_set()


def test_a_session_that_failed_to_start_is_raised_by_the_job_and_close_is_quiet(tmp_path):
    failed: Future = Future()
    failed.set_exception(RuntimeError("JAVA_HOME is not set"))
    engine = SparkEngine(failed, "spark test")
    with pytest.raises(RuntimeError, match="JAVA_HOME"):
        list(engine.map(tmp_path, _identity, "x int"))
    engine.close()
