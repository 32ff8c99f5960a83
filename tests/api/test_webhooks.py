"""/api/v1/webhooks: register, list, disable, deliveries; portal and admin keys of the
organisation only."""

from __future__ import annotations

import pytest

from service.store.db import session_scope
from service.store.models import WebhookEndpoint
from tests.api.test_errors import assert_problem
from tests.flows import completed_interview, invite, portal_principal

URL = "https://hr.example.com/grader-events"
EVENTS = ["interview.completed", "result.reviewed"]


def _create(client, headers, url=URL, events=EVENTS):
    return client.post("/api/v1/webhooks", json={"url": url, "events": events}, headers=headers)


@pytest.mark.parametrize("role", ["portal", "admin"])
def test_registering_answers_201_with_the_secret_once(app, client, tenant, role):
    response = _create(client, tenant.headers(role))

    assert response.status_code == 201
    body = response.get_json()
    assert body["url"] == URL and body["events"] == EVENTS
    assert body["secret"].startswith("whsec_") and len(body["secret"]) > 40
    assert body["disabled_at"] is None
    listed = client.get("/api/v1/webhooks", headers=tenant.headers(role)).get_json()["items"]
    assert [item["id"] for item in listed] == [body["id"]]
    assert "secret" not in listed[0]
    with session_scope(app.extensions["grader.db"]) as session:
        stored = session.get(WebhookEndpoint, body["id"])
    assert body["secret"] not in stored.secret_sealed  # kept sealed, never in clear
    sealer = app.extensions["grader.services"].sealer
    assert sealer.open(stored.secret_sealed) == body["secret"]


def test_repeated_events_are_stored_once(client, tenant):
    body = _create(client, tenant.headers("portal"),
                   events=["result.reviewed", "result.reviewed"]).get_json()
    assert body["events"] == ["result.reviewed"]


BAD_INPUT = [
    ({"url": "ftp://hr.example.com/x", "events": EVENTS}, "url"),
    ({"url": "https:///no-host", "events": EVENTS}, "url"),
    ({"url": "https://hr.example.com:70000/", "events": EVENTS}, "url"),
    ({"url": "https://hr.example.com/a b", "events": EVENTS}, "url"),
    ({"url": 42, "events": EVENTS}, "url"),
    ({"events": EVENTS}, "url"),
    ({"url": URL, "events": []}, "events"),
    ({"url": URL, "events": ["interview.started"]}, "events.0"),
    ({"url": URL, "events": "interview.completed"}, "events"),
    ({"url": URL, "events": EVENTS, "secret": "mine"}, "secret"),
]


def test_bad_input_is_a_422_problem_naming_the_field(client, tenant):
    for payload, field in BAD_INPUT:
        response = client.post("/api/v1/webhooks", json=payload,
                               headers=tenant.headers("portal"))
        body = assert_problem(response, 422)
        assert field in {error["field"] for error in body["errors"]}, payload
    assert client.get("/api/v1/webhooks", headers=tenant.headers("portal")).get_json() == {
        "items": []}


def test_a_non_json_body_is_a_415_problem(client, tenant):
    response = client.post("/api/v1/webhooks", data="url=x", headers=tenant.headers("portal"),
                           content_type="application/x-www-form-urlencoded")
    assert_problem(response, 415)


def test_an_interviewer_key_is_refused_with_403(client, tenant):
    headers = tenant.headers("interviewer")
    hook = _create(client, tenant.headers("portal")).get_json()
    assert_problem(_create(client, headers), 403)
    assert_problem(client.get("/api/v1/webhooks", headers=headers), 403)
    assert_problem(client.delete(f"/api/v1/webhooks/{hook['id']}", headers=headers), 403)
    assert_problem(client.get(f"/api/v1/webhooks/{hook['id']}/deliveries", headers=headers), 403)


def test_a_candidate_token_is_refused_with_403(app, client, tenant):
    services = app.extensions["grader.services"]
    _, token = invite(services, portal_principal(services, tenant.keys["portal"]))
    headers = {"Authorization": f"Bearer {token}"}
    assert_problem(_create(client, headers), 403)
    assert_problem(client.get("/api/v1/webhooks", headers=headers), 403)


def test_no_or_an_unknown_key_is_a_401_problem(client):
    assert_problem(client.get("/api/v1/webhooks"), 401)
    assert_problem(client.get("/api/v1/webhooks",
                              headers={"Authorization": "Bearer gk_nope"}), 401)


def test_another_organisation_sees_nothing_and_gets_404(client, tenant, other_tenant):
    hook = _create(client, tenant.headers("portal")).get_json()
    other = other_tenant.headers("admin")

    assert client.get("/api/v1/webhooks", headers=other).get_json()["items"] == []
    assert_problem(client.delete(f"/api/v1/webhooks/{hook['id']}", headers=other), 404)
    assert_problem(client.get(f"/api/v1/webhooks/{hook['id']}/deliveries", headers=other), 404)
    mine = client.get("/api/v1/webhooks", headers=tenant.headers("portal")).get_json()["items"]
    assert mine[0]["disabled_at"] is None


def test_delete_disables_the_endpoint_and_is_idempotent(client, tenant):
    headers = tenant.headers("portal")
    hook = _create(client, headers).get_json()

    assert client.delete(f"/api/v1/webhooks/{hook['id']}", headers=headers).status_code == 204
    assert client.delete(f"/api/v1/webhooks/{hook['id']}", headers=headers).status_code == 204

    [listed] = client.get("/api/v1/webhooks", headers=headers).get_json()["items"]
    assert listed["disabled_at"] is not None
    assert_problem(client.delete("/api/v1/webhooks/no-such-id", headers=headers), 404)


def test_deliveries_list_what_was_queued_for_the_endpoint(app, client, tenant):
    headers = tenant.headers("portal")
    hook = _create(client, headers, events=["interview.completed"]).get_json()
    services = app.extensions["grader.services"]

    completed_interview(services, portal_principal(services, tenant.keys["portal"]))

    response = client.get(f"/api/v1/webhooks/{hook['id']}/deliveries", headers=headers)
    assert response.status_code == 200
    [delivery] = response.get_json()["items"]
    assert delivery["event"] == "interview.completed"
    assert (delivery["status"], delivery["attempts"], delivery["last_error"]) == (
        "pending", 0, None)
    assert delivery["next_attempt_at"] is not None
    body = assert_problem(client.get(f"/api/v1/webhooks/{hook['id']}/deliveries?limit=0",
                                     headers=headers), 422)
    assert body["errors"][0]["field"] == "limit"


def test_every_webhook_route_is_documented(client):
    paths = client.get("/openapi.json").get_json()["paths"]
    assert set(paths["/api/v1/webhooks"]) >= {"get", "post"}
    assert "delete" in paths["/api/v1/webhooks/{endpoint_id}"]
    assert "get" in paths["/api/v1/webhooks/{endpoint_id}/deliveries"]
    created = paths["/api/v1/webhooks"]["post"]["responses"]["201"]
    assert created["content"]["application/json"]["schema"]["$ref"].endswith("WebhookCreated")
