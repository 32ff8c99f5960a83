"""Helpers for interview tests: candidates, invites, principals and sample answers."""

from __future__ import annotations

from pathlib import Path

import yaml

from service.store.candidates import create_candidate
from service.store.db import session_scope
from service.store.keys import Principal, authenticate

SAMPLES = Path(__file__).parent / "content" / "samples"
WRITTEN = "api-downtime-handling"  # a written scenario
BOTH = "late-arriving-events"  # a scenario with a written part and a code task


def sample(scenario_id: str, grade: str = "strong") -> str:
    """A graded sample answer of the shipped bank (strong, partial or weak)."""
    data = yaml.safe_load((SAMPLES / f"{scenario_id}.yaml").read_text())
    return data["answers"][grade]


def add_candidate(app, org_id: str, email: str = "ada@example.com") -> str:
    """A candidate of the organisation, created in the store (returns its id)."""
    with session_scope(app.extensions["grader.db"]) as session:
        return create_candidate(session, org_id, email, "Ada", actor="test").id


def caller(app, token: str) -> Principal:
    """The principal a key or invite token stands for."""
    with session_scope(app.extensions["grader.db"]) as session:
        principal = authenticate(session, token)
    assert principal is not None
    return principal


def bearer(token: str) -> dict[str, str]:
    """Authorization header for a key or invite token."""
    return {"Authorization": f"Bearer {token}"}


def invite(client, tenant, candidate_id: str, scenario_ids: list[str], **fields) -> dict:
    """Create an interview through the portal API; returns the 201 body."""
    response = client.post("/api/v1/interviews", headers=tenant.headers("portal"),
                           json={"candidate_id": candidate_id, "scenario_ids": scenario_ids,
                                 **fields})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def answer(client, token: str, scenario_id: str, **part):
    """POST a candidate answer (text=... or code=...) with the invite token."""
    return client.post("/api/v1/candidate/interview/answers", headers=bearer(token),
                       json={"scenario_id": scenario_id, **part})
