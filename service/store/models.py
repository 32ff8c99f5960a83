"""Tables of the interview product: organisations, keys, candidates, interviews, answers,
results, reviews, audit, webhooks, deliveries (the outbox) and idempotency records.

Every row that belongs to a customer carries `org_id`; queries in the sibling modules always
filter on it. Secrets (API keys, invite tokens) are stored only as SHA-256 hashes; outgoing
credentials that must be sent again later (webhook signing secrets, Greenhouse keys) are sealed
with the server's secret key (service/store/sealed.py). Times are aware UTC.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """The current time, timezone-aware UTC (columns store and return aware UTC)."""
    return datetime.now(UTC)


def new_id() -> str:
    """A random 32-hex-digit row id."""
    return uuid.uuid4().hex


def dumps(value: Any) -> str:
    """JSON text for a JSON column."""
    return json.dumps(value, sort_keys=True, default=str)


ROLES = ("portal", "interviewer", "admin")
INTERVIEW_STATUSES = ("invited", "in_progress", "completed", "expired", "cancelled")
OPEN_STATUSES = ("invited", "in_progress")
RESULT_STATUSES = ("pending", "done", "error")
WEBHOOK_EVENTS = ("interview.completed", "result.reviewed")


class Organisation(SQLModel, table=True):
    """A customer: every other row belongs to one."""

    __tablename__ = "organisations"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    name: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


class ApiKey(SQLModel, table=True):
    """An API key: only its hash is stored; `prefix` identifies it in listings."""

    __tablename__ = "api_keys"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    org_id: str = Field(foreign_key="organisations.id", index=True, max_length=32)
    role: str = Field(max_length=16)
    label: str = Field(default="", max_length=200)
    prefix: str = Field(max_length=16)
    key_hash: str = Field(unique=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


class Assessment(SQLModel, table=True):
    """A named, ordered list of scenario ids (Greenhouse calls it a test)."""

    __tablename__ = "assessments"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    org_id: str = Field(foreign_key="organisations.id", index=True, max_length=32)
    name: str = Field(max_length=200)
    scenario_ids_json: str = Field(sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow)

    @property
    def scenario_ids(self) -> list[str]:
        """The scenarios in order."""
        return json.loads(self.scenario_ids_json)


class Candidate(SQLModel, table=True):
    """A person invited to interviews; personal fields are None once erased."""

    __tablename__ = "candidates"
    __table_args__ = (UniqueConstraint("org_id", "email", name="uq_candidates_org_email"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    org_id: str = Field(foreign_key="organisations.id", index=True, max_length=32)
    email: str | None = Field(default=None, max_length=320)
    name: str | None = Field(default=None, max_length=200)
    external_url: str | None = Field(default=None, max_length=2000)
    created_at: datetime = Field(default_factory=utcnow)
    erased_at: datetime | None = None


class Interview(SQLModel, table=True):
    """One candidate's sitting of a list of scenarios, reached through an invite token."""

    __tablename__ = "interviews"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    org_id: str = Field(foreign_key="organisations.id", index=True, max_length=32)
    candidate_id: str = Field(foreign_key="candidates.id", index=True, max_length=32)
    assessment_id: str | None = Field(default=None, foreign_key="assessments.id", max_length=32)
    scenario_ids_json: str = Field(sa_type=Text)
    status: str = Field(default="invited", index=True, max_length=16)
    token_hash: str = Field(unique=True, max_length=64)
    expires_at: datetime
    created_at: datetime = Field(default_factory=utcnow)
    started_at: datetime | None = None
    completed_at: datetime | None = None
    cancelled_at: datetime | None = None
    finalized_at: datetime | None = Field(
        default=None, description="when the interview.completed event was queued"
    )
    created_by: str | None = Field(default=None, max_length=32, description="API key id")
    # Greenhouse partner fields (set by send_test)
    partner_test_id: str | None = Field(default=None, max_length=64)
    partner_profile_url: str | None = Field(default=None, max_length=2000)
    partner_callback_url: str | None = Field(default=None, max_length=2000)
    partner_key_sealed: str | None = Field(default=None, sa_type=Text)

    @property
    def scenario_ids(self) -> list[str]:
        """The scenarios in order."""
        return json.loads(self.scenario_ids_json)


class Submission(SQLModel, table=True):
    """One answer as received; immutable (a resubmission is a new row, the latest counts)."""

    __tablename__ = "submissions"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    org_id: str = Field(foreign_key="organisations.id", index=True, max_length=32)
    interview_id: str = Field(foreign_key="interviews.id", index=True, max_length=32)
    scenario_id: str = Field(max_length=80)
    kind: str = Field(max_length=8, description="text or code")
    body: str | None = Field(default=None, sa_type=Text, description="None once erased")
    received_at: datetime = Field(default_factory=utcnow, index=True)


class Result(SQLModel, table=True):
    """The grade of a submission: a written breakdown or a code result document."""

    __tablename__ = "results"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    org_id: str = Field(foreign_key="organisations.id", index=True, max_length=32)
    submission_id: str = Field(foreign_key="submissions.id", index=True, max_length=32)
    status: str = Field(default="pending", max_length=16)
    score: float | None = Field(default=None, description="0-100")
    passed: bool | None = None
    detail_json: str | None = Field(default=None, sa_type=Text)
    content_version: str = Field(max_length=64)
    engine_version: str = Field(max_length=32)
    code_job_id: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None

    @property
    def detail(self) -> dict[str, Any] | None:
        """The stored breakdown or code result (None while pending or once erased)."""
        return json.loads(self.detail_json) if self.detail_json else None


class Review(SQLModel, table=True):
    """An interviewer's override of a result's score; the automatic score stays on the result."""

    __tablename__ = "reviews"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    org_id: str = Field(foreign_key="organisations.id", index=True, max_length=32)
    result_id: str = Field(foreign_key="results.id", index=True, max_length=32)
    reviewer: str = Field(max_length=80, description="who reviewed: 'key:<id>' or 'user:<id>'")
    score: float
    reason: str = Field(sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow)


class AuditEvent(SQLModel, table=True):
    """Who changed what, when, with the state before and after."""

    __tablename__ = "audit_events"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    org_id: str | None = Field(default=None, index=True, max_length=32)
    actor: str = Field(max_length=80)
    action: str = Field(max_length=64)
    subject_type: str = Field(max_length=32)
    subject_id: str = Field(index=True, max_length=32)
    interview_id: str | None = Field(default=None, index=True, max_length=32)
    before_json: str | None = Field(default=None, sa_type=Text)
    after_json: str | None = Field(default=None, sa_type=Text)
    at: datetime = Field(default_factory=utcnow)


class WebhookEndpoint(SQLModel, table=True):
    """Where an organisation wants events posted; the signing secret is sealed."""

    __tablename__ = "webhook_endpoints"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    org_id: str = Field(foreign_key="organisations.id", index=True, max_length=32)
    url: str = Field(max_length=2000)
    events_json: str = Field(sa_type=Text)
    secret_sealed: str = Field(sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow)
    disabled_at: datetime | None = None

    @property
    def events(self) -> list[str]:
        """The event types this endpoint receives."""
        return json.loads(self.events_json)


class Delivery(SQLModel, table=True):
    """One outgoing message in the outbox: a webhook POST, a Greenhouse PATCH or an e-mail.

    Stored in the same transaction as the change that caused it, then sent by the background
    sender with exponential backoff until it succeeds or `give_up_at` passes.
    """

    __tablename__ = "deliveries"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    org_id: str | None = Field(default=None, index=True, max_length=32)
    channel: str = Field(max_length=16, description="webhook, greenhouse or email")
    event: str = Field(max_length=64)
    target: str = Field(max_length=2000, description="URL or e-mail address")
    endpoint_id: str | None = Field(default=None, max_length=32)
    interview_id: str | None = Field(default=None, index=True, max_length=32)
    payload: str = Field(sa_type=Text)
    status: str = Field(default="pending", index=True, max_length=16)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow)
    lease_until: datetime | None = None
    give_up_at: datetime
    last_error: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow)
    delivered_at: datetime | None = None


class IdempotencyRecord(SQLModel, table=True):
    """A POST made with an Idempotency-Key: its request fingerprint and stored response."""

    __tablename__ = "idempotency_records"

    principal: str = Field(primary_key=True, max_length=64, description="hash of the caller")
    key: str = Field(primary_key=True, max_length=255)
    request_hash: str = Field(max_length=64)
    state: str = Field(default="in_flight", max_length=16)
    status_code: int | None = None
    headers_json: str | None = Field(default=None, sa_type=Text)
    body: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow)
