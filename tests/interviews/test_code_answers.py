"""Code answers through the real sandbox: a candidate's code is stored, graded, shown to them
as candidates may see it, and counted in the interview's score as a percentage; a job a stopped
server left queued or running is graded again from the stored code by the next server."""

from __future__ import annotations

import time

import pytest
from sqlmodel import Session, select

from service.interviews import flow, grading
from service.store.code_jobs import DONE, QUEUED, RUNNING, CodeJob
from service.store.models import Interview, Result
from tests.api.test_code_jobs import make_app
from tests.conftest import make_tenant
from tests.interview_support import (
    add_candidate,
    answer,
    bearer,
    caller,
    invite,
    open_interview,
    portal_view,
    store_code_answer,
)
from tests.runner.demo_tasks import TOTALS_REFERENCE, TOTALS_WRONG, without_times

pytestmark = pytest.mark.sandbox

TASK = "demo-totals"  # one visible example worth 1 point, two hidden tests worth 2 each
TIMEOUT = 180


@pytest.fixture
def app(tmp_path, database_url):
    """The app on a bank with the demo code task; its sandbox pool is shut down after."""
    app = make_app(tmp_path, database_url)
    yield app
    app.extensions["grader.services"].runner.shutdown()
    app.extensions["grader.db"].dispose()


def poll(client, token: str, location: str) -> dict:
    """The answer once graded, polling its status URL with the invite token."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        response = client.get(location, headers=bearer(token))
        assert response.status_code == 200
        body = response.get_json()
        if body["status"] != "pending":
            return body
        time.sleep(0.3)
    raise AssertionError(f"{location} was not graded in {TIMEOUT} s")


def test_a_code_answer_is_graded_and_counts_its_points_as_a_percentage(app, client, tenant):
    created = invite(client, tenant, add_candidate(app, tenant.org_id), [TASK])
    token = created["invite_token"]
    response = answer(client, token, TASK, code=TOTALS_WRONG)
    assert response.status_code == 202
    body = response.get_json()
    assert body["status"] == "pending" and body["kind"] == "code"
    assert response.headers["Location"] == body["status_url"] == (
        f"/api/v1/candidate/interview/answers/{body['submission_id']}")
    graded = poll(client, token, body["status_url"])
    assert graded["status"] == "done"
    result = graded["result"]
    assert (result["verdict"], result["points"], result["max_points"]) == ("wrong_answer", 2, 5)
    visible, *hidden = result["tests"]
    assert visible["passed"] is False and "total=4.5" in visible["message"]
    assert [set(test) for test in hidden] == [{"name", "hidden", "passed", "points",
                                               "max_points"}] * 2
    text = without_times(graded)
    assert "1.25" not in text and "'z'" not in text  # hidden inputs stay on the server

    done = client.post("/api/v1/candidate/interview/complete", headers=bearer(token))
    assert done.status_code == 200
    view = client.get(f"/api/v1/interviews/{created['id']}",
                      headers=tenant.headers("portal")).get_json()
    code = view["scenarios"][0]["code"]
    assert (code["score"], code["verdict"], code["passed"]) == (40.0, "wrong_answer", False)
    assert view["status"] == "completed" and view["score"] == 40.0
    report = client.get(f"/api/v1/interviews/{created['id']}/report",
                        headers=tenant.headers("interviewer")).get_json()
    hidden_tests = [t for t in report["submissions"][0]["result"]["detail"]["tests"]
                    if t["hidden"]]
    assert [t["verdict"] for t in hidden_tests] == ["accepted", "wrong_answer"]


def wait_until_done(services, job_id: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        with Session(services.db) as session:
            if session.get(CodeJob, job_id).status == DONE:
                return
        time.sleep(0.3)
    raise AssertionError(f"job {job_id} was not graded in {TIMEOUT} s")


@pytest.mark.parametrize("left_as", [RUNNING, QUEUED])
def test_a_job_interrupted_by_a_restart_is_graded_again_from_the_stored_code(
    tmp_path, database_url, left_as
):
    first = make_app(tmp_path / "first", database_url)
    tenant = make_tenant(first, "Org A")
    services = first.extensions["grader.services"]
    portal = caller(first, tenant.keys["portal"])
    interview, candidate = open_interview(services, portal, add_candidate(first, tenant.org_id),
                                          [TASK])
    job_id = store_code_answer(services, interview.id, TASK, TOTALS_REFERENCE, left_as)
    flow.complete(services, candidate, interview.id)
    first.extensions["grader.services"].runner.shutdown()
    first.extensions["grader.db"].dispose()  # the first server is gone

    second = make_app(tmp_path / "second", database_url)
    services = second.extensions["grader.services"]
    try:
        assert grading.requeue_interrupted(services) == (1 if left_as == RUNNING else 0)
        assert grading.sweep(services) == 1
        wait_until_done(services, job_id)
        assert grading.sweep(services) == 0
        with Session(services.db) as session:
            results = session.exec(select(Result).where(Result.code_job_id == job_id)).all()
            finalized = session.get(Interview, interview.id).finalized_at
        assert [(r.status, r.score, r.passed) for r in results] == [("done", 100.0, True)]
        assert finalized is not None
        assert portal_view(services, interview.id)["score"] == 100.0
    finally:
        services.runner.shutdown()
        services.db.dispose()
