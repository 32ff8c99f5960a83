"""The Greenhouse Assessment Partner contract's rules: tests are the organisation's
assessments, a sent test is an interview, its status is the interview's overall score.

send_test has no idempotency key; a repeat with the same key, test and candidate profile URL
returns the interview created the first time instead of inviting the candidate again.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from sqlmodel import Session, col, select

from service.interviews import flow
from service.interviews.candidates import Person, find_or_register
from service.interviews.errors import Invalid
from service.interviews.services import Services
from service.interviews.summary import interview_view
from service.outbox.http import forbidden_target
from service.store import audit
from service.store.assessments import all_assessments, get_assessment
from service.store.db import session_scope
from service.store.keys import Principal
from service.store.models import ApiKey, Interview

log = logging.getLogger("service.greenhouse")
_send_lock = threading.Lock()


def list_tests(session: Session, org_id: str) -> list[dict[str, str]]:
    """The organisation's assessments as Greenhouse tests."""
    return [{"partner_test_id": a.id, "partner_test_name": a.name}
            for a in all_assessments(session, org_id)]


def _sent_before(
    session: Session, principal: Principal, test_id: str, profile_url: str | None
) -> Interview | None:
    return session.exec(
        select(Interview)
        .where(Interview.org_id == principal.org_id, Interview.created_by == principal.key_id,
               Interview.partner_test_id == test_id,
               Interview.partner_profile_url == profile_url)
        .order_by(col(Interview.created_at), col(Interview.id))
    ).first()


def send_test(
    services: Services,
    principal: Principal,
    key: str,
    test_id: str,
    candidate: Person,
    callback_url: str,
) -> str:
    """Invite the candidate (found or added by e-mail; `external_url` is their Greenhouse
    profile) to the test; returns the interview id. `key` is the caller's API key, sealed for
    the completion callback.

    Sends by one key are serialized (a lock in this process, and on PostgreSQL a row lock on
    the key held until the interview is committed), so a retry that overlaps a slow first call
    still finds its interview. A callback URL at an address deliveries may not reach is
    Invalid."""
    reason = forbidden_target(callback_url, services.settings.delivery_targets)
    if reason is not None:
        raise Invalid(reason, "url")
    with _send_lock, session_scope(services.db) as session:
        session.exec(select(ApiKey.id).where(ApiKey.id == principal.key_id).with_for_update())
        if get_assessment(session, principal.org_id, test_id) is None:
            raise Invalid(f"no test with id '{test_id}'", "partner_test_id")
        earlier = _sent_before(session, principal, test_id, candidate.external_url)
        if earlier is not None:
            return earlier.id
        person = find_or_register(services.db, principal.org_id, candidate, principal.actor)
        interview, _token = flow.create_interview(
            services, principal, person.id, assessment_id=test_id,
            partner={"partner_test_id": test_id, "partner_profile_url": candidate.external_url,
                     "partner_callback_url": callback_url,
                     "partner_key_sealed": services.sealer.seal(key)},
        )
        return interview.id


def test_status(
    session: Session, services: Services, principal: Principal, interview_id: str
) -> dict[str, Any]:
    """`incomplete`, or once the interview is finished and graded `complete` with the overall
    score, the report URL and flat metadata (status, per-scenario scores)."""
    interview = flow.get_interview(session, principal, interview_id)
    view = interview_view(session, interview, services.bank)
    if view["score"] is None:
        return {"partner_status": "incomplete"}
    metadata: dict[str, Any] = {"status": interview.status}
    for scenario in view["scenarios"]:
        metadata[f"score_{scenario['scenario_id']}"] = scenario["score"] or 0.0
    return {
        "partner_status": "complete",
        "partner_score": view["score"],
        "partner_profile_url": services.report_url(interview.id),
        "metadata": metadata,
    }


def record_response_error(
    services: Services, principal: Principal, report: dict[str, Any]
) -> None:
    """Log and audit an error Greenhouse reports about one of our responses."""
    log.warning("Greenhouse reports an error (key %s): %s", principal.key_id, report)
    with session_scope(services.db) as session:
        interview_id = report.get("partner_interview_id")
        owned = interview_id and session.get(Interview, interview_id)
        audit.record(
            session, org_id=principal.org_id, actor=principal.actor,
            action="greenhouse.response_error", subject_type="api_key",
            subject_id=principal.key_id or "",
            interview_id=interview_id if owned and owned.org_id == principal.org_id else None,
            after=report,
        )
