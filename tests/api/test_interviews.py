"""The portal's interview routes: invite, list with filters and cursor, read, cancel; roles
and organisations kept apart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from service.store.models import Assessment, Interview, dumps
from tests.interview_support import BOTH, WRITTEN, add_candidate, bearer, invite


def problem_fields(response) -> list[str]:
    assert response.mimetype == "application/problem+json", response.get_data(as_text=True)
    return [error["field"] for error in response.get_json().get("errors", [])]


def test_invite_answers_201_with_the_token_once_and_a_location(app, client, tenant):
    candidate = add_candidate(app, tenant.org_id)
    response = client.post("/api/v1/interviews", headers=tenant.headers("portal"),
                           json={"candidate_id": candidate, "scenario_ids": [WRITTEN, BOTH]})
    assert response.status_code == 201
    body = response.get_json()
    assert response.headers["Location"] == f"/api/v1/interviews/{body['id']}"
    assert body["status"] == "invited" and body["scenario_ids"] == [WRITTEN, BOTH]
    assert body["invite_token"].startswith("gi_")
    assert body["invite_url"] == f"http://127.0.0.1:8000/i/{body['invite_token']}"
    assert [s["answered"] for s in body["scenarios"]] == [False, False]
    assert body["score"] is None
    with Session(app.extensions["grader.db"]) as session:
        stored = session.get(Interview, body["id"])
        assert stored.token_hash != body["invite_token"]
    again = client.get(response.headers["Location"], headers=tenant.headers("portal"))
    assert again.status_code == 200
    assert "invite_token" not in again.get_json()
    assert body["invite_token"] not in again.get_data(as_text=True)


def test_default_expiry_is_the_invite_ttl_and_an_explicit_one_is_kept(app, client, tenant):
    candidate = add_candidate(app, tenant.org_id)
    before = datetime.now(UTC)
    default = invite(client, tenant, candidate, [WRITTEN])
    expires = datetime.fromisoformat(default["expires_at"])
    assert timedelta(hours=167) < expires - before <= timedelta(hours=168, minutes=1)
    chosen = (before + timedelta(days=2)).replace(microsecond=0)
    explicit = invite(client, tenant, candidate, [WRITTEN], expires_at=chosen.isoformat())
    assert datetime.fromisoformat(explicit["expires_at"]) == chosen


def test_an_assessment_gives_the_interview_its_scenarios_in_order(app, client, tenant):
    candidate = add_candidate(app, tenant.org_id)
    with Session(app.extensions["grader.db"]) as session:
        assessment = Assessment(org_id=tenant.org_id, name="Data eng",
                                scenario_ids_json=dumps([BOTH, WRITTEN]))
        session.add(assessment)
        session.commit()
        assessment_id = assessment.id
    response = client.post("/api/v1/interviews", headers=tenant.headers("admin"),
                           json={"candidate_id": candidate, "assessment_id": assessment_id})
    assert response.status_code == 201
    body = response.get_json()
    assert body["scenario_ids"] == [BOTH, WRITTEN] and body["assessment_id"] == assessment_id


def test_bad_invites_are_422_problems_naming_the_field(app, client, tenant, other_tenant):
    candidate = add_candidate(app, tenant.org_id)
    foreign = add_candidate(app, other_tenant.org_id, "bob@example.com")
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    cases = [
        ({"scenario_ids": [WRITTEN]}, "candidate_id"),
        ({"candidate_id": 5, "scenario_ids": [WRITTEN]}, "candidate_id"),
        ({"candidate_id": "nobody", "scenario_ids": [WRITTEN]}, "candidate_id"),
        ({"candidate_id": foreign, "scenario_ids": [WRITTEN]}, "candidate_id"),
        ({"candidate_id": candidate}, "assessment_id"),
        ({"candidate_id": candidate, "scenario_ids": [WRITTEN], "assessment_id": "x"},
         "assessment_id"),
        ({"candidate_id": candidate, "assessment_id": "no-such-assessment"}, "assessment_id"),
        ({"candidate_id": candidate, "scenario_ids": []}, "scenario_ids"),
        ({"candidate_id": candidate, "scenario_ids": ["no-such-scenario"]}, "scenario_ids"),
        ({"candidate_id": candidate, "scenario_ids": [WRITTEN, WRITTEN]}, "scenario_ids"),
        ({"candidate_id": candidate, "scenario_ids": "api-downtime-handling"}, "scenario_ids"),
        ({"candidate_id": candidate, "scenario_ids": [WRITTEN], "expires_at": past},
         "expires_at"),
        ({"candidate_id": candidate, "scenario_ids": [WRITTEN], "expires_at": "soon"},
         "expires_at"),
        ({"candidate_id": candidate, "scenario_ids": [WRITTEN], "colour": "red"}, "colour"),
    ]
    for body, field in cases:
        response = client.post("/api/v1/interviews", headers=tenant.headers("portal"), json=body)
        assert response.status_code == 422, body
        assert field in problem_fields(response), (body, response.get_json())
    wrong_type = client.post("/api/v1/interviews", headers=tenant.headers("portal"),
                             data="candidate_id=x", content_type="text/plain")
    assert wrong_type.status_code == 415
    assert wrong_type.mimetype == "application/problem+json"


def test_list_is_newest_first_in_cursor_pages(app, client, tenant):
    candidate = add_candidate(app, tenant.org_id)
    ids = [invite(client, tenant, candidate, [WRITTEN])["id"] for _ in range(5)]
    seen, cursor = [], None
    while True:
        query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/v1/interviews", query_string=query,
                          headers=tenant.headers("portal"))
        assert page.status_code == 200
        body = page.get_json()
        assert len(body["items"]) <= 2
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == ids[::-1]


def test_list_filters_by_status_and_candidate(app, client, tenant):
    ada = add_candidate(app, tenant.org_id)
    bob = add_candidate(app, tenant.org_id, "bob@example.com")
    first = invite(client, tenant, ada, [WRITTEN])["id"]
    invite(client, tenant, ada, [WRITTEN])
    bobs = invite(client, tenant, bob, [WRITTEN])["id"]
    assert client.post(f"/api/v1/interviews/{first}/cancel",
                       headers=tenant.headers("portal")).status_code == 200

    def listed(**query) -> list[str]:
        response = client.get("/api/v1/interviews", query_string=query,
                              headers=tenant.headers("portal"))
        assert response.status_code == 200
        return [item["id"] for item in response.get_json()["items"]]

    assert listed(status="cancelled") == [first]
    assert listed(candidate_id=bob) == [bobs]
    assert listed(candidate_id=ada, status="invited") != [] and first not in listed(
        candidate_id=ada, status="invited")
    assert listed(candidate_id="nobody") == []


def test_bad_list_queries_are_422_problems_naming_the_field(app, client, tenant,
                                                              other_tenant):
    foreign = invite(client, other_tenant, add_candidate(app, other_tenant.org_id), [WRITTEN])
    foreign_page = client.get("/api/v1/interviews", query_string={"limit": 1},
                              headers=other_tenant.headers("portal")).get_json()
    assert foreign_page["items"][0]["id"] == foreign["id"]
    from service.api.scenarios import encode_cursor

    for query, field in [
        ({"status": "done"}, "status"),
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"cursor": "%%%"}, "cursor"),
        ({"cursor": encode_cursor(foreign["id"])}, "cursor"),
        ({"sort": "name"}, "sort"),
    ]:
        response = client.get("/api/v1/interviews", query_string=query,
                              headers=tenant.headers("portal"))
        assert response.status_code == 422, query
        assert field in problem_fields(response), (query, response.get_json())


def test_other_organisations_never_see_an_interview(app, client, tenant, other_tenant):
    created = invite(client, tenant, add_candidate(app, tenant.org_id), [WRITTEN])
    url = f"/api/v1/interviews/{created['id']}"
    for role in ("portal", "admin"):
        assert client.get(url, headers=other_tenant.headers(role)).status_code == 404
        assert client.post(f"{url}/cancel", headers=other_tenant.headers(role)).status_code == 404
    listed = client.get("/api/v1/interviews", headers=other_tenant.headers("portal")).get_json()
    assert listed["items"] == []
    assert client.get(url, headers=tenant.headers("portal")).get_json()["status"] == "invited"
    missing = client.get("/api/v1/interviews/0123456789abcdef0123456789abcdef",
                         headers=tenant.headers("portal"))
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"


def test_cancel_ends_an_open_interview_once(app, client, tenant):
    created = invite(client, tenant, add_candidate(app, tenant.org_id), [WRITTEN])
    url = f"/api/v1/interviews/{created['id']}/cancel"
    response = client.post(url, headers=tenant.headers("portal"))
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "cancelled" and body["cancelled_at"]
    again = client.post(url, headers=tenant.headers("portal"))
    assert again.status_code == 409 and again.mimetype == "application/problem+json"


def test_only_portal_and_admin_keys_reach_the_portal_routes(app, client, tenant):
    created = invite(client, tenant, add_candidate(app, tenant.org_id), [WRITTEN])
    body = {"candidate_id": created["candidate_id"], "scenario_ids": [WRITTEN]}
    routes = [
        ("post", "/api/v1/interviews", body),
        ("get", "/api/v1/interviews", None),
        ("get", f"/api/v1/interviews/{created['id']}", None),
        ("post", f"/api/v1/interviews/{created['id']}/cancel", None),
    ]
    for method, url, json in routes:
        call = getattr(client, method)
        assert call(url, json=json).status_code == 401
        assert call(url, json=json, headers=bearer("gk_not-a-key")).status_code == 401
        for headers in (tenant.headers("interviewer"), bearer(created["invite_token"])):
            refused = call(url, json=json, headers=headers)
            assert refused.status_code == 403, (url, refused.get_json())
            assert refused.mimetype == "application/problem+json"
    assert client.get(routes[2][1], headers=tenant.headers("admin")).status_code == 200


INTERVIEW_ROUTES = [
    ("post", "/api/v1/interviews", "201", True),
    ("get", "/api/v1/interviews", "200", False),
    ("get", "/api/v1/interviews/{interview_id}", "200", False),
    ("post", "/api/v1/interviews/{interview_id}/cancel", "200", False),
    ("get", "/api/v1/interviews/{interview_id}/report", "200", False),
    ("get", "/api/v1/interviews/export.csv", "200", False),
    ("post", "/api/v1/results/{result_id}/reviews", "201", True),
    ("get", "/api/v1/candidate/interview", "200", False),
    ("post", "/api/v1/candidate/interview/answers", "201", True),
    ("post", "/api/v1/candidate/interview/answers", "202", True),
    ("get", "/api/v1/candidate/interview/answers/{submission_id}", "200", False),
    ("post", "/api/v1/candidate/interview/complete", "200", False),
]


def test_openapi_documents_every_interview_request_and_response(client):
    spec = client.get("/openapi.json").get_json()
    for method, path, status, has_body in INTERVIEW_ROUTES:
        operation = spec["paths"][path][method]
        assert operation["security"], path
        (content,) = operation["responses"][status]["content"].values()
        assert content["schema"], (path, status)
        assert {"401", "403"} <= set(operation["responses"]), path
        assert ("requestBody" in operation) == has_body, path
