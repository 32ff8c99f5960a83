"""The single scheduler of a Celery deployment: expiry, stale jobs, job and delivery sweeps.

Every `grader worker` runs one, but only the holder of a Redis lock ticks; the lock expires
when its holder dies, so another worker's scheduler takes over within a few intervals. The tick
itself only expires interviews and enqueues stored work: the grading and sending run as tasks.
"""

from __future__ import annotations

import logging

import redis
from redis.exceptions import LockError

from service.interviews.services import Services
from service.worker.dispatch import Broker
from service.worker.loop import BackgroundLoop

log = logging.getLogger("service.worker")

LOCK_KEY = "grader:scheduler"


class Scheduler(BackgroundLoop):
    """Ticks every `background_interval_seconds` while this process holds the lock."""

    def __init__(self, services: Services, broker: Broker) -> None:
        super().__init__(services)
        interval = services.settings.background_interval_seconds
        self._lock = broker.redis.lock(LOCK_KEY, timeout=max(3 * interval, 10.0),
                                       thread_local=False)

    def leads(self) -> bool:
        """Take or renew the lock; False when another worker holds it or Redis is down."""
        try:
            if self._lock.local.token is not None:
                self._lock.reacquire()
                return True
            return self._lock.acquire(blocking=False)
        except LockError:
            self._lock.local.token = None
            log.warning("scheduler lock lost; another worker schedules")
            return False
        except (redis.RedisError, OSError) as error:
            log.warning("scheduler waits for the broker: %s", error)
            return False

    def stop(self, timeout: float = 10.0) -> None:
        """Stop ticking and hand the lock over at once."""
        super().stop(timeout)
        try:
            if self._lock.local.token is not None:
                self._lock.release()
        except (LockError, redis.RedisError, OSError):
            pass
