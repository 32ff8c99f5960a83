"""Bearer tokens to principals: an invite token brings its interview's state in one query."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from service.store.db import session_scope
from service.store.interviews import AnswerTarget
from service.store.keys import Principal, authenticate
from service.store.models import Interview
from tests.interview_support import WRITTEN, add_candidate, answer, caller, invite, sample


def test_an_invite_principal_carries_its_interviews_state_as_stored(app, client, tenant):
    created = invite(client, tenant, add_candidate(app, tenant.org_id), [WRITTEN])

    principal = caller(app, created["invite_token"])

    with session_scope(app.extensions["grader.db"]) as session:
        stored = session.get(Interview, created["id"])
        assert principal.interview is not None
        assert principal.interview == (stored.id, stored.org_id, "invited", stored.expires_at,
                                       stored.scenario_ids_json)
    assert (principal.role, principal.interview_id, principal.org_id) == (
        "candidate", created["id"], tenant.org_id)
    assert json.loads(principal.interview.scenario_ids_json) == [WRITTEN]


def test_the_state_read_with_the_token_follows_the_interview(app, client, tenant):
    created = invite(client, tenant, add_candidate(app, tenant.org_id), [WRITTEN])
    assert answer(client, created["invite_token"], WRITTEN, text=sample(WRITTEN)).status_code == 201

    assert caller(app, created["invite_token"]).interview.status == "in_progress"


def test_a_wrong_invite_token_stands_for_nobody(app, client, tenant):
    created = invite(client, tenant, add_candidate(app, tenant.org_id), [WRITTEN])

    with session_scope(app.extensions["grader.db"]) as session:
        assert authenticate(session, created["invite_token"][:-2] + "xx") is None


def test_principals_compare_by_who_they_are_not_by_the_state_read():
    at = datetime(2026, 1, 1, tzinfo=UTC)
    one = Principal("org", "candidate", interview_id="i",
                    interview=AnswerTarget("i", "org", "invited", at, "[]"))
    later = Principal("org", "candidate", interview_id="i",
                      interview=AnswerTarget("i", "org", "in_progress", at, "[]"))

    assert one == later and hash(one) == hash(later)
