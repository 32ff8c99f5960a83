"""Grading with real `grader worker` processes on a real Redis broker and PostgreSQL: answers
through the interview rules are graded, a worker killed mid-grade loses nothing, a Redis outage
only delays grading."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlmodel import select

from service.interviews import flow
from service.interviews.feedback import candidate_interview
from service.store.code_jobs import CodeJob
from service.store.db import session_scope
from service.store.keys import create_org
from service.store.models import Delivery, Interview, Result, utcnow
from service.store.webhooks import create_endpoint
from tests.runner.demo_tasks import TOTALS_REFERENCE
from tests.worker.conftest import SLOW_SOLUTION, VISIBILITY_TIMEOUT, wait_for

pytestmark = [pytest.mark.celery, pytest.mark.postgres, pytest.mark.sandbox]


def result_of(deployment, result_id: str) -> Result:
    with session_scope(deployment.services.db) as session:
        return session.get(Result, result_id)


def job_status(deployment, job_id: str) -> str:
    with session_scope(deployment.services.db) as session:
        return session.get(CodeJob, job_id).status


def test_written_and_code_answers_are_graded_by_two_workers(deployment):
    deployment.start_worker()
    deployment.start_worker()
    candidate = deployment.candidate(["demo-totals", "demo-written"])

    _, written = flow.submit_text(deployment.services, candidate, "demo-written",
                                  "Retries must be idempotent so a repeat does no harm.")
    _, code = flow.submit_code(deployment.services, candidate, "demo-totals", TOTALS_REFERENCE)
    flow.complete(deployment.services, candidate, candidate.interview_id)

    assert written.status == "done" and written.passed
    graded = wait_for(lambda: result_of(deployment, code.id).status == "done"
                      and result_of(deployment, code.id), 180, "the code result")
    assert graded.passed and graded.score == 100.0
    with session_scope(deployment.services.db) as session:
        interview = session.get(Interview, candidate.interview_id)
        assert interview.finalized_at is not None
        assert interview.status == "completed"


def test_a_worker_killed_mid_grade_leaves_the_job_to_the_other(deployment):
    workers = [deployment.start_worker(), deployment.start_worker()]
    candidate = deployment.candidate(["demo-totals"])
    _, pending = flow.submit_code(deployment.services, candidate, "demo-totals", SLOW_SOLUTION)
    wait_for(lambda: job_status(deployment, pending.id) == "running", 60, "a worker to start")
    holder = wait_for(lambda: next((w for w in workers if pending.id in w.output()), None), 10,
                      "the worker that took the task")
    holder.kill()
    killed_at = time.monotonic()
    survivor = next(w for w in workers if w is not holder)

    graded = wait_for(lambda: result_of(deployment, pending.id).status == "done"
                      and result_of(deployment, pending.id), VISIBILITY_TIMEOUT + 120,
                      "the survivor to grade the job")

    assert graded.passed
    assert time.monotonic() - killed_at >= VISIBILITY_TIMEOUT - 5  # redelivered, not re-run early
    assert "taking over from a lost worker" in survivor.output()
    with session_scope(deployment.services.db) as session:
        rows = session.exec(select(Result).where(Result.submission_id == graded.submission_id))
        assert len(rows.all()) == 1
        interview = session.get(Interview, candidate.interview_id)
        seen = candidate_interview(session, deployment.services, interview)
    assert seen["scenarios"][0]["code"] is not None
    assert seen["scenarios"][0]["answered"]["code"]


def test_answers_sent_while_redis_is_down_are_stored_then_graded(deployment):
    deployment.start_worker()
    candidate = deployment.candidate(["demo-totals"])
    deployment.redis.stop()

    started = time.monotonic()
    results = [flow.submit_code(deployment.services, candidate, "demo-totals", TOTALS_REFERENCE)[1]
               for _ in range(3)]
    accepted_in = time.monotonic() - started

    assert accepted_in < 15
    assert [job_status(deployment, r.id) for r in results] == ["queued"] * 3
    deployment.redis.start()  # empty: whatever the broker held is gone
    wait_for(lambda: all(result_of(deployment, r.id).status == "done" for r in results), 240,
             "every stored answer to be graded")
    assert all(result_of(deployment, r.id).passed for r in results)


def test_a_failing_delivery_is_retried_by_the_workers_with_backoff(deployment):
    deployment.start_worker()
    unreachable = "http://127.0.0.1:9/unreachable"
    with session_scope(deployment.services.db) as session:
        org = create_org(session, "Retry Org")
        session.flush()
        endpoint = create_endpoint(session, org.id, unreachable, ["interview.completed"],
                                   deployment.services.sealer.seal("s"), "test")
        session.flush()
        delivery = Delivery(org_id=org.id, channel="webhook", event="interview.completed",
                            target=unreachable, endpoint_id=endpoint.id, payload="{}",
                            give_up_at=utcnow() + timedelta(hours=1))
        session.add(delivery)

    def attempts() -> int:
        with session_scope(deployment.services.db) as session:
            return session.get(Delivery, delivery.id).attempts

    wait_for(lambda: attempts() >= 3, 60, "three attempts")  # 1 s, then 2 s, then 4 s apart
    with session_scope(deployment.services.db) as session:
        row = session.get(Delivery, delivery.id)
    assert row.status == "pending" and row.last_error
    assert row.next_attempt_at > utcnow()
