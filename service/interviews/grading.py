"""Code answers on the sandbox pool: schedule a stored job, claim it, store its result.

A job is stored (with its code, or its submission's) before it is scheduled, so nothing is lost:
a job a full queue could not take, or one a stopped server left behind, is scheduled again by
`sweep`. Claiming is a conditional update, so a job runs at most once at a time even when several
processes sweep; storing the result only moves a pending result, so a job that ran twice ends
with one result.

Without a broker a job runs on this process's pool (`run_here`). With `broker_url` set,
`schedule` only enqueues a Celery task (service.worker.dispatch) and a `grader worker` process
runs it with `run_here`; a task the broker delivers again because its worker died may take over
the job that worker left running (`claim(take_over=True)`).
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future
from datetime import timedelta

from sqlalchemy import func, update
from sqlmodel import col, select

from service.interviews.errors import Unavailable
from service.runner.errors import QueueFull
from service.runner.verdicts import CodeResult
from service.settings import Settings
from service.store.code_jobs import DONE, QUEUED, RUNNING, CodeJob
from service.store.db import session_scope
from service.store.models import Interview, Result, Submission, utcnow

log = logging.getLogger("service.interviews")

_scheduled: set[str] = set()
_scheduled_lock = threading.Lock()


def _code_of(job: CodeJob, session) -> str | None:
    if job.code is not None:
        return job.code
    submission = session.get(Submission, job.submission_id) if job.submission_id else None
    return submission.body if submission else None


RETRY_AFTER_SECONDS = 5


def longest_job(settings: Settings) -> timedelta:
    """How long one code job may take, whatever its engine."""
    return timedelta(seconds=max(settings.code_timeout_seconds, settings.code_jvm_timeout_seconds))


def stale_after(settings: Settings) -> timedelta:
    """How long a job may be running before its process is presumed dead."""
    return 2 * longest_job(settings) + timedelta(seconds=60)


def distributed(services) -> bool:
    """True when `grader worker` processes grade code (a broker is configured)."""
    return bool(services.settings.broker_url)


def refusal(services) -> str | None:
    """Why code cannot be accepted for grading at all, or None. With a broker the workers
    have the sandboxes, so this process needs none."""
    if distributed(services) or services.runner.unavailable is None:
        return None
    return f"code cannot be graded here: {services.runner.unavailable}"


def waiting(services) -> int:
    """Code submissions accepted and not yet finished: this process's pool, or with a broker
    every stored job still queued."""
    if not distributed(services):
        return services.runner.in_flight
    with session_scope(services.db) as session:
        return session.exec(
            select(func.count()).select_from(CodeJob).where(CodeJob.status == QUEUED)
        ).one()


def admit(services) -> None:
    """Raise Unavailable (with a Retry-After) unless a new code submission can be queued."""
    reason = refusal(services)
    if reason is not None:
        raise Unavailable(reason)
    limit = services.settings.code_queue_max
    if not distributed(services):
        limit = services.runner.capacity
    count = waiting(services)
    if count >= limit:
        raise Unavailable(
            f"The grader is busy: {count} submissions are running or waiting. Retry later.",
            retry_after=RETRY_AFTER_SECONDS,
        )


def schedule(services, job_id: str) -> Future[CodeResult] | None:
    """Queue a stored job: on this process's pool (its Future), or with a broker as a Celery
    task (None). None too when it is already scheduled here, the queue is full or the broker
    unreachable (the sweeper retries), or the job cannot run."""
    if distributed(services):
        from service.worker.dispatch import enqueue_job

        enqueue_job(services.settings, job_id)
        return None
    return run_here(services, job_id)


def run_here(services, job_id: str, *, take_over: bool = False) -> Future[CodeResult] | None:
    """Hand a job to this process's sandbox pool; with `take_over` it may also claim a job
    left running by a dead process. None when it is already scheduled here, the queue is full
    or the job cannot run."""
    with _scheduled_lock:
        if job_id in _scheduled:
            return None
        _scheduled.add(job_id)
    try:
        with session_scope(services.db) as session:
            job = session.get(CodeJob, job_id)
            code = _code_of(job, session) if job is not None else None
        entry = services.bank.get(job.scenario_id) if job is not None else None
        if job is None or job.status == DONE or code is None or entry is None:
            _forget(job_id)
            return None
        return services.runner.submit(
            entry.scenario, entry.rubric, code, engine=job.engine,
            on_start=lambda: claim(services, job_id, take_over=take_over),
            on_finish=lambda result: finish(services, job_id, result),
            on_skip=lambda: _forget(job_id),
        )
    except QueueFull:
        _forget(job_id)
        log.info("code job %s waits for a free place in the queue", job_id)
        return None
    except BaseException:  # e.g. the database is down: a later sweep must be able to retry
        _forget(job_id)
        raise


def _forget(job_id: str) -> None:
    with _scheduled_lock:
        _scheduled.discard(job_id)


def claim(services, job_id: str, *, take_over: bool = False) -> bool:
    """Mark the job running if it is still queued; False when another process took it.

    `take_over` also claims a job marked running: only for a task the broker redelivered
    because the worker that held it was lost, so that worker's run ended with it (were it
    still alive, both runs would store the same verdict and `finish` keeps the first)."""
    claimable = [QUEUED, RUNNING] if take_over else [QUEUED]
    with session_scope(services.db) as session:
        taken = session.execute(
            update(CodeJob)
            .where(col(CodeJob.id) == job_id, col(CodeJob.status).in_(claimable))
            .values(status=RUNNING, started_at=utcnow())
        ).rowcount
    return taken == 1


def finish(services, job_id: str, result: CodeResult) -> None:
    """Store the verdict on the job and, for an interview answer, on its pending result; then
    finalize the interview if this was the last thing it waited for."""
    from service.interviews.flow import finalize_if_ready

    try:
        with session_scope(services.db) as session:
            job = session.get(CodeJob, job_id)
            if job is None or job.status == DONE:
                return
            job.status, job.finished_at = DONE, utcnow()
            job.verdict, job.result_json = result.verdict.value, result.model_dump_json()
            session.add(job)
            if job.submission_id is None:
                return
            row = session.exec(
                select(Result).where(Result.code_job_id == job_id, Result.status == "pending")
            ).first()
            if row is None:
                return
            row.status, row.finished_at = "done", utcnow()
            row.passed = result.passed
            share = result.points / result.max_points if result.max_points else 0.0
            row.score = round(100 * share, 2)
            row.detail_json = result.model_dump_json()
            session.add(row)
            submission = session.get(Submission, job.submission_id)
            interview = session.get(Interview, submission.interview_id) if submission else None
            if interview is not None:
                session.flush()
                finalize_if_ready(session, services, interview)
    finally:
        _forget(job_id)


def requeue_interrupted(services, older_than: timedelta | None = None) -> int:
    """Put running jobs back in the queue: all of them at start-up (`older_than` None, no
    sandbox runs yet), or those running longer than any sandbox can (their process died)."""
    query = update(CodeJob).where(col(CodeJob.status) == RUNNING)
    if older_than is not None:
        query = query.where(col(CodeJob.started_at) < utcnow() - older_than)
    with session_scope(services.db) as session:
        return session.execute(query.values(status=QUEUED, started_at=None)).rowcount


def sweep(services) -> int:
    """Schedule every stored job still queued that this process is not already running;
    returns how many were handed to the pool."""
    with session_scope(services.db) as session:
        ids = session.exec(
            select(CodeJob.id).where(CodeJob.status == QUEUED).order_by(col(CodeJob.created_at))
        ).all()
    return sum(1 for job_id in ids if schedule(services, job_id) is not None)
