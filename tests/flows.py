"""Taking interviews through the real flow functions, as the API would (test helpers)."""

from __future__ import annotations

from sqlmodel import Session

from service.content.models import Kind
from service.interviews import flow
from service.interviews.services import Services
from service.store.candidates import create_candidate
from service.store.db import session_scope
from service.store.keys import Principal, authenticate
from service.store.models import Interview

ANSWER = (
    "Register the schema in a schema registry with backward compatibility, add fields with "
    "defaults, and let consumers upgrade before producers so old readers keep working."
)


def portal_principal(services: Services, portal_key: str) -> Principal:
    """The caller a portal key stands for, as the API would authenticate it."""
    with Session(services.db) as session:
        caller = authenticate(session, portal_key)
    assert caller is not None and caller.role == "portal"
    return caller


def written_scenario(services: Services) -> str:
    """The id of a shipped scenario answered in writing only."""
    return next(s.id for s in services.bank.scenarios() if s.kind is Kind.written)


def invite(
    services: Services, caller: Principal, email: str = "ada@example.com",
    name: str | None = "Ada", partner: dict[str, str] | None = None,
) -> tuple[Interview, str]:
    """A new candidate invited to one written scenario; returns the interview and token."""
    with session_scope(services.db) as session:
        candidate = create_candidate(session, caller.org_id, email, name, caller.actor)
    return flow.create_interview(services, caller, candidate.id,
                                 scenario_ids=[written_scenario(services)], partner=partner)


def answer_and_complete(services: Services, token: str) -> Interview:
    """The candidate answers every scenario of the invite and completes the interview."""
    with Session(services.db) as session:
        candidate = authenticate(session, token)
    assert candidate is not None and candidate.role == "candidate"
    interview_id = candidate.interview_id or ""
    with Session(services.db) as session:
        scenario_ids = session.get(Interview, interview_id).scenario_ids
    for scenario_id in scenario_ids:
        flow.submit_text(services, candidate, scenario_id, ANSWER)
    return flow.complete(services, candidate, interview_id)


def completed_interview(
    services: Services, caller: Principal, partner: dict[str, str] | None = None
) -> Interview:
    """An interview invited, answered and completed through the flow functions."""
    _, token = invite(services, caller, partner=partner)
    return answer_and_complete(services, token)
