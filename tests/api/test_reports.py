"""The interviewer's report and reviews: full breakdowns with evidence, the audit trail, score
overrides beside the automatic score; portal keys, candidates and other organisations refused."""

from __future__ import annotations

from tests.interview_support import BOTH, WRITTEN, add_candidate, answer, bearer, invite, sample


def answered_interview(app, client, tenant, *texts: str) -> tuple[dict, list[dict]]:
    """An interview of WRITTEN and BOTH with the given answers to WRITTEN, in order."""
    created = invite(client, tenant, add_candidate(app, tenant.org_id), [WRITTEN, BOTH])
    answers = [answer(client, created["invite_token"], WRITTEN, text=t).get_json() for t in texts]
    return created, answers


def report(client, tenant, interview_id: str, role: str = "interviewer"):
    return client.get(f"/api/v1/interviews/{interview_id}/report", headers=tenant.headers(role))


def review(client, headers, result_id: str, **body):
    return client.post(f"/api/v1/results/{result_id}/reviews", headers=headers, json=body)


def test_the_report_holds_every_answer_with_its_evidence_and_the_audit(app, client, tenant):
    strong, partial = sample(WRITTEN, "strong"), sample(WRITTEN, "partial")
    created, _ = answered_interview(app, client, tenant, partial, strong)
    response = report(client, tenant, created["id"])
    assert response.status_code == 200
    body = response.get_json()
    assert body["candidate"] == {"id": created["candidate_id"], "name": "Ada",
                                 "email": "ada@example.com"}
    assert body["report_url"] == f"http://127.0.0.1:8000/reports/{created['id']}"
    assert [s["body"] for s in body["submissions"]] == [partial, strong]
    latest = body["submissions"][-1]
    assert body["scenarios"][0]["text"]["submission_id"] == latest["submission_id"]
    criteria = latest["result"]["detail"]["criteria"]
    evidence = [e for c in criteria for e in c["matched"]]
    assert evidence and all(strong[e["start"]:e["end"]] == e["text"] for e in evidence)
    assert all(c["expected"] for c in criteria)
    assert latest["result"]["engine_version"] and latest["reviews"] == []
    actions = [event["action"] for event in body["audit"]]
    assert actions[0] == "interview.created"
    assert actions.count("answer.submitted") == 2 and "interview.started" in actions


def test_a_review_overrides_the_score_and_keeps_the_automatic_one(app, client, tenant):
    created, (written,) = answered_interview(app, client, tenant, sample(WRITTEN, "partial"))
    result_id = report(client, tenant, created["id"]).get_json()["submissions"][0]["result"]["id"]
    automatic = client.get(f"/api/v1/interviews/{created['id']}",
                           headers=tenant.headers("portal")).get_json()["scenarios"][0]["score"]
    response = review(client, tenant.headers("interviewer"), result_id, score=91.5,
                      reason="Explained the backfill in the follow-up call.")
    assert response.status_code == 201
    body = response.get_json()
    assert body["score"] == 91.5 and body["automatic_score"] == automatic
    assert body["result_id"] == result_id and body["reviewer"].startswith("key:")
    second = review(client, tenant.headers("admin"), result_id, score=80, reason="Second look.")
    assert second.status_code == 201
    client.post("/api/v1/candidate/interview/complete", headers=bearer(created["invite_token"]))
    portal = client.get(f"/api/v1/interviews/{created['id']}",
                        headers=tenant.headers("portal")).get_json()
    part = portal["scenarios"][0]["text"]
    assert part["submission_id"] == written["submission_id"]
    assert (part["score"], part["automatic_score"], part["reviewed"]) == (80, automatic, True)
    assert portal["score"] == 40.0  # (80 + the unanswered scenario's 0) / 2
    full = report(client, tenant, created["id"]).get_json()
    assert [r["score"] for r in full["submissions"][0]["reviews"]] == [91.5, 80]
    reviewed = [e for e in full["audit"] if e["action"] == "result.reviewed"]
    assert reviewed[0]["before"] == {"score": automatic}
    assert reviewed[0]["after"]["reason"] == "Explained the backfill in the follow-up call."


def test_bad_reviews_are_422_problems_naming_the_field(app, client, tenant):
    created, _ = answered_interview(app, client, tenant, sample(WRITTEN, "weak"))
    result_id = report(client, tenant, created["id"]).get_json()["submissions"][0]["result"]["id"]
    headers = tenant.headers("interviewer")
    for body, field in [
        ({"score": 50}, "reason"),
        ({"score": 50, "reason": ""}, "reason"),
        ({"score": 50, "reason": "   "}, "reason"),
        ({"reason": "why"}, "score"),
        ({"score": 101, "reason": "why"}, "score"),
        ({"score": -1, "reason": "why"}, "score"),
        ({"score": "high", "reason": "why"}, "score"),
        ({"score": 50, "reason": "why", "stars": 5}, "stars"),
    ]:
        response = client.post(f"/api/v1/results/{result_id}/reviews", headers=headers,
                               json=body)
        assert response.status_code == 422, body
        assert response.mimetype == "application/problem+json"
        assert field in [e["field"] for e in response.get_json()["errors"]], body
    assert report(client, tenant, created["id"]).get_json()["submissions"][0]["reviews"] == []


def test_portal_keys_can_neither_review_nor_read_the_report(app, client, tenant):
    created, _ = answered_interview(app, client, tenant, sample(WRITTEN, "weak"))
    result_id = report(client, tenant, created["id"]).get_json()["submissions"][0]["result"]["id"]
    assert report(client, tenant, created["id"], "portal").status_code == 403
    refused = review(client, tenant.headers("portal"), result_id, score=1, reason="no")
    assert refused.status_code == 403 and refused.mimetype == "application/problem+json"
    assert report(client, tenant, created["id"], "admin").status_code == 200
    assert client.get(f"/api/v1/interviews/{created['id']}/report").status_code == 401


def test_other_organisations_get_404_for_reports_and_results(app, client, tenant, other_tenant):
    created, (written,) = answered_interview(app, client, tenant, sample(WRITTEN, "weak"))
    result_id = report(client, tenant, created["id"]).get_json()["submissions"][0]["result"]["id"]
    for role in ("interviewer", "admin"):
        headers = other_tenant.headers(role)
        assert client.get(f"/api/v1/interviews/{created['id']}/report",
                          headers=headers).status_code == 404
        for guess in (result_id, written["submission_id"], created["id"], "f" * 32):
            response = review(client, headers, guess, score=0, reason="guessing")
            assert response.status_code == 404, guess
            assert response.mimetype == "application/problem+json"
    assert report(client, tenant, created["id"]).get_json()["submissions"][0]["reviews"] == []
    assert report(client, tenant, "0" * 32).status_code == 404


def test_legacy_try_out_keys_reach_no_organisation_route(app, client, tenant):
    created, (written,) = answered_interview(app, client, tenant, sample(WRITTEN, "weak"))
    legacy = bearer("test-interviewer-key")  # GRADER_API_KEYS: try-out scoring only
    for url in (f"/api/v1/interviews/{created['id']}/report", "/api/v1/interviews/export.csv",
                f"/api/v1/interviews/{created['id']}", "/api/v1/candidate/interview"):
        assert client.get(url, headers=legacy).status_code == 403, url
    assert review(client, legacy, written["submission_id"], score=1, reason="x").status_code == 403
