"""Operator commands through the real `grader` executable on a migrated database: an
organisation, a key printed once that authenticates, key listings without secrets, revocation,
and assessments checked against the bank."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlmodel import Session, select

from service.store.models import ApiKey

GRADER = Path(sys.executable).parent / "grader"


def grader(database_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GRADER_DATABASE_URL": database_url}
    return subprocess.run([str(GRADER), *args], env=env, capture_output=True, text=True,
                          timeout=180, check=False)


def only_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    return lines[0]


def test_operator_sets_up_an_organisation_whose_key_works_until_revoked(
    database_url, app, client
):
    org_id = only_line(grader(database_url, "orgs", "create", "Acme Hiring"))
    key = only_line(grader(database_url, "keys", "create", "--org", org_id, "--role", "portal",
                           "--label", "ats"))
    assessment_id = only_line(grader(database_url, "assessments", "create", "--org", org_id,
                                     "--name", "Streaming", "kafka-schema-evolution",
                                     "stateful-streaming-alerts"))
    headers = {"Authorization": f"Bearer {key}"}

    listed = client.get("/api/v1/assessments", headers=headers)
    assert listed.status_code == 200
    assert [(a["id"], a["name"], a["scenario_ids"]) for a in listed.get_json()["items"]] == [
        (assessment_id, "Streaming", ["kafka-schema-evolution", "stateful-streaming-alerts"])
    ]

    keys = grader(database_url, "keys", "list", "--org", org_id)
    with Session(app.extensions["grader.db"]) as session:
        row = session.exec(select(ApiKey).where(ApiKey.org_id == org_id)).one()
    assert keys.returncode == 0
    assert row.id in keys.stdout and row.prefix in keys.stdout and "ats" in keys.stdout
    assert key not in keys.stdout + keys.stderr
    assert row.key_hash not in keys.stdout + keys.stderr

    assert grader(database_url, "keys", "revoke", row.id).returncode == 0
    refused = client.get("/api/v1/assessments", headers=headers)
    assert refused.status_code == 401


def test_unknown_organisation_or_scenario_is_a_clear_error(database_url):
    org_id = only_line(grader(database_url, "orgs", "create", "Acme"))
    cases = [
        (("assessments", "create", "--org", org_id, "--name", "X", "kafka-schema-evolution",
          "no-such-scenario"), "no-such-scenario"),
        (("assessments", "create", "--org", "nope", "--name", "X", "kafka-schema-evolution"),
         "no organisation"),
        (("keys", "create", "--org", "nope", "--role", "admin"), "no organisation"),
        (("keys", "list", "--org", "nope"), "no organisation"),
        (("keys", "revoke", "nope"), "no API key"),
    ]
    for args, message in cases:
        result = grader(database_url, *args)
        assert result.returncode != 0, args
        assert message in result.stderr
        assert result.stdout == ""
