"""The Celery tasks `grader worker` runs: grade a stored code job, send a stored delivery.

Both only carry an id: the work itself is in the database, stored before it was enqueued, so a
task is idempotent. Grading claims the job (a task redelivered after its worker died may take
over the job that worker left running) and `grading.finish` keeps one result; a delivery is
leased by `sender.send_one`, and a failed one is retried by Celery after the stored backoff.
"""

from __future__ import annotations

import logging

from celery import Celery, Task

from service.interviews import grading
from service.interviews.services import Services
from service.outbox import sender
from service.worker.celery_app import DELIVER_TASK, GRADE_TASK
from service.worker.dispatch import Broker

log = logging.getLogger("service.worker")


def was_redelivered(task: Task) -> bool:
    """True when the broker handed this task out again after its worker was lost."""
    return bool((task.request.delivery_info or {}).get("redelivered"))


def register(app: Celery, services: Services, broker: Broker) -> None:
    """Define the tasks on `app`, working with `services` (this worker's sandbox pool)."""
    retry_cap = broker.marker_ttl / 2  # a waiting retry is held unacknowledged by the worker

    @app.task(name=GRADE_TASK, bind=True, acks_late=True, reject_on_worker_lost=True)
    def grade_code(task: Task, job_id: str) -> None:
        """Grade the stored job in this worker's sandbox pool and store its result."""
        take_over = was_redelivered(task)
        if take_over:
            log.warning("code job %s redelivered: taking over from a lost worker", job_id)
        else:
            log.info("code job %s received", job_id)
        try:
            future = grading.run_here(services, job_id, take_over=take_over)
            if future is not None:
                future.result()
        finally:
            broker.forget(GRADE_TASK, job_id)

    @app.task(name=DELIVER_TASK, bind=True, acks_late=True, max_retries=None)
    def deliver(task: Task, delivery_id: str) -> None:
        """Send the stored delivery if due; while it stays pending, retry when next due."""
        try:
            sender.send_one(services, delivery_id)
            wait = sender.due_in(services, delivery_id)
        finally:
            broker.forget(DELIVER_TASK, delivery_id)
        if wait is not None and wait <= retry_cap:
            raise task.retry(countdown=wait)
