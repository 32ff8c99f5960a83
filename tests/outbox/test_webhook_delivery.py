"""Webhooks reach a real local listener, signed as docs/webhooks.md documents."""

from __future__ import annotations

import json
import re
from pathlib import Path

from service.interviews import reviews
from service.interviews.summary import scenario_states
from service.outbox import sender
from service.store.db import session_scope
from service.store.models import Interview
from tests.flows import completed_interview, portal_principal
from tests.outbox.conftest import deliveries, register_webhook

DOCS = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"


def documented_verifier():
    """The receiver's verification function exactly as docs/webhooks.md prints it."""
    code = re.search(r"```python\n(.*?)```", DOCS.read_text(), re.DOTALL).group(1)
    namespace: dict = {}
    exec(compile(code, str(DOCS), "exec"), namespace)
    return namespace["verify_signature"]


def test_completed_interview_is_posted_signed_to_the_endpoint(client, services, tenant,
                                                               listener):
    hook = register_webhook(client, tenant.headers("portal"), listener.url,
                            ["interview.completed"])
    interview = completed_interview(services, portal_principal(services, tenant.keys["portal"]))

    assert sender.send_due(services) == 1

    [request] = listener.received
    assert request.method == "POST" and request.path == "/hooks"
    assert request.headers["Content-Type"] == "application/json"
    verify_signature = documented_verifier()
    assert verify_signature(hook["secret"], request.headers["Grader-Signature"], request.body)
    assert not verify_signature("whsec_wrong", request.headers["Grader-Signature"], request.body)
    event = json.loads(request.body)
    assert event["type"] == "interview.completed"
    assert event["id"] == request.headers["Grader-Delivery"]
    assert request.headers["Grader-Event"] == "interview.completed"
    assert event["data"]["interview"]["id"] == interview.id
    assert event["data"]["interview"]["status"] == "completed"
    [delivery] = deliveries(services, endpoint_id=hook["id"])
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("delivered", 1, None)
    assert sender.send_due(services) == 0  # sent once, not again


def test_only_subscribed_endpoints_of_the_same_organisation_receive_the_event(
    client, services, tenant, other_tenant, listener
):
    register_webhook(client, tenant.headers("portal"), listener.url, ["result.reviewed"])
    register_webhook(client, other_tenant.headers("admin"), listener.url,
                     ["interview.completed"])
    completed_interview(services, portal_principal(services, tenant.keys["portal"]))

    assert sender.send_due(services) == 0
    assert listener.received == []


def test_a_review_is_posted_as_result_reviewed(client, services, tenant, listener):
    hook = register_webhook(client, tenant.headers("portal"), listener.url, ["result.reviewed"])
    interview = completed_interview(services, portal_principal(services, tenant.keys["portal"]))
    with session_scope(services.db) as session:
        row = session.get(Interview, interview.id)
        [state] = scenario_states(session, row, services.bank)
        result_id = state.parts["text"].result.id

    reviews.add_review(services, tenant.org_id, "key:reviewer", result_id, 42.0, "too vague")
    assert sender.send_due(services) == 1

    [request] = listener.received
    assert documented_verifier()(hook["secret"], request.headers["Grader-Signature"],
                                 request.body)
    event = json.loads(request.body)
    assert event["type"] == "result.reviewed"
    assert event["data"]["review"]["result_id"] == result_id
    assert event["data"]["review"]["score"] == 42.0
    assert event["data"]["review"]["reason"] == "too vague"
    assert event["data"]["interview"]["id"] == interview.id


def test_a_disabled_endpoint_gets_nothing_and_its_pending_deliveries_are_cancelled(
    client, services, tenant, listener
):
    headers = tenant.headers("portal")
    hook = register_webhook(client, headers, listener.url, ["interview.completed"])
    completed_interview(services, portal_principal(services, tenant.keys["portal"]))

    assert client.delete(f"/api/v1/webhooks/{hook['id']}", headers=headers).status_code == 204
    assert sender.send_due(services) == 0

    assert listener.received == []
    [delivery] = deliveries(services, endpoint_id=hook["id"])
    assert delivery.status == "cancelled"
