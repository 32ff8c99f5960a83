"""The try-out code endpoint with a broker: the job is stored and enqueued (202 to poll), and
beyond GRADER_CODE_QUEUE_MAX stored jobs still queued it answers 503 with Retry-After. Without
a broker, Celery is never imported."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import redis

from service import create_app
from tests.runner.demo_tasks import TOTALS_REFERENCE, totals_task, write_bank

pytestmark = pytest.mark.celery


def test_code_beyond_the_queue_limit_gets_503_with_retry_after(settings, redis_server, tmp_path):
    scenarios, rubrics = write_bank(tmp_path / "content", [totals_task()])
    app = create_app(settings.model_copy(update={
        "broker_url": redis_server.url, "code_queue_max": 1, "scenarios_dir": scenarios,
        "rubrics_dir": rubrics,
    }))
    client = app.test_client()
    url = "/api/v1/scenarios/demo-totals/grade-code"

    accepted = client.post(url, json={"code": TOTALS_REFERENCE})
    refused = client.post(url, json={"code": TOTALS_REFERENCE})

    assert accepted.status_code == 202
    assert client.get(accepted.headers["Location"]).get_json()["status"] == "queued"
    assert redis.Redis.from_url(redis_server.url).llen("grading") == 1
    assert refused.status_code == 503
    assert refused.mimetype == "application/problem+json"
    assert refused.headers["Retry-After"] == "5"
    app.extensions["grader.db"].dispose()


def test_without_a_broker_the_app_never_imports_celery(database_url):
    script = (
        "import sys\n"
        "from service import create_app\n"
        "from service.settings import Settings\n"
        f"app = create_app(Settings(database_url={database_url!r}))\n"
        "app.test_client().get('/healthz')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('celery', 'kombu')))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "GRADER_BROKER_URL"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
