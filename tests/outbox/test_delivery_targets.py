"""Deliveries connect only to the addresses GRADER_DELIVERY_TARGETS allows: by default public
ones, so a customer's URL cannot make the service call its own network. No test here connects
to anything but the loopback listener: private addresses are checked without a connection."""

from __future__ import annotations

import pytest

from service import create_app
from service.outbox import sender
from service.outbox.http import forbidden_target
from service.settings import Settings
from service.store import webhooks
from service.store.db import session_scope
from tests.api.portal import assert_problem
from tests.flows import completed_interview, portal_principal
from tests.outbox.conftest import deliveries

PRIVATE_URLS = [
    "http://10.0.0.5/hooks",
    "http://192.168.1.20:8080/hooks",
    "http://169.254.169.254/latest/meta-data/",
    "http://[fd00::1]/hooks",
    "http://[::ffff:172.16.0.1]/hooks",
    "http://0.0.0.0:9/hooks",
]
LOOPBACK_URLS = ["http://127.0.0.1:9/hooks", "http://[::1]:9/hooks", "http://localhost:9/hooks"]


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The outbox test settings with the default targets (the suite allows loopback)."""
    return settings.model_copy(update={"delivery_targets": "public"})


def _store_endpoint(services, org_id: str, url: str) -> str:
    """An endpoint stored as if registered while another setting was in force."""
    with session_scope(services.db) as session:
        endpoint = webhooks.create_endpoint(session, org_id, url, ["interview.completed"],
                                            services.sealer.seal("whsec_test"), "key:test")
        return endpoint.id


def test_deliveries_go_to_public_addresses_only_by_default(monkeypatch):
    monkeypatch.delenv("GRADER_DELIVERY_TARGETS", raising=False)
    assert Settings().delivery_targets == "public"


@pytest.mark.parametrize("url", PRIVATE_URLS + LOOPBACK_URLS)
def test_registering_a_webhook_at_a_private_or_loopback_address_is_a_422_naming_url(
    client, tenant, url
):
    response = client.post("/api/v1/webhooks", json={"url": url, "events": ["result.reviewed"]},
                           headers=tenant.headers("portal"))
    body = assert_problem(response, 422, "url")
    assert "GRADER_DELIVERY_TARGETS=public" in body["errors"][0]["message"]
    assert client.get("/api/v1/webhooks", headers=tenant.headers("portal")).get_json() == {
        "items": []}


def test_a_stored_endpoint_on_loopback_fails_at_once_without_a_request(services, tenant,
                                                                        listener):
    endpoint_id = _store_endpoint(services, tenant.org_id, listener.url)
    completed_interview(services, portal_principal(services, tenant.keys["portal"]))

    assert sender.send_due(services) == 0

    assert listener.received == []
    [delivery] = deliveries(services, endpoint_id=endpoint_id)
    assert (delivery.status, delivery.attempts) == ("failed", 1)  # no retries: they cannot help
    assert "127.0.0.1 is an address deliveries may not reach" in delivery.last_error
    assert "GRADER_DELIVERY_TARGETS=public" in delivery.last_error


def test_a_greenhouse_callback_on_loopback_is_not_called(services, tenant, listener):
    partner = {"partner_test_id": "assessment-1",
               "partner_profile_url": "https://app.greenhouse.io/people/1",
               "partner_callback_url": f"{listener.url}/partner/complete",
               "partner_key_sealed": services.sealer.seal("gk_key")}
    completed_interview(services, portal_principal(services, tenant.keys["portal"]),
                        partner=partner)

    assert sender.send_due(services) == 0

    assert listener.received == []
    [delivery] = deliveries(services, channel="greenhouse")
    assert delivery.status == "failed" and "may not reach" in delivery.last_error


@pytest.mark.parametrize("targets", ["loopback", "any"])
def test_loopback_and_any_let_a_delivery_reach_this_host(settings, tenant, listener, targets):
    app = create_app(settings.model_copy(update={"delivery_targets": targets}))
    try:
        services = app.extensions["grader.services"]
        endpoint_id = _store_endpoint(services, tenant.org_id, listener.url)
        completed_interview(services, portal_principal(services, tenant.keys["portal"]))

        assert sender.send_due(services) == 1

        assert [request.path for request in listener.received] == ["/hooks"]
        [delivery] = deliveries(services, endpoint_id=endpoint_id)
        assert delivery.status == "delivered"
    finally:
        app.extensions["grader.db"].dispose()


@pytest.mark.parametrize("url", PRIVATE_URLS)
def test_loopback_still_refuses_private_addresses(url):
    assert "GRADER_DELIVERY_TARGETS=loopback" in forbidden_target(url, "loopback")


@pytest.mark.parametrize("url", LOOPBACK_URLS)
def test_loopback_allows_loopback_addresses(url):
    assert forbidden_target(url, "loopback") is None


@pytest.mark.parametrize("url", PRIVATE_URLS + LOOPBACK_URLS)
def test_any_refuses_nothing(url):
    assert forbidden_target(url, "any") is None


@pytest.mark.parametrize("url", ["https://hooks.example.com/x", "http://93.184.215.14/x",
                                 "http://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/x"])
def test_public_addresses_and_names_pass_the_registration_check(url):
    assert forbidden_target(url, "public") is None
