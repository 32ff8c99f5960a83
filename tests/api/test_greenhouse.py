"""The Greenhouse Assessment Partner contract: list_tests, send_test (deduplicated), test_status
through the candidate's answers and completion, response_error; HTTP Basic auth with a portal
key and an empty password, everything else 401."""

from __future__ import annotations

import base64
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import Session, select

from service.interviews import flow
from service.interviews.summary import interview_view
from service.store.models import AuditEvent, Candidate, Delivery, Interview
from tests.api.portal import (
    OTHER_WRITTEN,
    WRITTEN,
    as_candidate,
    assert_problem,
    invite,
    services,
)

BASE = "/partners/greenhouse"
PROFILE = "https://app.greenhouse.io/people/4242"
CALLBACK = "https://harvest.greenhouse.io/v1/partner/complete/abc"
ANSWER = ("Put the event schema in a schema registry with Avro and BACKWARD compatibility; "
          "new fields are optional with a default.")


def basic(key: str, password: str = "") -> dict[str, str]:
    token = base64.b64encode(f"{key}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


@pytest.fixture
def gh_test(client, tenant) -> str:
    body = {"name": "Streaming", "scenario_ids": [WRITTEN, OTHER_WRITTEN]}
    return client.post("/api/v1/assessments", json=body,
                       headers=tenant.headers("portal")).get_json()["id"]


def send(client, tenant, gh_test, profile=PROFILE, email="ada@example.com", role="portal"):
    body = {
        "partner_test_id": gh_test,
        "candidate": {"first_name": "Ada", "last_name": "Byron", "preferred_name": None,
                      "resume_url": None, "phone_number": "+44 20 0000", "email": email,
                      "greenhouse_profile_url": profile},
        "sent_by": "recruiter@example.com",
        "url": CALLBACK,
    }
    return client.post(f"{BASE}/send_test", json=body, headers=basic(tenant.keys[role]))


def status(client, tenant, interview_id, role="portal"):
    return client.get(f"{BASE}/test_status?partner_interview_id={interview_id}",
                      headers=basic(tenant.keys[role]))


def test_list_tests_gives_the_organisations_assessments(client, tenant, other_tenant, gh_test):
    response = client.get(f"{BASE}/list_tests", headers=basic(tenant.keys["portal"]))
    assert response.status_code == 200
    assert response.get_json() == [{"partner_test_id": gh_test, "partner_test_name": "Streaming"}]
    theirs = client.get(f"{BASE}/list_tests", headers=basic(other_tenant.keys["admin"]))
    assert theirs.get_json() == []


def test_send_test_creates_the_candidate_and_a_partner_interview(app, client, tenant, gh_test):
    response = send(client, tenant, gh_test)
    assert response.status_code == 200
    interview_id = response.get_json()["partner_interview_id"]
    with Session(services(app).db) as session:
        interview = session.get(Interview, interview_id)
        candidate = session.get(Candidate, interview.candidate_id)
    assert (interview.org_id, interview.assessment_id) == (tenant.org_id, gh_test)
    assert interview.scenario_ids == [WRITTEN, OTHER_WRITTEN]
    assert (interview.partner_profile_url, interview.partner_callback_url) == (PROFILE, CALLBACK)
    assert services(app).sealer.open(interview.partner_key_sealed) == tenant.keys["portal"]
    assert (candidate.email, candidate.name, candidate.external_url) == (
        "ada@example.com", "Ada Byron", PROFILE)
    portal_view = client.get(f"/api/v1/candidates/{candidate.id}",
                             headers=tenant.headers("portal"))
    assert portal_view.status_code == 200


def test_repeated_send_test_returns_the_same_interview_without_a_second_one(
    app, client, tenant, gh_test
):
    first = send(client, tenant, gh_test).get_json()
    second = send(client, tenant, gh_test).get_json()
    other_profile = send(client, tenant, gh_test, profile=PROFILE + "0").get_json()
    assert first == second
    assert other_profile != first
    with Session(services(app).db) as session:
        interviews = session.exec(select(Interview)).all()
        created = session.exec(
            select(AuditEvent).where(AuditEvent.action == "interview.created")).all()
        candidates = session.exec(select(Candidate)).all()
    assert len(interviews) == len(created) == 2
    assert len(candidates) == 1  # the same e-mail is the same candidate


def test_overlapping_repeats_of_send_test_create_one_interview(app, tenant, gh_test):
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(lambda _: send(app.test_client(), tenant, gh_test).get_json(),
                                range(4)))
    with Session(services(app).db) as session:
        interviews = session.exec(select(Interview)).all()
    assert len({a["partner_interview_id"] for a in answers}) == 1
    assert [i.id for i in interviews] == [answers[0]["partner_interview_id"]]


def test_another_key_of_the_organisation_sends_its_own_interview(client, tenant, gh_test):
    by_portal = send(client, tenant, gh_test).get_json()
    by_admin = send(client, tenant, gh_test, role="admin").get_json()
    assert by_portal != by_admin


def test_status_is_incomplete_until_the_candidate_completes_then_complete_with_score(
    app, client, tenant, gh_test
):
    interview_id = send(client, tenant, gh_test).get_json()["partner_interview_id"]
    assert status(client, tenant, interview_id).get_json() == {"partner_status": "incomplete"}
    with Session(services(app).db) as session:
        interview = session.get(Interview, interview_id)
    candidate = as_candidate(interview)
    _, result = flow.submit_text(services(app), candidate, WRITTEN, ANSWER)
    assert status(client, tenant, interview_id).get_json() == {"partner_status": "incomplete"}

    flow.complete(services(app), candidate, interview_id)
    response = status(client, tenant, interview_id)

    assert response.status_code == 200
    body = response.get_json()
    assert body["partner_status"] == "complete"
    assert body["partner_score"] == pytest.approx(result.score / 2)
    assert body["partner_profile_url"] == services(app).report_url(interview_id)
    assert body["metadata"] == {"status": "completed", f"score_{WRITTEN}": result.score,
                                f"score_{OTHER_WRITTEN}": 0.0}
    with Session(services(app).db) as session:
        view = interview_view(session, _interview(app, interview_id), services(app).bank)
    assert view["score"] == body["partner_score"]


def test_completion_queues_the_patch_to_the_callback_url(app, client, tenant, gh_test):
    interview_id = send(client, tenant, gh_test).get_json()["partner_interview_id"]
    flow.complete(services(app), as_candidate(_interview(app, interview_id)), interview_id)
    with Session(services(app).db) as session:
        callbacks = session.exec(select(Delivery).where(Delivery.channel == "greenhouse")).all()
    assert [(d.target, d.interview_id) for d in callbacks] == [(CALLBACK, interview_id)]


def _interview(app, interview_id: str) -> Interview:
    with Session(services(app).db) as session:
        return session.get(Interview, interview_id)


def test_status_of_unknown_or_another_organisations_interview_is_404(
    app, client, tenant, other_tenant
):
    interview, _ = invite(app, other_tenant)
    assert_problem(status(client, tenant, interview.id), 404)
    assert_problem(status(client, tenant, "0" * 32), 404)
    assert_problem(client.get(f"{BASE}/test_status", headers=basic(tenant.keys["portal"])),
                   422, "partner_interview_id")


def test_response_error_is_acknowledged_and_audited(app, client, tenant, gh_test):
    interview_id = send(client, tenant, gh_test).get_json()["partner_interview_id"]
    body = {"api_call": "test_status", "errors": ["partner_score missing"],
            "partner_test_id": gh_test, "partner_interview_id": interview_id}
    response = client.post(f"{BASE}/response_error", json=body,
                           headers=basic(tenant.keys["portal"]))
    assert response.status_code == 200
    with Session(services(app).db) as session:
        event = session.exec(
            select(AuditEvent).where(AuditEvent.action == "greenhouse.response_error")).one()
    assert (event.org_id, event.interview_id) == (tenant.org_id, interview_id)
    assert "partner_score missing" in event.after_json


@pytest.mark.parametrize(
    ("field", "value", "problem_field"),
    [
        ("partner_test_id", "no-such-test", "partner_test_id"),
        ("url", "ftp://example.com/x", "url"),
        ("url", "http://169.254.169.254/latest/meta-data/", "url"),
        ("candidate", {"first_name": "Ada"}, "candidate.email"),
        ("candidate", "Ada", "candidate"),
    ],
)
def test_bad_send_test_is_a_422_problem_naming_the_field(
    client, tenant, gh_test, field, value, problem_field
):
    body = {"partner_test_id": gh_test, "url": CALLBACK,
            "candidate": {"email": "ada@example.com", "greenhouse_profile_url": PROFILE},
            field: value}
    response = client.post(f"{BASE}/send_test", json=body, headers=basic(tenant.keys["portal"]))
    assert_problem(response, 422, problem_field)


@pytest.mark.parametrize(
    "headers_of",
    [
        lambda tenant: {},
        lambda tenant: {"Authorization": "Basic bm90LWJhc2U2NA=="},
        lambda tenant: basic("gk_not-a-real-key"),
        lambda tenant: basic(tenant.keys["portal"], "secret"),
        lambda tenant: basic(tenant.keys["interviewer"]),
        lambda tenant: tenant.headers("portal"),
    ],
    ids=["none", "not-base64", "unknown-key", "password", "interviewer-key", "bearer"],
)
def test_anything_but_a_portal_key_with_empty_password_is_401(client, tenant, headers_of):
    response = client.get(f"{BASE}/list_tests", headers=headers_of(tenant))
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Basic")


def test_invite_token_as_user_name_is_401(app, client, tenant):
    _, token = invite(app, tenant)
    assert_problem(client.get(f"{BASE}/list_tests", headers=basic(token)), 401)
