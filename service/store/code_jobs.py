"""Status of try-out code gradings, in the database so any worker can answer a poll."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Text
from sqlalchemy.engine import Engine
from sqlmodel import Field, Session, SQLModel, select

from service.store.db import session_scope

QUEUED, RUNNING, DONE = "queued", "running", "done"


def _now() -> datetime:
    return datetime.now(UTC)


class CodeJob(SQLModel, table=True):
    """One submitted piece of code: where it is in the queue and, once done, its result."""

    __tablename__ = "code_jobs"

    id: str = Field(primary_key=True, max_length=32)
    scenario_id: str = Field(index=True, max_length=80)
    content_version: str = Field(max_length=64)
    engine: str = Field(max_length=16)
    submission_id: str | None = Field(default=None, index=True, max_length=32)
    code: str | None = Field(
        default=None, sa_type=Text, description="try-out code (an interview's is on its submission)"
    )
    status: str = Field(default=QUEUED, max_length=16)
    verdict: str | None = Field(default=None, max_length=32)
    result_json: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = Field(default_factory=_now)
    started_at: datetime | None = None
    finished_at: datetime | None = None

    @property
    def result(self) -> dict[str, Any] | None:
        """The stored result document (None until done)."""
        return json.loads(self.result_json) if self.result_json else None


def create_job(
    engine: Engine, scenario_id: str, content_version: str, spark_engine: str, code: str
) -> str:
    """Record a queued try-out job with its code; returns its id."""
    job = CodeJob(
        id=uuid.uuid4().hex,
        scenario_id=scenario_id,
        content_version=content_version,
        engine=spark_engine,
        code=code,
    )
    with session_scope(engine) as session:
        session.add(job)
    return job.id


def abandon_unfinished(engine: Engine) -> int:
    """Close unfinished jobs whose code was never stored (made before code was kept with the
    job), so no poll waits forever; every other job is graded again from its stored code.

    Call only when no worker is running (at `grader serve` start). Returns how many were closed.
    """
    result = {
        "verdict": "sandbox_error",
        "points": 0.0,
        "max_points": 0.0,
        "message": "the server stopped before grading finished; submit the code again",
        "tests": [],
    }
    with session_scope(engine) as session:
        jobs = session.exec(
            select(CodeJob).where(
                CodeJob.status != DONE,
                CodeJob.code == None,  # noqa: E711
                CodeJob.submission_id == None,  # noqa: E711
            )
        ).all()
        for job in jobs:
            job.status, job.finished_at = DONE, _now()
            job.verdict = "sandbox_error"
            job.result_json = json.dumps({**result, "engine": job.engine})
    return len(jobs)


def get_job(engine: Engine, job_id: str) -> CodeJob | None:
    """The job, or None for an unknown id."""
    with Session(engine, expire_on_commit=False) as session:
        return session.get(CodeJob, job_id)
