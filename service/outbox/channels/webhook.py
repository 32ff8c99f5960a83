"""Webhook deliveries: the stored JSON POSTed as is, signed with the endpoint's secret."""

from __future__ import annotations

from sqlmodel import Session

from service.interviews.services import Services
from service.outbox import signing
from service.outbox.errors import Undeliverable, unseal
from service.outbox.http import call
from service.store.models import Delivery, WebhookEndpoint

DELIVERY_HEADER = "Grader-Delivery"
EVENT_HEADER = "Grader-Event"


def send(services: Services, delivery: Delivery) -> None:
    """POST the payload with Grader-Signature, Grader-Delivery (the id receivers dedupe on) and
    Grader-Event; raises unless the receiver answers 2xx."""
    with Session(services.db) as session:
        endpoint = session.get(WebhookEndpoint, delivery.endpoint_id)
    if endpoint is None or endpoint.disabled_at is not None:
        raise Undeliverable("the webhook endpoint was disabled")
    secret = unseal(services.sealer, endpoint.secret_sealed, "webhook secret")
    body = delivery.payload.encode()
    headers = {
        "Content-Type": "application/json",
        signing.HEADER: signing.sign(secret, body),
        DELIVERY_HEADER: delivery.id,
        EVENT_HEADER: delivery.event,
    }
    settings = services.settings
    call("POST", delivery.target, settings.delivery_timeout_seconds, settings.delivery_targets,
         data=body, headers=headers)
