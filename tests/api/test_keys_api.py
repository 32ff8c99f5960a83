"""API keys over the API: admin keys only; a new key is shown once and works at once, listings
never show keys or hashes, revoking stops a key; another organisation's keys are 404."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from service.store.models import ApiKey
from tests.api.portal import assert_problem, invite, services

URL = "/api/v1/keys"


def new_key(client, tenant, role="portal", label="ats"):
    return client.post(URL, json={"role": role, "label": label}, headers=tenant.headers("admin"))


def test_admin_creates_a_key_shown_once_that_works_at_once(client, tenant):
    response = new_key(client, tenant)
    assert response.status_code == 201
    created = response.get_json()
    assert created["key"].startswith("gk_")
    assert (created["role"], created["label"], created["revoked_at"]) == ("portal", "ats", None)
    assert created["key"].startswith(created["prefix"])
    used = client.get("/api/v1/assessments",
                      headers={"Authorization": f"Bearer {created['key']}"})
    assert used.status_code == 200


def test_listing_never_shows_a_key_or_its_hash(app, client, tenant):
    secret = new_key(client, tenant).get_json()["key"]
    response = client.get(URL, headers=tenant.headers("admin"))
    text = response.get_data(as_text=True)
    with Session(services(app).db) as session:
        hashes = session.exec(select(ApiKey.key_hash)).all()
    assert response.status_code == 200
    assert len(response.get_json()["items"]) == 4  # the tenant's three and the new one
    for item in response.get_json()["items"]:
        assert "key" not in item
        assert "key_hash" not in item
    assert secret not in text
    assert not any(h in text for h in hashes)


def test_revoked_key_is_refused_with_401(client, tenant):
    created = new_key(client, tenant).get_json()
    headers = {"Authorization": f"Bearer {created['key']}"}
    response = client.delete(f"{URL}/{created['id']}", headers=tenant.headers("admin"))
    assert response.status_code == 204
    assert_problem(client.get("/api/v1/assessments", headers=headers), 401)
    listed = {k["id"]: k for k in client.get(URL, headers=tenant.headers("admin"))
              .get_json()["items"]}
    assert listed[created["id"]]["revoked_at"] is not None
    assert client.delete(f"{URL}/{created['id']}", headers=tenant.headers("admin")
                         ).status_code == 204


@pytest.mark.parametrize("role", ["portal", "interviewer"])
def test_portal_and_interviewer_keys_cannot_manage_keys(client, tenant, role):
    headers = tenant.headers(role)
    key_id = new_key(client, tenant).get_json()["id"]
    assert_problem(client.post(URL, json={"role": "admin"}, headers=headers), 403)
    assert_problem(client.get(URL, headers=headers), 403)
    assert_problem(client.delete(f"{URL}/{key_id}", headers=headers), 403)


def test_invite_token_cannot_manage_keys(app, client, tenant):
    _, token = invite(app, tenant)
    headers = {"Authorization": f"Bearer {token}"}
    assert_problem(client.post(URL, json={"role": "admin"}, headers=headers), 403)
    assert_problem(client.get(URL, headers=headers), 403)


def test_another_organisation_cannot_see_or_revoke_keys(client, tenant, other_tenant):
    created = new_key(client, tenant).get_json()
    theirs = client.get(URL, headers=other_tenant.headers("admin")).get_json()["items"]
    assert created["id"] not in {k["id"] for k in theirs}
    assert_problem(client.delete(f"{URL}/{created['id']}", headers=other_tenant.headers("admin")),
                   404)
    still = client.get("/api/v1/assessments",
                       headers={"Authorization": f"Bearer {created['key']}"})
    assert still.status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [({"role": "root"}, "role"), ({}, "role"), ({"role": "admin", "label": 7}, "label"),
     ({"role": "admin", "expires": "never"}, "expires")],
)
def test_bad_key_requests_are_422_problems_naming_the_field(client, tenant, body, field):
    assert_problem(client.post(URL, json=body, headers=tenant.headers("admin")), 422, field)
