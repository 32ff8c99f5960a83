"""Sign-in, sessions, CSRF and throttling of the pages, on SQLite and PostgreSQL."""

from __future__ import annotations

from flask import session as flask_session
from flask.sessions import NullSession
from sqlmodel import Session, select

from service.store.models import AuditEvent
from service.store.users import User
from tests.web.conftest import PASSWORD, csrf_from, sign_in


def test_pages_redirect_to_sign_in_when_nobody_is_signed_in(client):
    for path in ("/interviews", "/reports/abc", "/analytics", "/analytics/api-downtime-handling"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/login?next=")


def test_sign_in_opens_a_session_with_a_safe_cookie(client, interviewer, app):
    response = sign_in(client, interviewer.email)
    assert response.status_code == 302
    assert response.headers["Location"] == "/interviews"
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert client.get("/interviews").status_code == 200
    assert app.config["SECRET_KEY"] != app.extensions["grader.services"].settings.secret_key
    with Session(app.extensions["grader.db"]) as session:
        user = session.get(User, interviewer.user_id)
    assert user.last_login_at is not None
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_sign_in_returns_to_the_page_asked_for_but_never_off_site(client, interviewer):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    form = {"email": interviewer.email, "password": PASSWORD, "csrf_token": token}
    response = client.post("/login", data={**form, "next": "/analytics"})
    assert response.headers["Location"] == "/analytics"
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/analytics").text)})
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={**form, "csrf_token": token,
                                           "next": "//evil.example/x"})
    assert response.headers["Location"] == "/interviews"


def test_e_mail_is_matched_without_regard_to_case(client, interviewer):
    assert sign_in(client, interviewer.email.upper()).status_code == 302


def test_wrong_password_is_refused_then_throttled(client, interviewer):
    for _ in range(5):
        response = sign_in(client, interviewer.email, "wrong password!")
        assert response.status_code == 401
        assert "The e-mail or password is wrong." in response.get_data(as_text=True)
    response = sign_in(client, interviewer.email, "wrong password!")
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) >= 1
    assert "Too many failed attempts" in response.get_data(as_text=True)
    # while throttled even the right password is not checked
    assert sign_in(client, interviewer.email).status_code == 429
    assert client.get("/interviews").status_code == 302


def test_throttle_counts_per_e_mail(client, interviewer, outsider):
    for _ in range(6):
        sign_in(client, interviewer.email, "wrong password!")
    assert sign_in(client, outsider.email).status_code == 302


def test_unknown_e_mail_is_refused_like_a_wrong_password(client):
    response = sign_in(client, "nobody@nowhere.example")
    assert response.status_code == 401
    assert "The e-mail or password is wrong." in response.get_data(as_text=True)


def test_sign_in_form_without_csrf_token_is_refused(client, interviewer):
    client.get("/login")
    response = client.post("/login", data={"email": interviewer.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "The CSRF token is missing." in response.get_data(as_text=True)
    assert client.get("/interviews").status_code == 302


def test_forged_csrf_token_is_refused(client, interviewer):
    client.get("/login")
    response = client.post("/login", data={"email": interviewer.email, "password": PASSWORD,
                                           "csrf_token": "forged"})
    assert response.status_code == 400


def test_sign_out_ends_the_session(client, interviewer):
    sign_in(client, interviewer.email)
    page = client.get("/interviews").get_data(as_text=True)
    response = client.post("/logout", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 302
    assert client.get("/interviews").status_code == 302


def test_sign_out_without_csrf_token_is_refused(client, interviewer):
    sign_in(client, interviewer.email)
    assert client.post("/logout").status_code == 400
    assert client.get("/interviews").status_code == 200


def test_json_api_needs_no_csrf_token(client):
    response = client.post("/api/v1/scenarios/api-downtime-handling/score",
                           json={"answer": "We retry with exponential backoff."})
    assert response.status_code == 200


def test_json_api_requests_get_no_cookie_session(app):
    for path in ("/api/v1/scenarios", "/partners/greenhouse/tests"):
        with app.test_request_context(path):
            assert isinstance(flask_session, NullSession), path
    with app.test_request_context("/interviews"):
        assert not isinstance(flask_session, NullSession)


def test_json_api_never_sets_a_cookie_even_for_a_signed_in_browser(client, interviewer):
    sign_in(client, interviewer.email)
    for response in (
        client.get("/api/v1/scenarios"),
        client.post("/api/v1/scenarios/api-downtime-handling/score",
                    json={"answer": "We retry with exponential backoff."}),
        client.get("/api/v1/interviews"),  # the cookie is no credential here
    ):
        assert "Set-Cookie" not in response.headers
    assert response.status_code == 401
    assert client.get("/interviews").status_code == 200  # the pages' session is intact


def test_sign_in_is_audited_nowhere_but_user_creation_is(app, interviewer):
    with Session(app.extensions["grader.db"]) as session:
        events = session.exec(
            select(AuditEvent).where(AuditEvent.subject_id == interviewer.user_id)
        ).all()
    assert [e.action for e in events] == ["user.created"]
    assert PASSWORD not in (events[0].after_json or "")
