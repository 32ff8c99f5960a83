"""Sends due deliveries: claims each with a lease, hands it to its channel, then marks it sent
or schedules the next attempt with exponential backoff until its give-up time passes."""

from __future__ import annotations

import importlib
import logging
from datetime import UTC, timedelta

from sqlalchemy import or_, update
from sqlmodel import col, select

from service.interviews.services import Services
from service.store.db import session_scope
from service.store.models import Delivery, utcnow

log = logging.getLogger("service.outbox")

BATCH = 50


def channel(name: str):
    """The channel module that sends deliveries of kind `name` (service/outbox/channels/)."""
    return importlib.import_module(f"service.outbox.channels.{name}")


def backoff(services: Services, attempts: int) -> timedelta:
    """Delay before the next attempt after `attempts` failed ones."""
    settings = services.settings
    seconds = settings.delivery_backoff_seconds * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.delivery_max_backoff_seconds))


def _claim(services: Services, delivery_id: str) -> bool:
    """Lease the delivery if it is pending, due and not leased (a duplicate task, or one
    retried early, then does nothing)."""
    now = utcnow()
    lease = now + timedelta(seconds=3 * services.settings.delivery_timeout_seconds + 30)
    with session_scope(services.db) as session:
        return session.execute(
            update(Delivery)
            .where(
                col(Delivery.id) == delivery_id,
                col(Delivery.status) == "pending",
                col(Delivery.next_attempt_at) <= now,
                or_(col(Delivery.lease_until).is_(None), col(Delivery.lease_until) < now),
            )
            .values(lease_until=lease)
        ).rowcount == 1


def send_one(services: Services, delivery_id: str) -> bool:
    """Try one delivery now if it is still pending and not leased; True when it was sent."""
    if not _claim(services, delivery_id):
        return False
    with session_scope(services.db) as session:
        delivery = session.get(Delivery, delivery_id)
    error: str | None = None
    try:
        channel(delivery.channel).send(services, delivery)
    except Exception as exc:  # every failure is recorded and retried
        error = f"{type(exc).__name__}: {exc}"[:2000]
    with session_scope(services.db) as session:
        row = session.get(Delivery, delivery_id)
        row.attempts += 1
        row.lease_until = None
        if error is None:
            row.status, row.delivered_at, row.last_error = "delivered", utcnow(), None
        else:
            row.last_error = error
            row.next_attempt_at = utcnow() + backoff(services, row.attempts)
            if row.next_attempt_at > row.give_up_at:
                row.status = "failed"
            log.warning("delivery %s (%s to %s) failed, attempt %d: %s", row.id, row.channel,
                        row.target, row.attempts, error)
        session.add(row)
    return error is None


def due_ids(services: Services) -> list[str]:
    """Ids of up to BATCH pending deliveries whose time has come, oldest first."""
    now = utcnow()
    with session_scope(services.db) as session:
        return list(session.exec(
            select(Delivery.id)
            .where(Delivery.status == "pending", Delivery.next_attempt_at <= now)
            .order_by(col(Delivery.next_attempt_at))
            .limit(BATCH)
        ).all())


def due_in(services: Services, delivery_id: str) -> float | None:
    """Seconds until the delivery's next attempt (0 when due); None once it is no longer
    pending (delivered or given up)."""
    with session_scope(services.db) as session:
        delivery = session.get(Delivery, delivery_id)
    if delivery is None or delivery.status != "pending":
        return None
    next_attempt = delivery.next_attempt_at
    if next_attempt.tzinfo is None:  # SQLite returns naive UTC
        next_attempt = next_attempt.replace(tzinfo=UTC)
    return max(0.0, (next_attempt - utcnow()).total_seconds())


def send_due(services: Services) -> int:
    """Send every pending delivery whose time has come; returns how many were sent."""
    return sum(send_one(services, delivery_id) for delivery_id in due_ids(services))
