"""Candidates over the API: create (e-mail validated, unique per organisation), list, read,
and erasure of their personal data and answers; portal and admin keys; organisation scoped."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import String, Text, column, inspect, select
from sqlalchemy import table as sql_table
from sqlmodel import Session

from service.interviews import flow
from service.outbox.queue import queue_email
from service.store.models import AuditEvent, Delivery, Interview, Result
from tests.api.portal import (
    WRITTEN,
    as_candidate,
    assert_problem,
    invite,
    principal,
    services,
)

URL = "/api/v1/candidates"
EMAIL = "quentin.xylo@example.org"
NAME = "Quentin Xylophagous"
ANSWER = ("Use a schema registry with backward compatible Avro evolution: new fields get "
          "defaults, consumers upgrade first, and the zanzibarquokka topic keeps its contract.")
SECRETS = (EMAIL, NAME, "zanzibarquokka")
EVIDENCE = "upgrade first"  # quoted from the answer in its breakdown


def add(client, tenant, email=EMAIL, name=NAME, role="portal"):
    body = {"email": email} if name is None else {"email": email, "name": name}
    return client.post(URL, json=body, headers=tenant.headers(role))


def test_portal_key_adds_and_reads_a_candidate(client, tenant):
    response = add(client, tenant, email="Quentin.Xylo@Example.org")
    assert response.status_code == 201
    created = response.get_json()
    assert (created["email"], created["name"]) == (EMAIL, NAME)
    fetched = client.get(f"{URL}/{created['id']}", headers=tenant.headers("portal"))
    assert fetched.get_json() == created


def test_name_is_optional(client, tenant):
    response = add(client, tenant, name=None)
    assert response.status_code == 201
    assert response.get_json()["name"] is None


def test_same_email_twice_in_an_organisation_is_a_409_problem(client, tenant):
    assert add(client, tenant).status_code == 201
    assert_problem(add(client, tenant, email=EMAIL.upper()), 409)


def test_same_email_in_another_organisation_is_fine(client, tenant, other_tenant):
    assert add(client, tenant).status_code == 201
    assert add(client, other_tenant).status_code == 201


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": 42}, "email"),
        ({}, "email"),
        ({"email": EMAIL, "name": ""}, "name"),
        ({"email": EMAIL, "name": "x" * 201}, "name"),
        ({"email": EMAIL, "phone": "123"}, "phone"),
    ],
)
def test_bad_candidates_are_422_problems_naming_the_field(client, tenant, body, field):
    assert_problem(client.post(URL, json=body, headers=tenant.headers("portal")), 422, field)


def test_list_pages_through_candidates_oldest_first(client, tenant):
    ids = [add(client, tenant, email=f"c{n}@example.com").get_json()["id"] for n in range(3)]
    first = client.get(f"{URL}?limit=2", headers=tenant.headers("admin")).get_json()
    second = client.get(f"{URL}?limit=2&cursor={first['next_cursor']}",
                        headers=tenant.headers("admin")).get_json()
    assert [c["id"] for c in first["items"] + second["items"]] == ids
    assert second["next_cursor"] is None


def test_interviewer_key_and_invite_token_cannot_reach_candidates(client, app, tenant):
    candidate = add(client, tenant).get_json()
    _, token = invite(app, tenant, email="other@example.com")
    for headers in (tenant.headers("interviewer"), {"Authorization": f"Bearer {token}"}):
        assert_problem(client.get(URL, headers=headers), 403)
        assert_problem(client.get(f"{URL}/{candidate['id']}", headers=headers), 403)
        assert_problem(client.post(URL, json={"email": "x@example.com"}, headers=headers), 403)
        assert_problem(client.delete(f"{URL}/{candidate['id']}", headers=headers), 403)


def test_another_organisation_cannot_see_or_erase_a_candidate(client, tenant, other_tenant):
    candidate = add(client, tenant).get_json()
    for method in (client.get, client.delete):
        assert_problem(method(f"{URL}/{candidate['id']}", headers=other_tenant.headers("admin")),
                       404)
    assert client.get(URL, headers=other_tenant.headers("portal")).get_json()["items"] == []
    fetched = client.get(f"{URL}/{candidate['id']}", headers=tenant.headers("portal"))
    assert fetched.get_json()["email"] == EMAIL


# --- erasure ---------------------------------------------------------------------------------


def text_cells(app) -> list[tuple[str, str, str]]:
    """(table, column, value) of every text cell in the database."""
    engine = services(app).db
    cells = []
    with engine.connect() as connection:
        for table in inspect(engine).get_table_names():
            columns = [c["name"] for c in inspect(engine).get_columns(table)
                       if isinstance(c["type"], String | Text)]
            query = select(*[column(c) for c in columns]).select_from(sql_table(table))
            for row in connection.execute(query):
                cells += [(table, c, v) for c, v in zip(columns, row, strict=True) if v]
    return cells


def traces(app, *needles: str) -> set[tuple[str, str]]:
    return {(table, column) for table, column, value in text_cells(app)
            for needle in needles if needle.lower() in value.lower()}


@pytest.fixture
def answered(app, client, tenant):
    """A candidate with a written answer in an open interview and a queued invite e-mail."""
    candidate = add(client, tenant).get_json()
    portal = principal(app, tenant, "portal")
    interview, _ = flow.create_interview(services(app), portal, candidate["id"],
                                         scenario_ids=[WRITTEN])
    _, result = flow.submit_text(services(app), as_candidate(interview), WRITTEN, ANSWER)
    with Session(services(app).db) as session:
        queue_email(session, services(app).settings, org_id=tenant.org_id, to=EMAIL,
                    sealed_message="sealed", event="interview.invited",
                    interview_id=interview.id)
        session.commit()
    return candidate, interview, result


def test_erasure_leaves_no_trace_of_personal_data_or_answers(app, client, tenant, answered):
    candidate, _, _ = answered
    assert {("candidates", "email"), ("submissions", "body"), ("deliveries", "target"),
            ("audit_events", "after_json")} <= traces(app, *SECRETS)
    assert ("results", "detail_json") in traces(app, EVIDENCE)

    response = client.delete(f"{URL}/{candidate['id']}", headers=tenant.headers("portal"))

    assert response.status_code == 204
    assert traces(app, *SECRETS) == set()
    assert ("results", "detail_json") not in traces(app, EVIDENCE)


def test_erasure_keeps_scores_cancels_open_interviews_and_drops_pending_mail(
    app, client, tenant, answered
):
    candidate, interview, result = answered
    client.delete(f"{URL}/{candidate['id']}", headers=tenant.headers("portal"))
    with Session(services(app).db) as session:
        kept = session.get(Result, result.id)
        assert (kept.score, kept.passed, kept.detail) == (result.score, result.passed, None)
        assert session.get(Interview, interview.id).status == "cancelled"
        mails = session.exec(select(Delivery).where(Delivery.channel == "email")).all()
        assert mails == []


def test_erasure_is_audited_without_personal_data(app, client, tenant, answered):
    candidate, _, _ = answered
    client.delete(f"{URL}/{candidate['id']}", headers=tenant.headers("admin"))
    with Session(services(app).db) as session:
        events = session.exec(
            select(AuditEvent).where(AuditEvent.subject_id == candidate["id"])
        ).scalars().all()
    by_action = {e.action: e for e in events}
    admin = principal(app, tenant, "admin")
    erased = by_action["candidate.erased"]
    assert erased.actor == admin.actor
    assert json.loads(erased.after_json) == {"erased": True, "interviews": 1, "cancelled": 1,
                                             "answers": 1}
    assert json.loads(by_action["candidate.created"].after_json) == {
        "email": "[erased]", "name": "[erased]"
    }


def test_erased_candidate_is_gone_and_a_second_delete_is_404(app, client, tenant, answered):
    candidate, _, _ = answered
    url = f"{URL}/{candidate['id']}"
    assert client.delete(url, headers=tenant.headers("portal")).status_code == 204
    assert_problem(client.delete(url, headers=tenant.headers("portal")), 404)
    assert_problem(client.get(url, headers=tenant.headers("portal")), 404)
    assert client.get(URL, headers=tenant.headers("portal")).get_json()["items"] == []
    assert add(client, tenant).status_code == 201
