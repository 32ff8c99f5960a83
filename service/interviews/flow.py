"""The life of an interview: invite, answers, completion, cancellation, expiry, finalization.

Each function runs in its own transaction; every change is audited in the same transaction, and
the deliveries it causes (webhooks, Greenhouse callback, invite e-mail) are queued there too.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from service.content.models import Kind
from service.interviews import grading
from service.interviews.assessments import validate_scenario_ids
from service.interviews.errors import Conflict, Invalid, NotFound, Unavailable
from service.interviews.services import Services
from service.interviews.summary import FINISHED, interview_view, scenario_states
from service.outbox.queue import queue_email, queue_event, queue_greenhouse_callback
from service.scoring import ENGINE_VERSION, score_answer
from service.store import audit, interviews
from service.store.code_jobs import CodeJob
from service.store.db import insert_rows, row_of, session_scope
from service.store.keys import INVITE_PREFIX, Principal
from service.store.models import (
    OPEN_STATUSES,
    Assessment,
    Candidate,
    Interview,
    Result,
    Submission,
    dumps,
    new_id,
    utcnow,
)
from service.store.secrets import hash_secret, new_secret

log = logging.getLogger("service.interviews")


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def resolve_scenarios(
    session: Session,
    services: Services,
    org_id: str,
    assessment_id: str | None,
    scenario_ids: list[str] | None,
) -> list[str]:
    """The scenario ids of a new interview, from an assessment or given explicitly."""
    if (assessment_id is None) == (scenario_ids is None):
        raise Invalid("give exactly one of assessment_id and scenario_ids", "assessment_id")
    if assessment_id is not None:
        assessment = session.get(Assessment, assessment_id)
        if assessment is None or assessment.org_id != org_id:
            raise Invalid(f"no assessment with id '{assessment_id}'", "assessment_id")
        return assessment.scenario_ids
    return check_scenario_ids(services, scenario_ids or [])


def check_scenario_ids(services: Services, scenario_ids: list[str]) -> list[str]:
    """The ids, validated: at least one, no repeats, each served by the bank."""
    return validate_scenario_ids(services.bank, scenario_ids)


def create_interview(
    services: Services,
    principal: Principal,
    candidate_id: str,
    *,
    assessment_id: str | None = None,
    scenario_ids: list[str] | None = None,
    expires_at: datetime | None = None,
    partner: dict[str, str] | None = None,
) -> tuple[Interview, str]:
    """Create an interview and send (or log) its invite; returns it and the invite token."""
    now = utcnow()
    expires = _aware(expires_at) if expires_at else now + timedelta(
        hours=services.settings.invite_ttl_hours
    )
    if expires <= now:
        raise Invalid("expires_at must be in the future", "expires_at")
    with session_scope(services.db) as session:
        candidate = session.get(Candidate, candidate_id)
        if candidate is None or candidate.org_id != principal.org_id or candidate.erased_at:
            raise Invalid(f"no candidate with id '{candidate_id}'", "candidate_id")
        ids = resolve_scenarios(session, services, principal.org_id, assessment_id, scenario_ids)
        token = new_secret(INVITE_PREFIX)
        interview = Interview(
            org_id=principal.org_id, candidate_id=candidate.id, assessment_id=assessment_id,
            scenario_ids_json=dumps(ids), token_hash=hash_secret(token), expires_at=expires,
            created_by=principal.key_id, **(partner or {}),
        )
        session.add(interview)
        audit.record(
            session, org_id=principal.org_id, actor=principal.actor, action="interview.created",
            subject_type="interview", subject_id=interview.id, interview_id=interview.id,
            after={"status": interview.status, "candidate_id": candidate.id,
                   "scenario_ids": ids, "expires_at": expires.isoformat()},
        )
        _send_invite(session, services, interview, candidate, token)
    return interview, token


def _send_invite(
    session: Session, services: Services, interview: Interview, candidate: Candidate, token: str
) -> None:
    url = services.invite_url(token)
    if not services.settings.smtp_url or not candidate.email:
        log.warning("invite for interview %s (no SMTP configured): %s", interview.id, url)
        return
    from service.outbox.invite_email import invite_message

    message = invite_message(candidate.name, url, interview.expires_at)
    queue_email(
        session, services.settings, org_id=interview.org_id, to=candidate.email,
        sealed_message=services.sealer.seal(dumps(message)), event="interview.invited",
        interview_id=interview.id,
    )


def get_interview(session: Session, principal: Principal, interview_id: str) -> Interview:
    """The interview if the caller may see it (its organisation; a candidate only their own)."""
    interview = session.get(Interview, interview_id)
    if interview is None or interview.org_id != principal.org_id or (
        principal.role == "candidate" and principal.interview_id != interview.id
    ):
        raise NotFound(f"no interview with id '{interview_id}'")
    return interview


def _check_open(session: Session, services: Services, interview: Interview) -> None:
    """Raise Conflict unless answers are still accepted; expires the interview when due."""
    if interview.status in OPEN_STATUSES and interview.expires_at <= utcnow():
        _expire(session, services, interview)
        session.commit()  # the expiry stands although the request that noticed it is refused
    if interview.status not in OPEN_STATUSES:
        raise Conflict(f"the interview is {interview.status}; it takes no more answers")


def _start(session: Session, interview: Interview, actor: str) -> None:
    if interview.status == "invited":
        interview.status, interview.started_at = "in_progress", utcnow()
        session.add(interview)
        audit.record(session, org_id=interview.org_id, actor=actor, action="interview.started",
                     subject_type="interview", subject_id=interview.id,
                     interview_id=interview.id, before={"status": "invited"},
                     after={"status": "in_progress"})


def _scenario_part(services: Services, scenario_ids: list[str], scenario_id: str, kind: str):
    if scenario_id not in scenario_ids:
        raise Invalid(f"scenario '{scenario_id}' is not part of this interview", "scenario_id")
    entry = services.bank.get(scenario_id)
    if entry is None:
        raise Invalid(f"scenario '{scenario_id}' is no longer served", "scenario_id")
    if kind == "text" and entry.scenario.kind is Kind.code:
        raise Invalid(f"scenario '{scenario_id}' has no written part; send code", "text")
    if kind == "code" and (entry.scenario.code is None or entry.rubric.code is None):
        raise Invalid(f"scenario '{scenario_id}' has no code task; send text", "code")
    return entry


def _open_part(services: Services, principal: Principal, scenario_id: str, kind: str):
    """The caller's interview, checked open, and the bank entry of the part answered. An
    interview under way and not due needs no query of its own (most answers: its state came
    with the invite token's lookup, or one plain query reads it); otherwise the first answer
    starts it and an interview past its time is expired (committed here)."""
    target = principal.interview or interviews.answer_target(
        services.db, principal.org_id, principal.interview_id or "")
    if target is not None and target.status == "in_progress" and target.expires_at > utcnow():
        scenario_ids = json.loads(target.scenario_ids_json)
        return target, _scenario_part(services, scenario_ids, scenario_id, kind)
    with session_scope(services.db) as session:
        interview = get_interview(session, principal, principal.interview_id or "")
        _check_open(session, services, interview)
        entry = _scenario_part(services, interview.scenario_ids, scenario_id, kind)
        _start(session, interview, principal.actor)
    return interviews.AnswerTarget.of(interview), entry


def _store_answer(
    services: Services, interview: interviews.AnswerTarget, scenario_id: str, kind: str,
    body: str, result: Result, actor: str, job: CodeJob | None = None,
) -> Submission:
    """Store the submission, its result (and code job) and the audit event in one short
    write transaction."""
    # ids and times given, not defaulted: pydantic inspects the signature of a default factory
    # at every construction (a tenth of building these models)
    submission = Submission(id=new_id(), received_at=utcnow(), org_id=interview.org_id,
                            interview_id=interview.id, scenario_id=scenario_id, kind=kind,
                            body=body)
    result.org_id, result.submission_id = interview.org_id, submission.id
    rows = [row_of(submission), row_of(result)]
    if job is not None:
        job.submission_id = submission.id
        rows.append(row_of(job))
    rows.append(audit.event_row(
        org_id=interview.org_id, actor=actor, action="answer.submitted",
        subject_type="submission", subject_id=submission.id, interview_id=interview.id,
        after={"scenario_id": scenario_id, "kind": kind, "result_id": result.id,
               "result_status": result.status, "score": result.score}))
    insert_rows(services.db, rows)
    return submission


def submit_text(
    services: Services, principal: Principal, scenario_id: str, text: str
) -> tuple[Submission, Result]:
    """Score and store a written answer; returns the submission and its (done) result."""
    interview, entry = _open_part(services, principal, scenario_id, "text")
    breakdown = score_answer(entry.rubric, text, question=entry.scenario.prompt)
    now = utcnow()
    result = Result(
        id=new_id(), created_at=now, org_id=interview.org_id, submission_id="", status="done",
        score=breakdown.score, passed=breakdown.passed, detail_json=breakdown.model_dump_json(),
        content_version=entry.version, engine_version=ENGINE_VERSION, finished_at=now,
    )
    submission = _store_answer(services, interview, scenario_id, "text", text, result,
                               principal.actor)
    return submission, result


def submit_code(
    services: Services, principal: Principal, scenario_id: str, code: str
) -> tuple[Submission, Result]:
    """Store a code answer with a pending result and its job, then queue it for grading."""
    reason = grading.refusal(services)
    if reason is not None:
        raise Unavailable(reason)
    engine = services.settings.spark_engine
    interview, entry = _open_part(services, principal, scenario_id, "code")
    result = Result(org_id=interview.org_id, submission_id="", status="pending",
                    content_version=entry.version, engine_version=f"runner-{engine}")
    result.code_job_id = result.id  # the job shares its result's id
    job = CodeJob(id=result.id, scenario_id=scenario_id, content_version=entry.version,
                  engine=engine)
    submission = _store_answer(services, interview, scenario_id, "code", code, result,
                               principal.actor, job)
    grading.schedule(services, job.id)
    return submission, result


def complete(services: Services, principal: Principal, interview_id: str) -> Interview:
    """The candidate is done: no more answers; finalized once every code job is graded."""
    with session_scope(services.db) as session:
        interview = get_interview(session, principal, interview_id)
        _check_open(session, services, interview)
        before = interview.status
        interview.status, interview.completed_at = "completed", utcnow()
        session.add(interview)
        audit.record(session, org_id=interview.org_id, actor=principal.actor,
                     action="interview.completed", subject_type="interview",
                     subject_id=interview.id, interview_id=interview.id,
                     before={"status": before}, after={"status": "completed"})
        session.flush()
        finalize_if_ready(session, services, interview)
    return interview


def cancel(services: Services, principal: Principal, interview_id: str) -> Interview:
    """Cancel an interview that is still open; its invite stops working."""
    with session_scope(services.db) as session:
        interview = get_interview(session, principal, interview_id)
        if interview.status not in OPEN_STATUSES:
            raise Conflict(f"the interview is {interview.status}; only open ones can be cancelled")
        cancel_open(session, interview, principal.actor)
    return interview


def cancel_open(session: Session, interview: Interview, actor: str) -> None:
    """Cancel an open interview inside the caller's transaction, audited."""
    before = interview.status
    interview.status, interview.cancelled_at = "cancelled", utcnow()
    session.add(interview)
    audit.record(session, org_id=interview.org_id, actor=actor, action="interview.cancelled",
                 subject_type="interview", subject_id=interview.id, interview_id=interview.id,
                 before={"status": before}, after={"status": "cancelled"})


def _expire(session: Session, services: Services, interview: Interview) -> None:
    before = interview.status
    interview.status = "expired"
    session.add(interview)
    audit.record(session, org_id=interview.org_id, actor="system", action="interview.expired",
                 subject_type="interview", subject_id=interview.id, interview_id=interview.id,
                 before={"status": before}, after={"status": "expired"})
    session.flush()
    finalize_if_ready(session, services, interview)


def expire_due(services: Services) -> int:
    """Expire open interviews past their expiry and finalize finished ones whose grading has
    ended since; returns how many interviews changed."""
    changed = 0
    with session_scope(services.db) as session:
        due = session.exec(
            select(Interview).where(
                col(Interview.status).in_(OPEN_STATUSES), Interview.expires_at <= utcnow()
            )
        ).all()
        for interview in due:
            _expire(session, services, interview)
            changed += 1
        waiting = session.exec(
            select(Interview).where(
                col(Interview.status).in_(FINISHED), Interview.finalized_at == None  # noqa: E711
            )
        ).all()
        for interview in waiting:
            changed += finalize_if_ready(session, services, interview)
    return changed


def finalize_if_ready(session: Session, services: Services, interview: Interview) -> bool:
    """Once a finished interview has no answer left to grade, queue `interview.completed`
    (webhooks, and the Greenhouse callback for interviews it sent). Exactly once, even when
    several processes try at the same time."""
    if interview.status not in FINISHED or interview.finalized_at is not None:
        return False
    if any(state.pending for state in scenario_states(session, interview, services.bank)):
        return False
    now = utcnow()
    claimed = session.execute(
        update(Interview)
        .where(col(Interview.id) == interview.id, col(Interview.finalized_at).is_(None))
        .values(finalized_at=now)
    ).rowcount
    if claimed != 1:
        return False
    interview.finalized_at = now
    view = interview_view(session, interview, services.bank)
    queue_event(session, services.settings, interview.org_id, "interview.completed",
                {"interview": view}, interview_id=interview.id)
    queue_greenhouse_callback(session, services.settings, interview)
    return True
