"""The Greenhouse PATCH reaches the URL given in send_test, with the key as Basic user name."""

from __future__ import annotations

import base64

from service.outbox import sender
from tests.flows import completed_interview, portal_principal
from tests.outbox.conftest import deliveries

GREENHOUSE_KEY = "gk_greenhouse-portal-key"


def _partner(services, callback_url: str) -> dict[str, str]:
    return {
        "partner_test_id": "assessment-1",
        "partner_profile_url": "https://app.greenhouse.io/people/1",
        "partner_callback_url": callback_url,
        "partner_key_sealed": services.sealer.seal(GREENHOUSE_KEY),
    }


def test_completion_patches_greenhouse_with_basic_auth_and_no_body(services, tenant, listener):
    callback = f"{listener.url}/partner/complete?id=42"
    interview = completed_interview(services, portal_principal(services, tenant.keys["portal"]),
                                    partner=_partner(services, callback))

    assert sender.send_due(services) == 1

    [request] = listener.received
    assert request.method == "PATCH"
    assert request.path == "/hooks/partner/complete?id=42"
    expected = base64.b64encode(f"{GREENHOUSE_KEY}:".encode()).decode()
    assert request.headers["Authorization"] == f"Basic {expected}"
    assert request.body == b""
    assert request.headers.get("Content-Length", "0") == "0"
    [delivery] = deliveries(services, channel="greenhouse")
    assert (delivery.status, delivery.interview_id) == ("delivered", interview.id)


def test_a_refused_callback_is_retried(services, tenant, listener):
    listener.statuses = [401]
    completed_interview(services, portal_principal(services, tenant.keys["portal"]),
                        partner=_partner(services, listener.url))

    assert sender.send_due(services) == 0

    [delivery] = deliveries(services, channel="greenhouse")
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert "401" in delivery.last_error


def test_an_interview_not_sent_by_greenhouse_calls_nobody_back(services, tenant, listener):
    completed_interview(services, portal_principal(services, tenant.keys["portal"]))

    assert sender.send_due(services) == 0
    assert deliveries(services, channel="greenhouse") == []
    assert listener.received == []
