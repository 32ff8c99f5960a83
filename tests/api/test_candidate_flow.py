"""The candidate's side of an interview, with the invite token as Bearer: read it, answer,
complete; conflicts after it ends; bad input; roles; and feedback that never leaks the rubric."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from sqlalchemy import update

from service.content.models import Kind
from service.store.db import session_scope
from service.store.models import Interview, utcnow
from tests.interview_support import (
    BOTH,
    WRITTEN,
    add_candidate,
    answer,
    bearer,
    invite,
    sample,
)

PORTAL_ROUTES = ("/api/v1/interviews", "/api/v1/interviews/export.csv")


def start(app, client, tenant, scenario_ids=(WRITTEN, BOTH), email="ada@example.com"):
    created = invite(client, tenant, add_candidate(app, tenant.org_id, email), list(scenario_ids))
    return created, created["invite_token"]


def own(client, token: str):
    return client.get("/api/v1/candidate/interview", headers=bearer(token))


def test_the_invite_shows_public_scenarios_nothing_answered_and_time_left(app, client, tenant):
    created, token = start(app, client, tenant)
    response = own(client, token)
    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] == created["id"] and body["status"] == "invited"
    assert 0 < body["seconds_left"] <= 168 * 3600
    assert [s["scenario_id"] for s in body["scenarios"]] == [WRITTEN, BOTH]
    assert body["scenarios"][0]["scenario"]["prompt"]
    assert all(s["answered"] == {"text": False, "code": False} for s in body["scenarios"])
    text = response.get_data(as_text=True)
    assert "reference_answer" not in text and "criteria" not in text


def test_a_written_answer_is_scored_at_once_with_candidate_feedback(app, client, tenant):
    created, token = start(app, client, tenant)
    response = answer(client, token, WRITTEN, text=sample(WRITTEN, "strong"))
    assert response.status_code == 201
    body = response.get_json()
    assert response.headers["Location"] == (
        f"/api/v1/candidate/interview/answers/{body['submission_id']}")
    assert body["scenario_id"] == WRITTEN and body["kind"] == "text"
    assert body["status"] == "done"
    feedback = body["feedback"]
    assert feedback["band"] in ("strong", "pass") and feedback["passed"] is True
    assert {c["coverage"] for c in feedback["criteria"]} <= {"covered", "partly covered",
                                                             "not covered"}
    polled = client.get(response.headers["Location"], headers=bearer(token))
    assert polled.status_code == 200 and polled.get_json()["feedback"] == feedback
    page = own(client, token).get_json()
    assert page["status"] == "in_progress"
    assert page["scenarios"][0]["answered"] == {"text": True, "code": False}
    assert page["scenarios"][0]["text"]["feedback"] == feedback
    portal = client.get(f"/api/v1/interviews/{created['id']}",
                        headers=tenant.headers("portal")).get_json()
    assert portal["scenarios"][0]["answered"] and portal["scenarios"][0]["score"] > 50


def test_completing_gives_the_portal_the_overall_score(app, client, tenant):
    created, token = start(app, client, tenant)
    written = answer(client, token, WRITTEN, text=sample(WRITTEN, "strong")).get_json()
    done = client.post("/api/v1/candidate/interview/complete", headers=bearer(token))
    assert done.status_code == 200 and done.get_json()["status"] == "completed"
    portal = client.get(f"/api/v1/interviews/{created['id']}",
                        headers=tenant.headers("portal")).get_json()
    assert portal["status"] == "completed" and portal["completed_at"]
    scenario_score = portal["scenarios"][0]["score"]
    assert scenario_score == portal["scenarios"][0]["text"]["automatic_score"]
    assert portal["scenarios"][0]["text"]["submission_id"] == written["submission_id"]
    assert portal["score"] == round(scenario_score / 2, 2)  # the unanswered scenario counts 0


def test_answers_after_completion_cancellation_or_expiry_are_409(app, client, tenant):
    _, completed = start(app, client, tenant, email="a@example.com")
    client.post("/api/v1/candidate/interview/complete", headers=bearer(completed))
    cancelled_interview, cancelled = start(app, client, tenant, email="b@example.com")
    client.post(f"/api/v1/interviews/{cancelled_interview['id']}/cancel",
                headers=tenant.headers("portal"))
    expired_interview, expired = start(app, client, tenant, email="c@example.com")
    with session_scope(app.extensions["grader.db"]) as session:
        session.execute(update(Interview).where(Interview.id == expired_interview["id"])
                        .values(expires_at=utcnow() - timedelta(seconds=1)))
    for token, status in ((completed, "completed"), (cancelled, "cancelled"),
                          (expired, "expired")):
        response = answer(client, token, WRITTEN, text=sample(WRITTEN, "partial"))
        assert response.status_code == 409, status
        assert response.mimetype == "application/problem+json"
        assert status in response.get_json()["detail"]
        again = client.post("/api/v1/candidate/interview/complete", headers=bearer(token))
        assert again.status_code == 409
        assert own(client, token).get_json()["status"] == status


def test_an_interview_under_way_takes_no_answer_once_expired_completed_or_cancelled(
    app, client, tenant
):
    started = {}
    for email in ("d@example.com", "e@example.com", "f@example.com"):
        created, token = start(app, client, tenant, email=email)
        assert answer(client, token, WRITTEN, text=sample(WRITTEN, "partial")).status_code == 201
        assert own(client, token).get_json()["status"] == "in_progress"
        started[email] = (created["id"], token)
    expired_id, expired = started["d@example.com"]
    with session_scope(app.extensions["grader.db"]) as session:
        session.execute(update(Interview).where(Interview.id == expired_id)
                        .values(expires_at=utcnow() - timedelta(seconds=1)))
    _, completed = started["e@example.com"]
    client.post("/api/v1/candidate/interview/complete", headers=bearer(completed))
    cancelled_id, cancelled = started["f@example.com"]
    client.post(f"/api/v1/interviews/{cancelled_id}/cancel", headers=tenant.headers("portal"))
    for token, status in ((expired, "expired"), (completed, "completed"),
                          (cancelled, "cancelled")):
        response = answer(client, token, BOTH, text=sample(BOTH, "strong"))
        assert response.status_code == 409, status
        assert status in response.get_json()["detail"]
        assert own(client, token).get_json()["status"] == status
        assert own(client, token).get_json()["scenarios"][1]["answered"]["text"] is False


def test_bad_answers_are_422_problems_naming_the_field(app, client, tenant):
    _, token = start(app, client, tenant)
    cases = [
        ({"scenario_id": WRITTEN}, "text"),
        ({"scenario_id": WRITTEN, "text": "a", "code": "b"}, "text"),
        ({"scenario_id": WRITTEN, "text": ""}, "text"),
        ({"scenario_id": WRITTEN, "text": 42}, "text"),
        ({"scenario_id": WRITTEN, "text": "x" * 50_001}, "text"),
        ({"scenario_id": BOTH, "code": "x" * 64_001}, "code"),
        ({"text": "an answer"}, "scenario_id"),
        ({"scenario_id": "star-schema-design", "text": "not in this interview"}, "scenario_id"),
        ({"scenario_id": WRITTEN, "code": "def solve(spark): pass"}, "code"),
        ({"scenario_id": WRITTEN, "text": "fine", "mood": "calm"}, "mood"),
    ]
    for body, field in cases:
        response = client.post("/api/v1/candidate/interview/answers", headers=bearer(token),
                               json=body)
        assert response.status_code == 422, (body, response.get_json())
        assert response.mimetype == "application/problem+json"
        assert field in [e["field"] for e in response.get_json()["errors"]], body
    too_big = client.post("/api/v1/candidate/interview/answers", headers=bearer(token),
                          json={"scenario_id": WRITTEN, "text": "x" * 1_000_001})
    assert too_big.status_code == 413 and too_big.mimetype == "application/problem+json"
    assert own(client, token).get_json()["status"] == "invited"  # nothing was stored


def test_the_invite_token_reaches_its_own_interview_only(app, client, tenant, other_tenant):
    mine, token = start(app, client, tenant)
    theirs, other_token = start(app, client, other_tenant)
    other_answer = answer(client, other_token, WRITTEN, text="retry with backoff").get_json()
    foreign = client.get(f"/api/v1/candidate/interview/answers/{other_answer['submission_id']}",
                         headers=bearer(token))
    assert foreign.status_code == 404 and foreign.mimetype == "application/problem+json"
    assert own(client, token).get_json()["id"] == mine["id"]
    for interview_id in (mine["id"], theirs["id"]):
        for url in (f"/api/v1/interviews/{interview_id}",
                    f"/api/v1/interviews/{interview_id}/report"):
            assert client.get(url, headers=bearer(token)).status_code == 403, url
        assert client.post(f"/api/v1/interviews/{interview_id}/cancel",
                           headers=bearer(token)).status_code == 403
    for url in PORTAL_ROUTES:
        assert client.get(url, headers=bearer(token)).status_code == 403, url
    review = client.post(f"/api/v1/results/{other_answer['submission_id']}/reviews",
                         headers=bearer(token), json={"score": 100, "reason": "mine"})
    assert review.status_code == 403


def test_api_keys_cannot_use_the_candidate_routes(app, client, tenant):
    start(app, client, tenant)
    for role in ("portal", "interviewer", "admin"):
        assert client.get("/api/v1/candidate/interview",
                          headers=tenant.headers(role)).status_code == 403
    assert client.get("/api/v1/candidate/interview").status_code == 401
    assert own(client, "gi_not-an-invite").status_code == 401


def _leakable_terms(entry, answer_text: str) -> set[str]:
    """Concept terms and aliases of the rubric the candidate could only learn from a leak:
    absent from their answer, the public scenario and the criterion titles (shown by design)."""
    public = (entry.scenario.model_dump_json() + answer_text
              + " ".join(c.title for c in entry.rubric.criteria)).casefold()
    terms = set()
    for criterion in entry.rubric.criteria:
        for concept in criterion.concepts:
            for term in (concept.term, *concept.aliases):
                if len(term) > 3 and not _mentions(public, term):
                    terms.add(term)
    return terms


def _mentions(text: str, term: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(term.casefold())}(?!\w)", text) is not None


def test_candidate_responses_never_leak_the_rubric(app, client, tenant):
    bank = app.extensions["grader.bank"]
    written = [e.scenario.id for e in bank.entries.values() if e.scenario.kind is not Kind.code]
    _, token = start(app, client, tenant, written)
    bodies: dict[str, list] = {}
    for scenario_id in written:
        response = answer(client, token, scenario_id, text=sample(scenario_id, "weak"))
        assert response.status_code == 201
        polled = client.get(response.headers["Location"], headers=bearer(token))
        bodies[scenario_id] = [response.get_json(), polled.get_json()]
    page = own(client, token).get_json()
    completed = client.post("/api/v1/candidate/interview/complete", headers=bearer(token))
    for view in (page, completed.get_json()):
        for item in view["scenarios"]:
            bodies[item["scenario_id"]].append(item["text"])  # the scenario's feedback part
    hints = 0
    for scenario_id, views in bodies.items():
        entry = bank.get(scenario_id)
        shown = json.dumps(views, ensure_ascii=False).casefold()
        hints += sum(1 for c in views[0]["feedback"]["criteria"] if c["hint"])
        for secret in (entry.rubric.reference_answer, *(c.expected for c in entry.rubric.criteria),
                       *(m.statement for m in entry.rubric.misconceptions)):
            assert secret.casefold() not in shown
        for term in _leakable_terms(entry, sample(scenario_id, "weak")):
            assert not _mentions(shown, term), (scenario_id, term)
        for key in ('"concepts"', '"weight"', '"evidence"', '"matched"', '"missing"',
                    '"expected"', '"reference_answer"', '"points_possible"'):
            assert key not in shown
    assert hints > 0  # weak answers do get hints
