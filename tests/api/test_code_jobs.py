"""The try-out code endpoint through the real app and the real sandbox: submit, poll, verdict,
visible diffs, hidden tests as pass/fail only, problems for bad input, and a burst of 20."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from service import create_app
from service.settings import Settings
from service.store import migrate
from tests.runner.demo_tasks import (
    TOTALS_REFERENCE,
    TOTALS_WRONG,
    totals_task,
    without_times,
    write_bank,
)
from tests.runner.demo_tasks import WRITTEN_TASK as WRITTEN

pytestmark = pytest.mark.sandbox

SLOW = TOTALS_REFERENCE.replace("def solve(spark, orders):",
                                "def solve(spark, orders):\n    import time; time.sleep(3)")


def make_app(tmp_path, database_url: str | None = None, **overrides):
    url = database_url or f"sqlite:///{tmp_path / 'grader.db'}"
    if database_url is None:
        migrate.upgrade(url)
    scenarios, rubrics = write_bank(tmp_path / "content", [totals_task(), WRITTEN])
    settings = Settings(database_url=url, scenarios_dir=scenarios, rubrics_dir=rubrics,
                        code_timeout_seconds=20, **overrides)
    app = create_app(settings)
    app.config.update(TESTING=True)
    return app


@pytest.fixture
def client(tmp_path):
    app = make_app(tmp_path)
    yield app.test_client()
    app.extensions["grader.services"].runner.shutdown()
    app.extensions["grader.db"].dispose()


def submit(client, code: str, scenario_id: str = "demo-totals"):
    return client.post(f"/api/v1/scenarios/{scenario_id}/grade-code", json={"code": code})


def finished(client, response, timeout: float = 180) -> dict:
    """The job body once done: directly from a 200, or by polling the 202's Location."""
    if response.status_code == 200:
        return response.get_json()
    assert response.status_code == 202, response.get_json()
    location = response.headers["Location"]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(location).get_json()
        if body["status"] == "done":
            return body
        assert body["status"] in ("queued", "running")
        time.sleep(0.2)
    raise AssertionError(f"job {location} did not finish in {timeout} s")


def test_submit_poll_and_get_the_verdict_with_a_visible_diff(tmp_path, database_url):
    app = make_app(tmp_path, database_url, code_sync_wait_seconds=0)
    client = app.test_client()
    response = submit(client, TOTALS_WRONG)
    assert response.status_code == 202
    assert response.headers["Location"].startswith("/api/v1/code-jobs/")
    assert response.get_json()["status"] in ("queued", "running")
    body = finished(client, response)
    assert body["verdict"] == "wrong_answer"
    result = body["result"]
    assert (result["points"], result["max_points"]) == (2.0, 5.0)
    visible, *hidden = result["tests"]
    assert visible["passed"] is False and "total=4.5" in visible["message"]
    assert [set(test) for test in hidden] == [{"name", "hidden", "passed", "points",
                                               "max_points"}] * 2
    assert [test["passed"] for test in hidden] == [True, False]
    app.extensions["grader.services"].runner.shutdown()
    app.extensions["grader.db"].dispose()


def test_a_quick_grading_answers_200_with_the_result(tmp_path):
    app = make_app(tmp_path, code_sync_wait_seconds=120)
    response = submit(app.test_client(), TOTALS_REFERENCE)
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "done" and body["verdict"] == "accepted"
    assert body["result"]["points"] == body["result"]["max_points"] == 5.0
    app.extensions["grader.services"].runner.shutdown()


def test_with_warm_sandboxes_waiting_a_grading_takes_two_of_them(tmp_path):
    app = make_app(tmp_path, code_sync_wait_seconds=120, code_warm_sandboxes=2)
    pool = app.extensions["grader.services"].runner
    pool.start()
    assert pool.warm.wait_filled(120)
    response = submit(app.test_client(), TOTALS_REFERENCE)
    assert response.status_code == 200 and response.get_json()["verdict"] == "accepted"
    assert pool.warm.handed == 2  # the visible examples and the hidden tests
    pool.shutdown()
    assert pool.warm.idle == ()


def test_hidden_inputs_and_expected_rows_never_leave_the_server(client):
    code = TOTALS_WRONG.replace("def solve(spark, orders):",
                                "def solve(spark, orders):\n    print(orders.collect())")
    text = without_times(finished(client, submit(client, code)))
    assert "1.25" not in text and "'z'" not in text and "customer='c'" not in text
    assert "customer='a'" in text  # the visible example's print and diff are shown


def test_twenty_submissions_at_once_all_complete_with_correct_verdicts(client):
    codes = [TOTALS_REFERENCE if i % 2 == 0 else TOTALS_WRONG for i in range(20)]
    with ThreadPoolExecutor(20) as burst:
        responses = list(burst.map(lambda code: submit(client, code), codes))
    assert all(r.status_code in (200, 202) for r in responses)
    verdicts = [finished(client, r)["verdict"] for r in responses]
    assert verdicts == ["accepted" if i % 2 == 0 else "wrong_answer" for i in range(20)]


def test_missing_or_oversized_code_is_a_422_naming_the_field(client):
    for body in ({}, {"code": ""}, {"code": "x" * 64_001}):
        response = client.post("/api/v1/scenarios/demo-totals/grade-code", json=body)
        assert response.status_code == 422
        assert response.mimetype == "application/problem+json"
        assert [e["field"] for e in response.get_json()["errors"]] == ["code"]


def test_unknown_scenario_is_404_and_written_only_is_409(client):
    assert submit(client, TOTALS_REFERENCE, "no-such-scenario").status_code == 404
    response = submit(client, TOTALS_REFERENCE, "demo-written")
    assert response.status_code == 409
    assert "no code task" in response.get_json()["detail"]


def test_unknown_job_is_a_404_problem(client):
    response = client.get("/api/v1/code-jobs/0123456789abcdef")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_full_queue_is_a_503_with_retry_after(tmp_path):
    app = make_app(tmp_path, code_pool_size=1, code_queue_max=0, code_sync_wait_seconds=0)
    client = app.test_client()
    first = submit(client, SLOW)
    assert first.status_code == 202
    busy = submit(client, TOTALS_REFERENCE)
    assert busy.status_code == 503 and busy.headers["Retry-After"]
    assert finished(client, first)["verdict"] == "accepted"
    assert finished(client, submit(client, TOTALS_REFERENCE))["verdict"] == "accepted"
    app.extensions["grader.services"].runner.shutdown()


def test_no_sandbox_means_503_naming_what_is_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    app = make_app(tmp_path)
    response = submit(app.test_client(), TOTALS_REFERENCE)
    assert response.status_code == 503
    assert "bubblewrap" in response.get_json()["detail"]
