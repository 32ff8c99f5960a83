"""Failed deliveries are retried with exponential backoff until their give-up time, and the
outbox outlives the process that filled it."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import timedelta

import pytest
from pydantic import ValidationError

from service import create_app
from service.outbox import sender
from service.settings import Settings
from service.store.db import session_scope
from service.store.models import Delivery, utcnow
from tests.conftest import make_tenant
from tests.flows import completed_interview, portal_principal
from tests.outbox.conftest import BACKOFF_SECONDS, deliveries, register_webhook


def _queue_one(client, services, tenant, listener) -> Delivery:
    hook = register_webhook(client, tenant.headers("portal"), listener.url,
                            ["interview.completed"])
    completed_interview(services, portal_principal(services, tenant.keys["portal"]))
    [delivery] = deliveries(services, endpoint_id=hook["id"])
    return delivery


def _set(services, delivery_id: str, **values) -> None:
    with session_scope(services.db) as session:
        row = session.get(Delivery, delivery_id)
        for name, value in values.items():
            setattr(row, name, value)
        session.add(row)


def _wait_until(moment) -> None:
    time.sleep(max((moment - utcnow()).total_seconds(), 0) + 0.01)


def test_a_500_is_retried_after_the_backoff_and_then_delivered(client, services, tenant,
                                                               listener):
    listener.statuses = [500]
    delivery = _queue_one(client, services, tenant, listener)

    before = utcnow()
    assert sender.send_due(services) == 0
    [failed] = deliveries(services, id=delivery.id)
    assert (failed.status, failed.attempts) == ("pending", 1)
    assert "500" in failed.last_error
    assert failed.next_attempt_at >= before + timedelta(seconds=BACKOFF_SECONDS)
    assert sender.send_due(services) == 0  # not due yet: nothing is sent
    assert len(listener.received) == 1

    _wait_until(failed.next_attempt_at)
    assert sender.send_due(services) == 1
    [sent] = deliveries(services, id=delivery.id)
    assert (sent.status, sent.attempts, sent.last_error) == ("delivered", 2, None)
    assert len(listener.received) == 2
    first, second = listener.received
    assert first.headers["Grader-Delivery"] == second.headers["Grader-Delivery"] == delivery.id
    assert first.body == second.body


def test_each_failure_doubles_the_delay_up_to_the_cap(services):
    settings = services.settings
    delays = [sender.backoff(services, attempts).total_seconds() for attempts in (1, 2, 3, 4)]
    assert delays == [BACKOFF_SECONDS * factor for factor in (1, 2, 4, 8)]
    assert sender.backoff(services, 10_000).total_seconds() == (
        settings.delivery_max_backoff_seconds
    )


def test_retries_stop_at_the_give_up_time_and_the_delivery_is_failed(client, services, tenant,
                                                                    listener):
    listener.statuses = [503, 503]
    delivery = _queue_one(client, services, tenant, listener)
    slow = replace(services, settings=services.settings.model_copy(
        update={"delivery_backoff_seconds": 3600.0}))
    give_up = utcnow() + timedelta(minutes=1)
    _set(services, delivery.id, give_up_at=give_up)

    assert sender.send_due(slow) == 0
    [retrying] = deliveries(services, id=delivery.id)
    assert (retrying.status, retrying.attempts) == ("pending", 1)
    assert retrying.next_attempt_at == give_up  # the last try is at the give-up time, not later

    passed = utcnow() - timedelta(seconds=1)  # the minute has gone by
    _set(services, delivery.id, give_up_at=passed, next_attempt_at=passed)
    assert sender.send_due(slow) == 0

    [failed] = deliveries(services, id=delivery.id)
    assert (failed.status, failed.attempts) == ("failed", 2)
    assert "503" in failed.last_error
    assert sender.send_due(slow) == 0
    assert len(listener.received) == 2


def test_deliveries_are_retried_for_at_least_a_day(client, services, tenant, listener):
    delivery = _queue_one(client, services, tenant, listener)
    assert delivery.give_up_at - delivery.created_at >= timedelta(hours=48) - timedelta(seconds=1)
    with pytest.raises(ValidationError, match="delivery_give_up_hours"):
        Settings(delivery_give_up_hours=12)


def test_a_delivery_queued_before_a_restart_is_sent_by_the_new_process(settings, listener):
    first = create_app(settings)
    tenant = make_tenant(first, "Org A")
    services = first.extensions["grader.services"]
    hook = register_webhook(first.test_client(), tenant.headers("portal"), listener.url,
                            ["interview.completed"])
    completed_interview(services, portal_principal(services, tenant.keys["portal"]))
    services.db.dispose()  # the first process is gone before anything was sent

    second = create_app(settings)
    try:
        assert sender.send_due(second.extensions["grader.services"]) == 1
    finally:
        second.extensions["grader.db"].dispose()

    [request] = listener.received
    [delivery] = deliveries(second.extensions["grader.services"], endpoint_id=hook["id"])
    assert delivery.status == "delivered"
    assert request.headers["Grader-Delivery"] == delivery.id


def test_a_secret_sealed_under_another_server_key_fails_at_once(settings, listener):
    first = create_app(settings)
    tenant = make_tenant(first, "Org A")
    services = first.extensions["grader.services"]
    register_webhook(first.test_client(), tenant.headers("portal"), listener.url,
                     ["interview.completed"])
    completed_interview(services, portal_principal(services, tenant.keys["portal"]))
    services.db.dispose()

    rekeyed = create_app(settings.model_copy(update={"secret_key": "another-key"}))
    try:
        other = rekeyed.extensions["grader.services"]
        assert sender.send_due(other) == 0
        [delivery] = deliveries(other)
    finally:
        rekeyed.extensions["grader.db"].dispose()
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert "another secret key" in delivery.last_error
    assert listener.received == []
