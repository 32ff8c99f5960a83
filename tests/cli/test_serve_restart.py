"""Embedded mode (no broker): a `grader serve` killed with code jobs queued and running
grades every one of them after it starts again."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time

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


def test_jobs_queued_and_running_at_a_crash_finish_after_restart(database_url, tmp_path):
    scenarios, rubrics = write_bank(tmp_path / "content", [totals_task()])
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "GRADER_DATABASE_URL": database_url, "GRADER_PORT": str(port),
           "GRADER_SCENARIOS_DIR": str(scenarios), "GRADER_RUBRICS_DIR": str(rubrics),
           "GRADER_CODE_POOL_SIZE": "1", "GRADER_CODE_SYNC_WAIT_SECONDS": "0",
           "GRADER_BACKGROUND_INTERVAL_SECONDS": "1"}
    env.pop("GRADER_BROKER_URL", None)
    engine = make_engine(database_url)
    server = start_server(env, base)
    try:
        ids = []
        for _ in range(3):
            status, _, body = fetch(f"{base}/api/v1/scenarios/demo-totals/grade-code",
                                    data=json.dumps({"code": SLOW}).encode(),
                                    headers={"Content-Type": "application/json"})
            assert status == 202
            ids.append(json.loads(body)["id"])
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
    scenarios, rubrics = write_bank(tmp_path / "content", [totals_task()])
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "GRADER_DATABASE_URL": database_url, "GRADER_PORT": str(port),
           "GRADER_SCENARIOS_DIR": str(scenarios), "GRADER_RUBRICS_DIR": str(rubrics),
           "GRADER_CODE_SYNC_WAIT_SECONDS": "0", "GRADER_BACKGROUND_INTERVAL_SECONDS": "1",
           "GRADER_CODE_TIMEOUT_SECONDS": "120", "GRADER_STOP_TIMEOUT_SECONDS": "3"}
    env.pop("GRADER_BROKER_URL", None)
    sleepy = TOTALS_REFERENCE.replace("def solve(spark, orders):",
                                      "def solve(spark, orders):\n    import time; time.sleep(300)")
    engine = make_engine(database_url)
    server = start_server(env, base)
    try:
        status, _, body = fetch(f"{base}/api/v1/scenarios/demo-totals/grade-code",
                                data=json.dumps({"code": sleepy}).encode(),
                                headers={"Content-Type": "application/json"})
        assert status == 202
        job_id = json.loads(body)["id"]
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
