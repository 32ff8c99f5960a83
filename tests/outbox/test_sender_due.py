"""A delivery is attempted only when due: a duplicate or early task does nothing, and `due_in`
tells a retrying task how long to wait."""

from __future__ import annotations

from datetime import timedelta

from service.outbox import sender
from service.store.db import session_scope
from service.store.models import Delivery, utcnow
from service.store.webhooks import create_endpoint


def test_a_failed_delivery_is_not_attempted_again_before_it_is_due(app, tenant):
    services = app.extensions["grader.services"]
    unreachable = "http://127.0.0.1:9/unreachable"
    with session_scope(services.db) as session:
        endpoint = create_endpoint(session, tenant.org_id, unreachable,
                                   ["interview.completed"], services.sealer.seal("s"), "test")
        session.flush()
        delivery = Delivery(org_id=tenant.org_id, channel="webhook", event="interview.completed",
                            target=unreachable, endpoint_id=endpoint.id, payload="{}",
                            give_up_at=utcnow() + timedelta(hours=1))
        session.add(delivery)
    assert sender.due_in(services, delivery.id) == 0.0

    assert not sender.send_one(services, delivery.id)  # nothing listens there: it fails
    assert not sender.send_one(services, delivery.id)  # not due again yet: no attempt

    with session_scope(services.db) as session:
        assert session.get(Delivery, delivery.id).attempts == 1
    wait = sender.due_in(services, delivery.id)
    assert 0 < wait <= services.settings.delivery_backoff_seconds
