"""Adding deliveries to the outbox (inside the caller's transaction)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlmodel import Session, select

from service.settings import Settings
from service.store.models import Delivery, Interview, WebhookEndpoint, dumps, new_id, utcnow


def _delivery(settings: Settings, **fields: Any) -> Delivery:
    now = utcnow()
    return Delivery(
        next_attempt_at=now,
        give_up_at=now + timedelta(hours=settings.delivery_give_up_hours),
        **fields,
    )


def queue_event(
    session: Session,
    settings: Settings,
    org_id: str,
    event: str,
    data: dict[str, Any],
    interview_id: str | None = None,
) -> list[Delivery]:
    """One webhook delivery per live endpoint of the organisation subscribed to `event`."""
    endpoints = session.exec(
        select(WebhookEndpoint).where(
            WebhookEndpoint.org_id == org_id, WebhookEndpoint.disabled_at == None  # noqa: E711
        )
    ).all()
    deliveries = []
    for endpoint in endpoints:
        if event not in endpoint.events:
            continue
        delivery_id = new_id()
        body = {"id": delivery_id, "type": event, "created_at": utcnow().isoformat(), "data": data}
        delivery = _delivery(
            settings, id=delivery_id, org_id=org_id, channel="webhook", event=event,
            target=endpoint.url, endpoint_id=endpoint.id, interview_id=interview_id,
            payload=dumps(body),
        )
        session.add(delivery)
        deliveries.append(delivery)
    return deliveries


def queue_greenhouse_callback(
    session: Session, settings: Settings, interview: Interview
) -> Delivery | None:
    """The PATCH to the URL Greenhouse gave in send_test, for an interview it sent."""
    if not interview.partner_callback_url:
        return None
    delivery = _delivery(
        settings, org_id=interview.org_id, channel="greenhouse", event="interview.completed",
        target=interview.partner_callback_url, interview_id=interview.id, payload="",
    )
    session.add(delivery)
    return delivery


def queue_email(
    session: Session,
    settings: Settings,
    *,
    org_id: str,
    to: str,
    sealed_message: str,
    event: str,
    interview_id: str | None = None,
) -> Delivery:
    """An e-mail to send through GRADER_SMTP_URL. `sealed_message` is the sealed JSON of
    `{"subject", "text", "html"}` (sealed because an invite carries the candidate's token)."""
    delivery = _delivery(
        settings, org_id=org_id, channel="email", event=event, target=to,
        interview_id=interview_id, payload=sealed_message,
    )
    session.add(delivery)
    return delivery
