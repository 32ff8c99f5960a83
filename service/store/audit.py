"""The audit trail: one row per change, with who did it and the state before and after."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session, col, select

from service.store.db import Row, insert_into
from service.store.models import AuditEvent, dumps, new_id, utcnow


def record(session: Session, **event: Any) -> None:
    """Write an audit event (the fields of `event_row`) in the session's transaction, committed
    with the change it describes. A Core INSERT, executed at once: no model object, no unit of
    work."""
    table, values = event_row(**event)
    session.exec(insert_into(table), params=values)


def event_row(
    *,
    org_id: str | None,
    actor: str,
    action: str,
    subject_type: str,
    subject_id: str,
    interview_id: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Row:
    """A new audit event as a row to insert (`service.store.db.insert_rows`)."""
    return AuditEvent.__table__, {
        "id": new_id(),
        "org_id": org_id,
        "actor": actor,
        "action": action,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "interview_id": interview_id,
        "before_json": dumps(before) if before is not None else None,
        "after_json": dumps(after) if after is not None else None,
        "at": utcnow(),
    }


def for_interview(session: Session, org_id: str, interview_id: str) -> list[AuditEvent]:
    """The interview's trail, oldest first (its own events and those of its answers)."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.org_id == org_id, AuditEvent.interview_id == interview_id)
        .order_by(col(AuditEvent.at), col(AuditEvent.id))
    )
    return list(session.exec(query).all())


def event_view(event: AuditEvent) -> dict[str, Any]:
    """An audit event as JSON."""
    return {
        "id": event.id,
        "at": event.at.isoformat(),
        "actor": event.actor,
        "action": event.action,
        "subject_type": event.subject_type,
        "subject_id": event.subject_id,
        "before": json.loads(event.before_json) if event.before_json else None,
        "after": json.loads(event.after_json) if event.after_json else None,
    }
