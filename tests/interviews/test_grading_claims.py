"""Claiming a code job: once while queued; a running job only by a redelivered task taking over
from a lost worker; never a finished one. A job the database could not give stays schedulable."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from service.interviews import grading
from service.runner.verdicts import CodeResult, Verdict
from service.store import code_jobs
from service.store.db import make_engine


def new_job(services) -> str:
    return code_jobs.create_job(services.db, "kafka-schema-evolution", "v1", "sail",
                                "def solve(spark): pass")


def test_a_queued_job_is_claimed_once(app):
    services = app.extensions["grader.services"]
    job_id = new_job(services)
    assert grading.claim(services, job_id)
    assert not grading.claim(services, job_id)
    assert code_jobs.get_job(services.db, job_id).status == "running"


def test_a_redelivered_task_takes_over_a_running_job(app):
    services = app.extensions["grader.services"]
    job_id = new_job(services)
    assert grading.claim(services, job_id)
    assert grading.claim(services, job_id, take_over=True)


def test_a_finished_job_is_never_claimed_and_keeps_its_first_result(app):
    services = app.extensions["grader.services"]
    job_id = new_job(services)
    grading.claim(services, job_id)
    first = CodeResult(verdict=Verdict.accepted, points=1.0, max_points=1.0, engine="sail")
    second = CodeResult(verdict=Verdict.wrong_answer, points=0.0, max_points=1.0, engine="sail")
    grading.finish(services, job_id, first)
    grading.finish(services, job_id, second)
    assert not grading.claim(services, job_id, take_over=True)
    assert code_jobs.get_job(services.db, job_id).verdict == "accepted"


def test_a_job_that_could_not_be_read_is_scheduled_again_later(app):
    services = app.extensions["grader.services"]
    job_id = new_job(services)
    engine = services.db
    services.db = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")  # database down
    with pytest.raises(OperationalError):
        grading.run_here(services, job_id)
    services.db = engine  # back: the next sweep hands it to the pool
    future = grading.run_here(services, job_id)
    assert future is not None
    future.result(timeout=300)
    assert code_jobs.get_job(services.db, job_id).status == "done"
