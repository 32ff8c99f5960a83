"""The Celery application of `grader worker` and of the web processes that enqueue for it.

Reliability comes from Celery's own mechanisms: a task is acknowledged only once it finished
(`task_acks_late`), a task whose worker process died is rejected back to the queue
(`task_reject_on_worker_lost`), and a task a lost worker held unacknowledged becomes visible
again after `visibility_timeout` (longer than any job, so a slow job is never handed out twice
while it runs). Each worker reserves one task per free slot (`worker_prefetch_multiplier=1`).
"""

from __future__ import annotations

from celery import Celery

from service.interviews.grading import longest_job, stale_after
from service.settings import Settings

GRADE_TASK = "grader.grade_code"
DELIVER_TASK = "grader.deliver"
GRADING_QUEUE = "grading"
OUTBOX_QUEUE = "outbox"
RESTORE_INTERVAL_SECONDS = 5


def visibility_timeout(settings: Settings) -> float:
    """Seconds before an unacknowledged task is handed out again; raises ValueError when the
    configured value does not exceed the longest job."""
    configured = settings.broker_visibility_timeout_seconds
    if configured is None:
        return stale_after(settings).total_seconds()
    if configured <= longest_job(settings).total_seconds():
        raise ValueError(
            f"GRADER_BROKER_VISIBILITY_TIMEOUT_SECONDS ({configured:g}) must exceed the longest "
            f"code job ({longest_job(settings).total_seconds():g} s)"
        )
    return configured


def make_celery(settings: Settings) -> Celery:
    """A Celery app on `settings.broker_url` (tasks are registered by service.worker.tasks)."""
    visibility = visibility_timeout(settings)
    app = Celery("grader", broker=settings.broker_url, set_as_current=False)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_ignore_result=True,
        worker_prefetch_multiplier=1,
        worker_send_task_events=False,
        task_default_queue=GRADING_QUEUE,
        task_routes={DELIVER_TASK: {"queue": OUTBOX_QUEUE}},
        task_serializer="json",
        accept_content=["json"],
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,  # a Redis outage delays work, it never ends a worker
        # a grade running when the broker drops finishes and stores its result (the database
        # needs no broker); its redelivered task then finds the job done
        worker_cancel_long_running_tasks_on_connection_loss=False,
        broker_connection_timeout=2,
        broker_transport_options={
            "visibility_timeout": visibility,
            "unacked_restore_interval": RESTORE_INTERVAL_SECONDS,
            "unacked_restore_throttle": 1,
            "socket_timeout": 5,
            "socket_connect_timeout": 2,
        },
    )
    return app
