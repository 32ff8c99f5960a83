"""Helpers for portal tests: the app's services, callers as principals, interviews made
through the real interview rules."""

from __future__ import annotations

from sqlmodel import Session

from service.interviews import flow
from service.interviews.services import Services
from service.store.candidates import create_candidate
from service.store.db import session_scope
from service.store.keys import Principal, authenticate
from tests.conftest import Tenant

WRITTEN = "kafka-schema-evolution"
OTHER_WRITTEN = "star-schema-design"


def services(app) -> Services:
    """The app's service bundle."""
    return app.extensions["grader.services"]


def principal(app, tenant: Tenant, role: str) -> Principal:
    """The caller the tenant's key with `role` stands for."""
    with Session(services(app).db) as session:
        return authenticate(session, tenant.keys[role])


def invite(app, tenant: Tenant, email: str = "sam@example.com", name: str | None = "Sam"):
    """A new candidate with an interview on one written scenario; returns the interview and the
    invite token."""
    portal = principal(app, tenant, "portal")
    with session_scope(services(app).db) as session:
        candidate = create_candidate(session, tenant.org_id, email, name, portal.actor)
    return flow.create_interview(services(app), portal, candidate.id, scenario_ids=[WRITTEN])


def as_candidate(interview) -> Principal:
    """The candidate of the interview, as their invite token authenticates them."""
    return Principal(org_id=interview.org_id, role="candidate", interview_id=interview.id)


def assert_problem(response, status: int, field: str | None = None) -> dict:
    """The response is a problem+json with `status`; with `field`, a 422 naming it."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status
    if field is not None:
        assert field in {e["field"] for e in body["errors"]}, body
    return body
