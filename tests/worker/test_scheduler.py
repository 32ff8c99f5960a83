"""One scheduler at a time: the Redis lock makes a single worker tick, and another takes over
at once when it stops."""

from __future__ import annotations

import pytest

from service.worker.dispatch import Broker
from service.worker.scheduler import Scheduler

pytestmark = pytest.mark.celery


def test_only_the_lock_holder_schedules_and_a_stop_hands_over(app, redis_server):
    services = app.extensions["grader.services"]
    settings = services.settings.model_copy(update={"broker_url": redis_server.url})
    first = Scheduler(services, Broker(settings))
    second = Scheduler(services, Broker(settings))

    assert first.leads()
    assert not second.leads()
    assert first.leads()  # renewing its own lock

    first.stop()
    assert second.leads()
    assert not first.leads()
    second.stop()


def test_a_scheduler_without_its_broker_does_not_lead(app, redis_server):
    services = app.extensions["grader.services"]
    settings = services.settings.model_copy(update={"broker_url": redis_server.url})
    scheduler = Scheduler(services, Broker(settings))
    assert scheduler.leads()
    redis_server.stop()
    assert not scheduler.leads()
    redis_server.start()  # empty: its lock is gone, it takes a new one
    assert not scheduler.leads()  # the lost lock is noticed first
    assert scheduler.leads()
