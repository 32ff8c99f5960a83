"""Sends due deliveries: claims each with a lease, hands it to its channel, then marks it sent
or schedules the next attempt with exponential backoff until its give-up time passes.

Delivery is at least once: a process that dies after sending but before recording it sends
again once the lease runs out, so receivers dedupe on the delivery id."""

from __future__ import annotations

import importlib
import logging
from datetime import UTC, timedelta

from sqlalchemy import or_, update
from sqlmodel import col, select

from service.interviews.services import Services
from service.outbox.errors import Undeliverable
from service.store.db import session_scope
from service.store.models import Delivery, utcnow

log = logging.getLogger("service.outbox")

BATCH = 50
MAX_DOUBLINGS = 40  # 2**40 first delays outlast any give-up time; keeps the float finite


def channel(name: str):
    """The channel module that sends deliveries of kind `name` (service/outbox/channels/)."""
    return importlib.import_module(f"service.outbox.channels.{name}")


def backoff(services: Services, attempts: int) -> timedelta:
    """Delay before the next attempt after `attempts` failed ones: the first delay, doubled
    after each further failure, capped at delivery_max_backoff_seconds."""
    settings = services.settings
    doublings = min(max(attempts - 1, 0), MAX_DOUBLINGS)
    seconds = settings.delivery_backoff_seconds * 2**doublings
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


def _record(services: Services, delivery_id: str, error: str | None, final: bool) -> None:
    """Store the outcome of an attempt: delivered, or the next attempt (never later than the
    give-up time), or failed once the give-up time has passed or retrying cannot help."""
    now = utcnow()
    with session_scope(services.db) as session:
        row = session.get(Delivery, delivery_id)
        if row is None:  # deleted while it was sent (the candidate was erased)
            return
        row.attempts += 1
        row.lease_until = None
        if error is None:
            row.status, row.delivered_at, row.last_error = "delivered", now, None
        else:
            row.last_error = error
            if final or now >= row.give_up_at:
                row.status = "failed"
            else:
                row.next_attempt_at = min(now + backoff(services, row.attempts), row.give_up_at)
            log.warning("delivery %s (%s, %s) failed, attempt %d%s: %s", row.id, row.channel,
                        row.event, row.attempts, ", giving up" if row.status == "failed" else "",
                        error)
        session.add(row)


def send_one(services: Services, delivery_id: str) -> bool:
    """Try one delivery now if it is still pending and not leased; True when it was sent."""
    if not _claim(services, delivery_id):
        return False
    with session_scope(services.db) as session:
        delivery = session.get(Delivery, delivery_id)
    error: str | None = None
    final = False
    try:
        channel(delivery.channel).send(services, delivery)
    except Exception as exc:  # every failure is recorded and retried
        error = f"{type(exc).__name__}: {exc}"[:2000]
        final = isinstance(exc, Undeliverable)
    _record(services, delivery_id, error, final)
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
