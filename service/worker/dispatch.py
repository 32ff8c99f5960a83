"""Enqueue stored work as Celery tasks, at most one live task per job or delivery.

Before publishing, a marker key `grader:enqueued:<task>:<id>` is set in the broker's Redis (SET
NX with an expiry of the visibility timeout): while it exists a task for that id is queued or
running, so the sweeper does not pile up copies of a job that merely waits its turn. If Redis
loses its data or the publish fails the marker goes too, and the next sweep enqueues again.
A duplicate task is harmless anyway: the job claim and the delivery lease let one run.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache

import redis
from celery import Celery
from kombu.exceptions import OperationalError as BrokerError

from service.settings import Settings
from service.worker.celery_app import DELIVER_TASK, GRADE_TASK, make_celery, visibility_timeout

log = logging.getLogger("service.worker")

MARKER_PREFIX = "grader:enqueued"
_lock = threading.Lock()


class Broker:
    """The Celery app and a plain Redis client on the same broker URL."""

    def __init__(self, settings: Settings) -> None:
        self.celery: Celery = make_celery(settings)
        self.redis = redis.Redis.from_url(
            settings.broker_url, socket_timeout=5, socket_connect_timeout=2
        )
        self.marker_ttl = int(visibility_timeout(settings))

    def enqueue_once(self, task: str, object_id: str) -> bool:
        """Publish `task(object_id)` unless one is already queued or running; True when
        published. Raises the broker's connection errors."""
        key = f"{MARKER_PREFIX}:{task}:{object_id}"
        if not self.redis.set(key, "1", nx=True, ex=self.marker_ttl):
            return False
        try:
            self.celery.send_task(task, args=[object_id], retry=False)
        except BaseException:
            self.redis.delete(key)
            raise
        return True

    def forget(self, task: str, object_id: str) -> None:
        """Drop the marker once the task is over, so a later sweep may enqueue again."""
        self.redis.delete(f"{MARKER_PREFIX}:{task}:{object_id}")

    def ping(self) -> None:
        """One round trip to Redis; raises when it is unreachable."""
        self.redis.ping()


@lru_cache(maxsize=4)
def _broker(settings_json: str) -> Broker:
    return Broker(Settings.model_validate_json(settings_json))


def broker(settings: Settings) -> Broker:
    """The process's Broker for these settings (created once)."""
    with _lock:
        return _broker(settings.model_dump_json())


def _enqueue(settings: Settings, task: str, object_id: str) -> bool:
    try:
        return broker(settings).enqueue_once(task, object_id)
    except (redis.RedisError, OSError, BrokerError):
        log.warning("broker unreachable: %s %s stays stored until the next sweep", task, object_id)
        return False


def enqueue_job(settings: Settings, job_id: str) -> bool:
    """Enqueue the grading of a stored code job; False when one is already queued or the
    broker is unreachable (the job stays queued in the database for the sweeper)."""
    return _enqueue(settings, GRADE_TASK, job_id)


def enqueue_delivery(settings: Settings, delivery_id: str) -> bool:
    """Enqueue the sending of a stored delivery; False as for `enqueue_job`."""
    return _enqueue(settings, DELIVER_TASK, delivery_id)


def broker_reachable(settings: Settings) -> bool:
    """True when the broker's Redis answers a ping."""
    try:
        broker(settings).ping()
    except (redis.RedisError, OSError):
        return False
    return True
