"""Expiry: the background sweep (flow.expire_due) ends open interviews past their expiry,
audits it, scores what was answered, and leaves the others alone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlmodel import Session

from service.interviews import flow, grading
from service.interviews.errors import Conflict
from service.store import audit
from service.store.db import session_scope
from service.store.models import Interview, utcnow
from tests.interview_support import (
    BOTH,
    WRITTEN,
    code_result,
    open_interview,
    portal_view,
    sample,
    store_code_answer,
)


def make_due(services, interview_id: str) -> None:
    with session_scope(services.db) as session:
        session.execute(update(Interview).where(Interview.id == interview_id)
                        .values(expires_at=utcnow() - timedelta(seconds=1)))


def test_expire_due_ends_open_interviews_past_their_expiry_only(services, portal, candidate_id):
    invited, _ = open_interview(services, portal, candidate_id, [WRITTEN])
    started, started_candidate = open_interview(services, portal, candidate_id, [WRITTEN])
    _, answered = flow.submit_text(services, started_candidate, WRITTEN, sample(WRITTEN))
    future, _ = open_interview(services, portal, candidate_id, [WRITTEN])
    cancelled, _ = open_interview(services, portal, candidate_id, [WRITTEN])
    flow.cancel(services, portal, cancelled.id)
    for interview in (invited, started, cancelled):
        make_due(services, interview.id)

    assert flow.expire_due(services) == 2
    assert flow.expire_due(services) == 0
    statuses = {i.id: portal_view(services, i.id)["status"]
                for i in (invited, started, future, cancelled)}
    assert statuses == {invited.id: "expired", started.id: "expired", future.id: "invited",
                        cancelled.id: "cancelled"}
    assert portal_view(services, started.id)["score"] == answered.score
    assert portal_view(services, invited.id)["score"] == 0.0
    with Session(services.db) as session:
        trail = audit.for_interview(session, portal.org_id, started.id)
        assert session.get(Interview, started.id).finalized_at is not None
    expired = [e for e in trail if e.action == "interview.expired"]
    assert len(expired) == 1 and expired[0].actor == "system"
    with pytest.raises(Conflict, match="expired"):
        flow.submit_text(services, started_candidate, WRITTEN, "one more thing")


def test_an_expired_interview_is_scored_once_its_code_is_graded(services, portal,
                                                                candidate_id):
    interview, candidate = open_interview(services, portal, candidate_id, [BOTH])
    job_id = store_code_answer(services, interview.id, BOTH, "def solve(spark): ...")
    make_due(services, interview.id)
    assert flow.expire_due(services) == 1
    assert portal_view(services, interview.id)["score"] is None
    with pytest.raises(Conflict):
        flow.complete(services, candidate, interview.id)
    grading.finish(services, job_id, code_result(2, 5))
    view = portal_view(services, interview.id)
    assert (view["status"], view["score"]) == ("expired", 40.0)
