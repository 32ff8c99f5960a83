"""Code job records: a stopped server's unfinished jobs are closed, not left polling forever."""

from __future__ import annotations

from service.runner.verdicts import CodeResult
from service.store import code_jobs
from service.store.db import make_engine


def test_abandon_unfinished_closes_queued_and_running_jobs_only(database_url):
    engine = make_engine(database_url)
    queued = code_jobs.create_job(engine, "s", "v1", "sail")
    running = code_jobs.create_job(engine, "s", "v1", "sail")
    done = code_jobs.create_job(engine, "s", "v1", "sail")
    code_jobs.mark_running(engine, running)
    code_jobs.mark_done(engine, done, "accepted", {"verdict": "accepted"})

    assert code_jobs.abandon_unfinished(engine) == 2

    for job_id in (queued, running):
        job = code_jobs.get_job(engine, job_id)
        assert (job.status, job.verdict) == ("done", "sandbox_error")
        assert "submit the code again" in CodeResult.model_validate(job.result).message
    assert code_jobs.get_job(engine, done).result == {"verdict": "accepted"}
    assert code_jobs.abandon_unfinished(engine) == 0
