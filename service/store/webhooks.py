"""Webhook endpoints of an organisation and the deliveries made to them."""

from __future__ import annotations

from sqlmodel import Session, col, select, update

from service.store import audit
from service.store.models import Delivery, WebhookEndpoint, dumps, utcnow


def create_endpoint(
    session: Session, org_id: str, url: str, events: list[str], secret_sealed: str, actor: str
) -> WebhookEndpoint:
    """A new endpoint receiving `events` at `url`, signed with the sealed secret."""
    endpoint = WebhookEndpoint(org_id=org_id, url=url, events_json=dumps(events),
                               secret_sealed=secret_sealed)
    session.add(endpoint)
    audit.record(session, org_id=org_id, actor=actor, action="webhook.created",
                 subject_type="webhook", subject_id=endpoint.id,
                 after={"url": url, "events": events})
    return endpoint


def list_endpoints(session: Session, org_id: str) -> list[WebhookEndpoint]:
    """The organisation's endpoints, newest first (disabled ones too)."""
    query = (
        select(WebhookEndpoint)
        .where(WebhookEndpoint.org_id == org_id)
        .order_by(col(WebhookEndpoint.created_at).desc(), col(WebhookEndpoint.id))
    )
    return list(session.exec(query).all())


def get_endpoint(session: Session, org_id: str, endpoint_id: str) -> WebhookEndpoint | None:
    """The organisation's endpoint with that id (None for another organisation's)."""
    endpoint = session.get(WebhookEndpoint, endpoint_id)
    return endpoint if endpoint is not None and endpoint.org_id == org_id else None


def disable_endpoint(session: Session, endpoint: WebhookEndpoint, actor: str) -> int:
    """Stop sending to the endpoint (idempotent) and cancel its pending deliveries; returns
    how many were cancelled."""
    if endpoint.disabled_at is not None:
        return 0
    endpoint.disabled_at = utcnow()
    session.add(endpoint)
    cancelled = session.execute(
        update(Delivery)
        .where(col(Delivery.endpoint_id) == endpoint.id, col(Delivery.status) == "pending")
        .values(status="cancelled", lease_until=None)
    ).rowcount
    audit.record(session, org_id=endpoint.org_id, actor=actor, action="webhook.disabled",
                 subject_type="webhook", subject_id=endpoint.id, before={"disabled": False},
                 after={"disabled": True, "cancelled_deliveries": cancelled})
    return cancelled


def recent_deliveries(session: Session, endpoint: WebhookEndpoint, limit: int) -> list[Delivery]:
    """The endpoint's latest deliveries, newest first."""
    query = (
        select(Delivery)
        .where(Delivery.endpoint_id == endpoint.id, Delivery.org_id == endpoint.org_id)
        .order_by(col(Delivery.created_at).desc(), col(Delivery.id))
        .limit(limit)
    )
    return list(session.exec(query).all())
