"""Embedded mode (no broker): a `grader serve` killed with code jobs queued and running
grades every one of them after it starts again."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from service.store.code_jobs import get_job
from service.store.db import make_engine
from tests.cli.test_serve import GRADER, fetch, free_port
from tests.runner.demo_tasks import TOTALS_REFERENCE, totals_task, write_bank
from tests.worker.conftest import wait_for

pytestmark = pytest.mark.sandbox

SLOW = TOTALS_REFERENCE.replace("def solve(spark, orders):",
                                "def solve(spark, orders):\n    import time; time.sleep(1)")


def start_server(env: dict[str, str], base: str) -> subprocess.Popen:
    process = subprocess.Popen([str(GRADER), "serve"], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)

    def answers() -> bool:
        assert process.poll() is None, "grader serve exited"
        try:
            return fetch(f"{base}/healthz")[0] == 200
        except OSError:
            return False

    wait_for(answers, 90, "grader serve to answer")
    return process


def kill(process: subprocess.Popen) -> None:
    """SIGKILL `grader serve` and its workers (nothing to do once they are gone)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def stop(process: subprocess.Popen) -> None:
    """End `grader serve` as an operator does (SIGTERM) and wait for it to exit."""
    process.terminate()
    process.wait(timeout=60)


def served_bank(database_url: str, tmp_path: Path, **settings: str) -> tuple[dict, str]:
    """The environment of a `grader serve` on the demo bank (a free port, the background loop
    every second, no waiting for verdicts, `settings` on top) and its base URL."""
    scenarios, rubrics = write_bank(tmp_path / "content", [totals_task()])
    port = free_port()
    env = {**os.environ, "GRADER_DATABASE_URL": database_url, "GRADER_PORT": str(port),
           "GRADER_SCENARIOS_DIR": str(scenarios), "GRADER_RUBRICS_DIR": str(rubrics),
           "GRADER_CODE_SYNC_WAIT_SECONDS": "0", "GRADER_BACKGROUND_INTERVAL_SECONDS": "1",
           **settings}
    return env, f"http://127.0.0.1:{port}"


def submit_code(base: str, code: str) -> str:
    """Submit code to the demo task's try-out endpoint (202 expected); returns the job id."""
    status, _, body = fetch(f"{base}/api/v1/scenarios/demo-totals/grade-code",
                            data=json.dumps({"code": code}).encode(),
                            headers={"Content-Type": "application/json"})
    assert status == 202, body
    return json.loads(body)["id"]


def test_jobs_queued_and_running_at_a_crash_finish_after_restart(database_url, tmp_path):
    env, base = served_bank(database_url, tmp_path, GRADER_CODE_POOL_SIZE="1")
    env.pop("GRADER_BROKER_URL", None)
    engine = make_engine(database_url)
    server = start_server(env, base)
    try:
        ids = [submit_code(base, SLOW) for _ in range(3)]
        wait_for(lambda: get_job(engine, ids[0]).status == "running", 60, "the first to run")
    finally:
        kill(server)
    assert [get_job(engine, i).status for i in ids] == ["running", "queued", "queued"]

    server = start_server(env, base)
    try:
        wait_for(lambda: all(get_job(engine, i).status == "done" for i in ids), 180,
                 "every job to finish after the restart")
        assert {get_job(engine, i).verdict for i in ids} == {"accepted"}
    finally:
        stop(server)
        engine.dispose()


def test_a_worker_that_does_not_stop_in_time_is_killed_and_its_job_graded_after_restart(
    database_url, tmp_path
):
    """SIGTERM waits for the code runs under way; one that outlasts GRADER_STOP_TIMEOUT_SECONDS
    gets its worker killed, so the server stops, and the job is graded at the next start."""
    env, base = served_bank(database_url, tmp_path, GRADER_CODE_TIMEOUT_SECONDS="120",
                            GRADER_STOP_TIMEOUT_SECONDS="3")
    env.pop("GRADER_BROKER_URL", None)
    sleepy = TOTALS_REFERENCE.replace("def solve(spark, orders):",
                                      "def solve(spark, orders):\n    import time; time.sleep(300)")
    engine = make_engine(database_url)
    server = start_server(env, base)
    try:
        job_id = submit_code(base, sleepy)
        wait_for(lambda: get_job(engine, job_id).status == "running", 60, "the job to run")
        started = time.monotonic()
        server.terminate()
        assert server.wait(timeout=60) is not None
        assert time.monotonic() - started < 30  # not the 120 s the run could still take
    finally:
        kill(server)
    assert get_job(engine, job_id).status == "running"

    server = start_server({**env, "GRADER_CODE_TIMEOUT_SECONDS": "5"}, base)
    try:
        wait_for(lambda: get_job(engine, job_id).status == "done", 120,
                 "the job to be graded after the restart")
        assert get_job(engine, job_id).verdict == "time_limit"
    finally:
        stop(server)
        engine.dispose()
