"""Code job records: only jobs whose code was never stored are closed at start; the others are
put back in the queue to be graded again."""

from __future__ import annotations

from sqlmodel import Session

from service.runner.verdicts import CodeResult
from service.store import code_jobs
from service.store.code_jobs import CodeJob
from service.store.db import make_engine


def _legacy_job(engine, status: str) -> str:
    """A job as rows were before code was stored with them."""
    job = CodeJob(id=f"legacy{status}", scenario_id="s", content_version="v1", engine="sail",
                  status=status)
    with Session(engine, expire_on_commit=False) as session:
        session.add(job)
        session.commit()
    return job.id


def test_abandon_unfinished_closes_only_jobs_without_stored_code(database_url):
    engine = make_engine(database_url)
    queued = _legacy_job(engine, "queued")
    running = _legacy_job(engine, "running")
    stored = code_jobs.create_job(engine, "s", "v1", "sail", "def solve(df): return df")

    assert code_jobs.abandon_unfinished(engine) == 2

    for job_id in (queued, running):
        job = code_jobs.get_job(engine, job_id)
        assert (job.status, job.verdict) == ("done", "sandbox_error")
        assert "submit the code again" in CodeResult.model_validate(job.result).message
    kept = code_jobs.get_job(engine, stored)
    assert (kept.status, kept.code) == ("queued", "def solve(df): return df")
    assert code_jobs.abandon_unfinished(engine) == 0
