"""Greenhouse callbacks: `PATCH <url given in send_test>`, Basic auth with the Greenhouse key as
user name and an empty password, no body."""

from __future__ import annotations

from sqlmodel import Session

from service.interviews.services import Services
from service.outbox.errors import Undeliverable, unseal
from service.outbox.http import call
from service.store.models import Delivery, Interview


def send(services: Services, delivery: Delivery) -> None:
    """Tell Greenhouse the interview is complete; raises unless it answers 2xx."""
    with Session(services.db) as session:
        interview = session.get(Interview, delivery.interview_id)
    if interview is None or not interview.partner_key_sealed:
        raise Undeliverable("the interview has no Greenhouse key to call back with")
    key = unseal(services.sealer, interview.partner_key_sealed, "Greenhouse key")
    settings = services.settings
    call("PATCH", delivery.target, settings.delivery_timeout_seconds, settings.delivery_targets,
         auth=(key, ""))
