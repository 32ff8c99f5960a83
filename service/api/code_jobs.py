"""Stateless try-out grading of code: submit, then poll the job (any worker can answer)."""

from __future__ import annotations

from concurrent.futures import wait
from typing import Any

from apiflask import APIBlueprint, APIFlask, abort
from flask import current_app, url_for
from pydantic import BaseModel, ConfigDict, Field

from service.api import deps
from service.runner.errors import QueueFull
from service.runner.pool import CodeRunner
from service.runner.verdicts import CodeResult
from service.store import code_jobs
from service.store.code_jobs import CodeJob

bp = APIBlueprint("code_jobs", __name__, url_prefix="/api/v1", tag="Code")

RUNNER_KEY = "grader.code_runner"
MAX_CODE_CHARS = 64_000
RETRY_AFTER_SECONDS = 5


class CodeIn(BaseModel):
    """PySpark code to grade: a module defining the task's entry point."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=MAX_CODE_CHARS)


def init_app(app: APIFlask) -> None:
    """Create the sandbox pool, say at start which sandbox and cgroup version are in force,
    and register the routes."""
    pool = CodeRunner(app.extensions["grader.settings"])
    app.extensions[RUNNER_KEY] = pool
    app.logger.warning("code runner: %s", pool.status)
    app.register_blueprint(bp)


def runner() -> CodeRunner:
    """The app's sandbox pool."""
    return current_app.extensions[RUNNER_KEY]


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
    pool = runner()
    if pool.unavailable is not None:
        abort(503, detail=str(pool.unavailable))
    settings, db = deps.settings(), deps.engine()
    job_id = code_jobs.create_job(db, scenario_id, entry.version, settings.spark_engine)
    try:
        future = pool.submit(
            entry.scenario,
            entry.rubric,
            body.code,
            on_start=lambda: code_jobs.mark_running(db, job_id),
            on_finish=lambda result: code_jobs.mark_done(
                db, job_id, result.verdict.value, result.model_dump(mode="json")
            ),
        )
    except QueueFull as error:
        code_jobs.delete_job(db, job_id)
        abort(503, detail=f"The grader is busy: {error}. Retry later.",
              headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
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
