"""Finalization: once a finished interview has nothing left to grade, `interview.completed` is
queued (webhook and Greenhouse callback) exactly once, whoever gets there first."""

from __future__ import annotations

import json

from sqlalchemy import update
from sqlmodel import Session, select

from service.interviews import flow, grading
from service.store.db import session_scope
from service.store.models import Delivery, Interview, WebhookEndpoint, dumps
from tests.interview_support import (
    BOTH,
    WRITTEN,
    code_result,
    open_interview,
    sample,
    store_code_answer,
)


def subscribe(services, org_id: str) -> None:
    with session_scope(services.db) as session:
        session.add(WebhookEndpoint(
            org_id=org_id, url="http://127.0.0.1:9/hook",
            events_json=dumps(["interview.completed"]), secret_sealed=services.sealer.seal("s"),
        ))


def completed_deliveries(services, interview_id: str) -> list[str]:
    with Session(services.db) as session:
        return list(session.exec(
            select(Delivery.channel).where(Delivery.interview_id == interview_id,
                                           Delivery.event == "interview.completed")
            .order_by(Delivery.channel)
        ))


def test_completion_is_finalized_exactly_once(services, portal, candidate_id):
    subscribe(services, portal.org_id)
    interview, candidate = open_interview(services, portal, candidate_id, [WRITTEN])
    with session_scope(services.db) as session:
        session.execute(update(Interview).where(Interview.id == interview.id)
                        .values(partner_callback_url="http://127.0.0.1:9/greenhouse"))
    flow.submit_text(services, candidate, WRITTEN, sample(WRITTEN, "partial"))
    with Session(services.db) as stale_session:
        stale = stale_session.get(Interview, interview.id)  # loaded before completion
        flow.complete(services, candidate, interview.id)
        assert completed_deliveries(services, interview.id) == ["greenhouse", "webhook"]
        stale.status = "completed"  # what a racing process believes
        assert flow.finalize_if_ready(stale_session, services, stale) is False
        stale_session.rollback()
    with session_scope(services.db) as session:
        again = session.get(Interview, interview.id)
        assert again.finalized_at is not None
        assert flow.finalize_if_ready(session, services, again) is False
    assert flow.expire_due(services) == 0
    assert completed_deliveries(services, interview.id) == ["greenhouse", "webhook"]


def test_finalization_waits_for_the_last_code_job_and_happens_once(
    services, portal, candidate_id
):
    subscribe(services, portal.org_id)
    interview, candidate = open_interview(services, portal, candidate_id, [BOTH])
    job_id = store_code_answer(services, interview.id, BOTH, "def solve(spark): ...")
    flow.complete(services, candidate, interview.id)
    assert flow.expire_due(services) == 0
    assert completed_deliveries(services, interview.id) == []
    grading.finish(services, job_id, code_result(4, 5))
    grading.finish(services, job_id, code_result(1, 5))  # a second run of the same job
    assert completed_deliveries(services, interview.id) == ["webhook"]
    with Session(services.db) as session:
        (payload,) = session.exec(select(Delivery.payload)).all()
    event = json.loads(payload)
    assert event["type"] == "interview.completed"
    assert event["data"]["interview"]["score"] == 80.0  # the first run's verdict stands
