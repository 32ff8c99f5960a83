"""`grader worker`: one Celery worker process grading code, sending deliveries and (when it
holds the lock) scheduling, on the database and broker it shares with `grader serve`."""

from __future__ import annotations

import os
import socket

from service.settings import Settings
from service.worker import tasks
from service.worker.celery_app import GRADING_QUEUE, OUTBOX_QUEUE
from service.worker.dispatch import broker
from service.worker.scheduler import Scheduler


def run_worker(settings: Settings, concurrency: int, loglevel: str = "INFO") -> None:
    """Run until stopped (SIGTERM waits for the running tasks; SIGKILL loses nothing: the
    broker hands the unacknowledged tasks out again after the visibility timeout)."""
    from service import build_services

    settings = settings.model_copy(update={"code_pool_size": concurrency})
    services = build_services(settings)
    connection = broker(settings)
    tasks.register(connection.celery, services, connection)
    services.runner.start()  # warm sandboxes, ready before the first job
    scheduler = Scheduler(services, connection)
    scheduler.start()
    try:
        connection.celery.worker_main([
            "worker", "--pool=threads",
            # one more thread than sandboxes, so a delivery is not stuck behind code jobs
            f"--concurrency={concurrency + 1}",
            f"--queues={GRADING_QUEUE},{OUTBOX_QUEUE}",
            f"--hostname=grader-{os.getpid()}@{socket.gethostname()}",
            f"--loglevel={loglevel}",
            "--without-mingle", "--without-gossip",
        ])
    finally:
        scheduler.stop()
        services.runner.shutdown(wait=False)
        services.db.dispose()
