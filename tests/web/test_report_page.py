"""The report page and overrides through the app, on SQLite and PostgreSQL: evidence in place,
reviews kept with the automatic score, the audit names the user, other organisations see 404."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from service.store.models import AuditEvent, Review
from tests.web.conftest import answered_interview, csrf_from, sign_in


def _review(client, interview_id: str, result_id: str, **fields):
    page = client.get(f"/reports/{interview_id}").get_data(as_text=True)
    form = {"csrf_token": csrf_from(page), "result_id": result_id, **fields}
    return client.post(f"/reports/{interview_id}/reviews", data=form)


def test_report_highlights_each_evidence_span_of_the_answer(app, client, tenant, interviewer):
    interview_id, _, result_id = answered_interview(app, tenant.org_id)
    sign_in(client, interviewer.email)
    response = client.get(f"/reports/{interview_id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    marks = re.findall(r'<mark tabindex="0" class="ev c\d (\w+)" data-start="(\d+)" '
                       r'data-end="(\d+)"[^>]*>([^<]*)</mark>', html)
    assert ("matched", "35", "54", "exponential backoff") in marks
    assert any(kind == "negated" for kind, *_ in marks)
    assert "Missing" in html and "pass score 60" in html
    assert f'id="result-{result_id}"' in html


def test_override_keeps_the_automatic_score_and_every_review(app, client, tenant, interviewer):
    interview_id, _, result_id = answered_interview(app, tenant.org_id)
    sign_in(client, interviewer.email)
    first = _review(client, interview_id, result_id, score="40", reason="Too vague on alerts.")
    assert first.status_code == 303
    second = _review(client, interview_id, result_id, score="70", reason="Discussed live.")
    assert second.status_code == 303
    html = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "Override saved: 70." in html
    assert 'class="reviewed-score">70</strong> counts' in html
    assert "Automatic score <strong>62.5</strong>" in html
    assert "Too vague on alerts." in html and "Discussed live." in html
    assert f"user:{interviewer.user_id}" in html
    with Session(app.extensions["grader.db"]) as session:
        reviews = session.exec(select(Review).where(Review.result_id == result_id)).all()
        events = session.exec(
            select(AuditEvent).where(AuditEvent.action == "result.reviewed")
        ).all()
    assert sorted(r.score for r in reviews) == [40, 70]
    assert {r.reviewer for r in reviews} == {f"user:{interviewer.user_id}"}
    assert {e.actor for e in events} == {f"user:{interviewer.user_id}"}


def test_override_needs_a_reason_a_score_in_range_and_a_csrf_token(
    app, client, tenant, interviewer
):
    interview_id, _, result_id = answered_interview(app, tenant.org_id)
    sign_in(client, interviewer.email)
    no_reason = _review(client, interview_id, result_id, score="50", reason="  ")
    assert no_reason.status_code == 422
    assert "a review needs a reason" in no_reason.get_data(as_text=True)
    assert _review(client, interview_id, result_id, score="101", reason="x").status_code == 422
    assert _review(client, interview_id, result_id, score="lots", reason="x").status_code == 422
    no_token = client.post(f"/reports/{interview_id}/reviews",
                           data={"result_id": result_id, "score": "50", "reason": "ok"})
    assert no_token.status_code == 400
    with Session(app.extensions["grader.db"]) as session:
        assert session.exec(select(Review)).all() == []


def test_another_organisation_gets_404_for_the_report_and_its_results(
    app, client, tenant, interviewer, outsider
):
    interview_id, _, result_id = answered_interview(app, tenant.org_id)
    own_interview, _, own_result = answered_interview(app, tenant.org_id, "We retry.")
    sign_in(client, outsider.email)
    response = client.get(f"/reports/{interview_id}")
    assert response.status_code == 404
    assert "Casey" not in response.get_data(as_text=True)
    assert client.get("/reports/no-such-interview").status_code == 404
    page = client.get("/interviews").get_data(as_text=True)
    assert interview_id not in page
    attempt = client.post(f"/reports/{interview_id}/reviews", data={
        "csrf_token": csrf_from(page), "result_id": result_id, "score": "0", "reason": "x"})
    assert attempt.status_code == 404
    client.post("/logout", data={"csrf_token": csrf_from(page)})
    sign_in(client, interviewer.email)
    # a result of the same organisation, posted under another interview's report: 404 too
    mixed = _review(client, interview_id, own_result, score="10", reason="wrong report")
    assert mixed.status_code == 404
    assert own_interview != interview_id
    with Session(app.extensions["grader.db"]) as session:
        assert session.exec(select(Review)).all() == []
