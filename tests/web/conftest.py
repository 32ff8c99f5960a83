"""Fixtures of the page tests: interviewer accounts, an interview with answers, a signed-in
test client and a CSRF token read from a served form."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from service.interviews import flow
from service.store.candidates import create_candidate
from service.store.db import session_scope
from service.store.keys import Principal
from service.store.models import new_id
from service.store.users import create_user

PASSWORD = "correct horse battery staple"
WRITTEN = "api-downtime-handling"
BOTH = "python-udf-performance"
ANSWER = (
    "When the API is down we retry with exponential backoff and jitter, and we do not retry "
    "forever: after a few attempts the request goes to a dead letter queue. Calls must be "
    "idempotent so a retry never creates duplicates, and a circuit breaker stops hammering the "
    "API. We checkpoint progress so the job resumes where it stopped."
)


@dataclass
class Interviewer:
    """A user account of an organisation."""

    org_id: str
    user_id: str
    email: str


def add_user(app, org_id: str, email: str, role: str = "interviewer") -> Interviewer:
    """An account in the app's database."""
    with session_scope(app.extensions["grader.db"]) as session:
        user = create_user(session, org_id, email, role, PASSWORD)
    return Interviewer(org_id, user.id, user.email)


def new_interview(app, org_id: str, scenario_ids: list[str]) -> tuple[str, str]:
    """An interview of a new candidate, created as the portal would; (id, invite token)."""
    services = app.extensions["grader.services"]
    portal = Principal(org_id=org_id, role="portal", key_id="test-portal")
    with session_scope(services.db) as session:
        candidate = create_candidate(session, org_id, f"c-{new_id()[:12]}@example.org",
                                     "Casey Candidate", portal.actor)
    interview, token = flow.create_interview(services, portal, candidate.id,
                                             scenario_ids=scenario_ids)
    return interview.id, token


def answered_interview(app, org_id: str, text: str = ANSWER) -> tuple[str, str, str]:
    """An interview with one written answer; (interview id, token, result id)."""
    interview_id, token = new_interview(app, org_id, [WRITTEN])
    services = app.extensions["grader.services"]
    candidate = Principal(org_id=org_id, role="candidate", interview_id=interview_id)
    _, result = flow.submit_text(services, candidate, WRITTEN, text)
    return interview_id, token, result.id


def csrf_from(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def sign_in(client, email: str, password: str = PASSWORD):
    """Post the sign-in form with the token it was served with; returns the response."""
    token = csrf_from(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": token})


@pytest.fixture
def interviewer(app, tenant) -> Interviewer:
    """An interviewer of organisation A."""
    return add_user(app, tenant.org_id, "ivy@a.example")


@pytest.fixture
def outsider(app, other_tenant) -> Interviewer:
    """An interviewer of organisation B."""
    return add_user(app, other_tenant.org_id, "olaf@b.example")
