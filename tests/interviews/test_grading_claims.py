"""Claiming a code job: once while queued; a running job only by a redelivered task taking over
from a lost worker; never a finished one."""

from __future__ import annotations

from service.interviews import grading
from service.runner.verdicts import CodeResult, Verdict
from service.store import code_jobs


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
