"""The CSV export: one row per interview and scenario, filters like the list, streamed in
pages, interviewer and admin keys only, the caller's organisation only."""

from __future__ import annotations

import csv
import io

from service.interviews import export
from tests.interview_support import BOTH, WRITTEN, add_candidate, answer, bearer, invite, sample

URL = "/api/v1/interviews/export.csv"


def rows_of(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.splitlines()[0] == ",".join(export.COLUMNS)
    return list(csv.DictReader(io.StringIO(text)))


def test_one_row_per_interview_and_scenario_with_scores(app, client, tenant):
    ada = add_candidate(app, tenant.org_id)
    done = invite(client, tenant, ada, [WRITTEN, BOTH])
    answer(client, done["invite_token"], WRITTEN, text=sample(WRITTEN, "strong"))
    client.post("/api/v1/candidate/interview/complete", headers=bearer(done["invite_token"]))
    waiting = invite(client, tenant, ada, [BOTH])
    response = client.get(URL, headers=tenant.headers("interviewer"))
    assert response.is_streamed
    rows = rows_of(response)
    assert [(r["interview_id"], r["scenario_id"]) for r in rows] == [
        (waiting["id"], BOTH), (done["id"], WRITTEN), (done["id"], BOTH)]
    portal = client.get(f"/api/v1/interviews/{done['id']}",
                        headers=tenant.headers("portal")).get_json()
    written, unanswered = rows[1], rows[2]
    assert written["candidate_id"] == ada and written["status"] == "completed"
    assert (written["kind"], written["answered"], written["passed"]) == ("written", "true", "true")
    assert float(written["automatic_score"]) == float(written["score"]) == portal[
        "scenarios"][0]["score"]
    assert written["reviewed_score"] == "" and written["code_verdict"] == ""
    assert float(written["overall_score"]) == portal["score"]
    assert (unanswered["kind"], unanswered["answered"], unanswered["score"]) == ("both", "false",
                                                                                 "")
    assert rows[0]["status"] == "invited" and rows[0]["overall_score"] == ""


def test_a_reviewed_score_is_exported_beside_the_automatic_one(app, client, tenant):
    created = invite(client, tenant, add_candidate(app, tenant.org_id), [WRITTEN])
    answer(client, created["invite_token"], WRITTEN, text=sample(WRITTEN, "weak"))
    report = client.get(f"/api/v1/interviews/{created['id']}/report",
                        headers=tenant.headers("interviewer")).get_json()
    result = report["submissions"][0]["result"]
    client.post(f"/api/v1/results/{result['id']}/reviews", headers=tenant.headers("admin"),
                json={"score": 77, "reason": "Strong in the interview."})
    (row,) = rows_of(client.get(URL, headers=tenant.headers("admin")))
    assert float(row["automatic_score"]) == result["score"]
    assert float(row["reviewed_score"]) == float(row["score"]) == 77


def test_filters_work_like_the_list_and_bad_ones_are_422(app, client, tenant):
    ada = add_candidate(app, tenant.org_id)
    bob = add_candidate(app, tenant.org_id, "bob@example.com")
    adas = invite(client, tenant, ada, [WRITTEN])
    bobs = invite(client, tenant, bob, [WRITTEN])
    client.post(f"/api/v1/interviews/{bobs['id']}/cancel", headers=tenant.headers("portal"))
    headers = tenant.headers("interviewer")

    def ids(**query) -> list[str]:
        return [r["interview_id"] for r in rows_of(client.get(URL, query_string=query,
                                                              headers=headers))]

    assert ids(candidate_id=ada) == [adas["id"]]
    assert ids(status="cancelled") == [bobs["id"]]
    assert ids(status="completed") == []
    for query, field in (({"status": "won"}, "status"), ({"limit": 5}, "limit")):
        response = client.get(URL, query_string=query, headers=headers)
        assert response.status_code == 422
        assert response.mimetype == "application/problem+json"
        assert [e["field"] for e in response.get_json()["errors"]] == [field]


def test_every_page_of_interviews_is_exported(app, client, tenant, monkeypatch):
    monkeypatch.setattr(export, "BATCH", 2)
    ada = add_candidate(app, tenant.org_id)
    created = [invite(client, tenant, ada, [WRITTEN, BOTH])["id"] for _ in range(5)]
    rows = rows_of(client.get(URL, headers=tenant.headers("interviewer")))
    assert [r["interview_id"] for r in rows] == [i for i in created[::-1] for _ in range(2)]


def test_only_interviewers_of_the_organisation_export_its_interviews(app, client, tenant,
                                                                       other_tenant):
    created = invite(client, tenant, add_candidate(app, tenant.org_id), [WRITTEN])
    assert rows_of(client.get(URL, headers=other_tenant.headers("interviewer"))) == []
    for headers in (tenant.headers("portal"), bearer(created["invite_token"])):
        refused = client.get(URL, headers=headers)
        assert refused.status_code == 403 and refused.mimetype == "application/problem+json"
    assert client.get(URL).status_code == 401
