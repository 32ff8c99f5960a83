"""Stateless try-out grading of code: submit, then poll the job (any worker can answer)."""

from __future__ import annotations

from concurrent.futures import wait
from typing import Any

from apiflask import APIBlueprint, abort
from flask import url_for
from pydantic import BaseModel, ConfigDict, Field

from service.api import deps
from service.interviews import grading
from service.runner.verdicts import CodeResult
from service.store import code_jobs
from service.store.code_jobs import CodeJob

bp = APIBlueprint("code_jobs", __name__, url_prefix="/api/v1", tag="Code")

MAX_CODE_CHARS = 64_000


class CodeIn(BaseModel):
    """PySpark code to grade: a module defining the task's entry point."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=MAX_CODE_CHARS)


def job_view(job: CodeJob) -> dict[str, Any]:
    """A job as candidates see it: status, and once done the candidate view of the result."""
    stored = job.result
    return {
        "id": job.id,
        "scenario_id": job.scenario_id,
        "content_version": job.content_version,
        "engine": job.engine,
        "status": job.status,
        "verdict": job.verdict,
        "created_at": job.created_at.isoformat(),
        "started_at": job.started_at.isoformat() if job.started_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "result": CodeResult.model_validate(stored).candidate_view() if stored else None,
    }


@bp.post("/scenarios/<scenario_id>/grade-code")
@bp.input(CodeIn, arg_name="body")
@bp.doc(
    summary="Grade code against a scenario's code task",
    description="Runs every visible example and hidden test in a fresh sandbox. Answers 200 "
    "with the result when grading finishes within a short wait, else 202 with a Location "
    "to poll. Hidden tests only report pass/fail; diffs are shown for visible tests.",
    responses=[200, 202, 404, 409, 422, 503],
)
def grade_code(scenario_id: str, body: CodeIn) -> tuple[Any, ...]:
    """Queue the code for grading; wait briefly for the verdict."""
    entry = deps.entry_or_404(scenario_id)
    if entry.scenario.code is None or entry.rubric.code is None:
        abort(
            409,
            detail=f"Scenario '{scenario_id}' has no code task; submit a written answer instead.",
        )
    services = deps.services()
    grading.admit(services)
    settings, db = services.settings, services.db
    job_id = code_jobs.create_job(db, scenario_id, entry.version, settings.spark_engine, body.code)
    future = grading.schedule(services, job_id)
    if future is None:
        return job_view(code_jobs.get_job(db, job_id)), 202, {
            "Location": url_for(".get_code_job", job_id=job_id)
        }
    wait([future], timeout=settings.code_sync_wait_seconds)
    view = job_view(code_jobs.get_job(db, job_id))
    if future.done():
        return view, 200
    return view, 202, {"Location": url_for(".get_code_job", job_id=job_id)}


@bp.get("/code-jobs/<job_id>")
@bp.doc(summary="Status and result of a code grading job", responses=[200, 404])
def get_code_job(job_id: str) -> dict[str, Any]:
    """The job's status; once done, its verdict, points and per-test results."""
    job = code_jobs.get_job(deps.engine(), job_id)
    if job is None:
        abort(404, detail=f"No code job with id '{job_id}'.")
    return job_view(job)
