"""Assessments over the API: create with scenario ids checked against the bank, list with
cursor pagination, read one; portal and admin keys only; scoped to the organisation."""

from __future__ import annotations

import pytest

from tests.api.portal import OTHER_WRITTEN, WRITTEN, assert_problem, invite

URL = "/api/v1/assessments"


def create(client, tenant, name="Data engineering", ids=(WRITTEN, OTHER_WRITTEN), role="portal"):
    return client.post(URL, json={"name": name, "scenario_ids": list(ids)},
                       headers=tenant.headers(role))


@pytest.mark.parametrize("role", ["portal", "admin"])
def test_portal_and_admin_keys_create_and_read_an_assessment(client, tenant, role):
    response = create(client, tenant, role=role)
    assert response.status_code == 201
    created = response.get_json()
    assert created["name"] == "Data engineering"
    assert created["scenario_ids"] == [WRITTEN, OTHER_WRITTEN]
    fetched = client.get(f"{URL}/{created['id']}", headers=tenant.headers(role))
    assert fetched.status_code == 200
    assert fetched.get_json() == created


def test_scenario_order_is_kept(client, tenant):
    created = create(client, tenant, ids=(OTHER_WRITTEN, WRITTEN)).get_json()
    assert created["scenario_ids"] == [OTHER_WRITTEN, WRITTEN]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "x", "scenario_ids": ["no-such-scenario"]}, "scenario_ids"),
        ({"name": "x", "scenario_ids": [WRITTEN, WRITTEN]}, "scenario_ids"),
        ({"name": "x", "scenario_ids": []}, "scenario_ids"),
        ({"name": "x", "scenario_ids": "kafka"}, "scenario_ids"),
        ({"name": "  ", "scenario_ids": [WRITTEN]}, "name"),
        ({"scenario_ids": [WRITTEN]}, "name"),
        ({"name": "x", "scenario_ids": [WRITTEN], "owner": "me"}, "owner"),
    ],
)
def test_bad_assessments_are_422_problems_naming_the_field(client, tenant, body, field):
    response = client.post(URL, json=body, headers=tenant.headers("portal"))
    assert_problem(response, 422, field)


def test_list_pages_through_every_assessment_once_oldest_first(client, tenant):
    ids = [create(client, tenant, name=f"A{n}").get_json()["id"] for n in range(5)]
    seen, cursor = [], None
    while True:
        query = f"?limit=2&cursor={cursor}" if cursor else "?limit=2"
        page = client.get(URL + query, headers=tenant.headers("portal")).get_json()
        assert len(page["items"]) <= 2
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ids


@pytest.mark.parametrize("query", ["cursor=", "cursor=%%%", "cursor=bm90LWEtcG9zaXRpb24",
                                   "limit=0", "limit=101", "limit=x"])
def test_bad_paging_parameters_are_422_problems(client, tenant, query):
    response = client.get(f"{URL}?{query}", headers=tenant.headers("portal"))
    assert_problem(response, 422, query.split("=")[0])


def test_interviewer_key_cannot_create_or_list_assessments(client, tenant):
    assert_problem(create(client, tenant, role="interviewer"), 403)
    assert_problem(client.get(URL, headers=tenant.headers("interviewer")), 403)


def test_candidate_invite_token_cannot_reach_assessments(client, app, tenant):
    assessment = create(client, tenant).get_json()
    _, token = invite(app, tenant)
    headers = {"Authorization": f"Bearer {token}"}
    assert_problem(client.get(URL, headers=headers), 403)
    assert_problem(client.get(f"{URL}/{assessment['id']}", headers=headers), 403)
    assert_problem(client.post(URL, json={"name": "x", "scenario_ids": [WRITTEN]},
                               headers=headers), 403)


def test_missing_or_unknown_key_is_401(client):
    assert_problem(client.get(URL), 401)
    assert_problem(client.get(URL, headers={"Authorization": "Bearer gk_nope"}), 401)


def test_another_organisation_cannot_see_an_assessment_even_by_id(client, tenant, other_tenant):
    assessment = create(client, tenant).get_json()
    assert_problem(client.get(f"{URL}/{assessment['id']}", headers=other_tenant.headers("admin")),
                   404)
    listed = client.get(URL, headers=other_tenant.headers("portal")).get_json()
    assert listed == {"items": [], "next_cursor": None}
