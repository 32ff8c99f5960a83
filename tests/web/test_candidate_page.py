"""The candidate's invite page through the app, on SQLite and PostgreSQL: the token is the only
credential, answers are kept (the latest counts), finishing closes the interview."""

from __future__ import annotations

from sqlmodel import Session, select

from service.store.models import Interview, Submission
from tests.web.conftest import ANSWER, WRITTEN, csrf_from, new_interview


def _answer(client, token: str, body: str, kind: str = "text", scenario_id: str = WRITTEN):
    page = client.get(f"/i/{token}").get_data(as_text=True)
    return client.post(f"/i/{token}/answers", data={
        "csrf_token": csrf_from(page), "scenario_id": scenario_id, "kind": kind, "body": body})


def test_invite_page_takes_answers_keeps_both_and_shows_the_latest_feedback(app, client, tenant):
    interview_id, token = new_interview(app, tenant.org_id, [WRITTEN])
    page = client.get(f"/i/{token}")
    assert page.status_code == 200
    assert page.headers["Referrer-Policy"] == "no-referrer"
    html = page.get_data(as_text=True)
    assert "Handling Outages of an External API" in html and " left</strong>" in html
    first = _answer(client, token, "We would retry.")
    assert first.status_code == 303
    weak = client.get(first.headers["Location"]).get_data(as_text=True)
    assert 'class="band weak"' in weak
    _answer(client, token, ANSWER)
    strong = client.get(f"/i/{token}").get_data(as_text=True)
    assert 'class="band pass"' in strong
    assert f'required>{ANSWER}</textarea>' in strong  # the form holds the latest answer
    with Session(app.extensions["grader.db"]) as session:
        bodies = session.exec(
            select(Submission.body).where(Submission.interview_id == interview_id)
        ).all()
    assert sorted(bodies) == sorted(["We would retry.", ANSWER])


def test_finishing_closes_the_interview_to_more_answers(app, client, tenant):
    interview_id, token = new_interview(app, tenant.org_id, [WRITTEN])
    page = client.get(f"/i/{token}").get_data(as_text=True)
    done = client.post(f"/i/{token}/complete", data={"csrf_token": csrf_from(page)})
    assert done.status_code == 303
    html = client.get(f"/i/{token}").get_data(as_text=True)
    assert "your interview is finished" in html and "Send written answer" not in html
    late = client.post(f"/i/{token}/answers", data={
        "csrf_token": csrf_from(page), "scenario_id": WRITTEN, "kind": "text", "body": "late"})
    assert late.status_code == 409
    assert "it takes no more answers" in late.get_data(as_text=True)
    with Session(app.extensions["grader.db"]) as session:
        assert session.get(Interview, interview_id).status == "completed"


def test_only_a_live_invite_token_opens_the_page(client, tenant):
    for token in ("gi_not-a-real-token", tenant.keys["admin"], "anything"):
        assert client.get(f"/i/{token}").status_code == 404
        assert client.post(f"/i/{token}/complete").status_code in (400, 404)


def test_bad_answers_are_refused_with_the_field_named(app, client, tenant, settings):
    _, token = new_interview(app, tenant.org_id, [WRITTEN])
    empty = _answer(client, token, "   ")
    assert empty.status_code == 422 and "the answer is empty" in empty.get_data(as_text=True)
    long = _answer(client, token, "x" * (settings.max_answer_chars + 1))
    assert long.status_code == 422
    assert _answer(client, token, "print(1)", kind="code").status_code == 422  # written only
    assert _answer(client, token, "text", scenario_id="star-schema-design").status_code == 422
    no_token = client.post(f"/i/{token}/answers",
                           data={"scenario_id": WRITTEN, "kind": "text", "body": ANSWER})
    assert no_token.status_code == 400
