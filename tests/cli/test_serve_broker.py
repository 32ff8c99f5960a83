"""`grader serve` with GRADER_BROKER_URL only stores and enqueues: code waits in the broker's
queue for `grader worker` (none runs here), and no sandbox or background loop runs in serve."""

from __future__ import annotations

import json
import os
import signal
import time

import pytest
import redis

from service.store.code_jobs import get_job
from service.store.db import make_engine
from tests.cli.test_serve import fetch
from tests.cli.test_serve_restart import served_bank, start_server, submit_code
from tests.runner.demo_tasks import TOTALS_REFERENCE

pytestmark = pytest.mark.celery


def test_serve_with_a_broker_enqueues_code_and_grades_nothing_itself(database_url, tmp_path,
                                                                      redis_server):
    env, base = served_bank(database_url, tmp_path, GRADER_BROKER_URL=redis_server.url,
                            GRADER_BACKGROUND_INTERVAL_SECONDS="0.5")
    server = start_server(env, base)
    engine = make_engine(database_url)
    try:
        job_id = submit_code(base, TOTALS_REFERENCE)
        time.sleep(3)  # six background intervals: an embedded server would have graded it

        assert get_job(engine, job_id).status == "queued"
        assert redis.Redis.from_url(redis_server.url).llen("grading") == 1
        health = json.loads(fetch(f"{base}/healthz")[2])
        assert (health["status"], health["broker"]) == ("ok", "ok")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        engine.dispose()
