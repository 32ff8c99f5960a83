"""The Greenhouse Assessment Partner API under /partners/greenhouse/: HTTP Basic auth with a
portal (or admin) API key as user name and an empty password; JSON bodies."""

from __future__ import annotations

from typing import Any, Literal

from apiflask import APIBlueprint, HTTPBasicAuth
from flask import request
from pydantic import BaseModel, ConfigDict, EmailStr, Field, model_serializer
from sqlmodel import Session

from service.api import deps
from service.api.auth import PORTAL
from service.interviews import greenhouse
from service.interviews.candidates import Person
from service.store.db import session_scope
from service.store.keys import Principal, authenticate

bp = APIBlueprint("greenhouse", __name__, url_prefix="/partners/greenhouse", tag="Greenhouse")

basic_auth = HTTPBasicAuth(
    description="A portal (or admin) API key as the user name, empty password",
    security_scheme_name="GreenhouseBasic",
)

URL_PATTERN = r"^https?://\S+$"


@basic_auth.verify_password
def _verify(username: str, password: str) -> Principal | None:
    if password or not username:
        return None
    with Session(deps.engine()) as session:
        caller = authenticate(session, username)
    return caller if caller is not None and caller.role in PORTAL else None


class GreenhouseTest(BaseModel):
    """A test Greenhouse may send: one of the organisation's assessments."""

    partner_test_id: str
    partner_test_name: str


class GreenhouseCandidateIn(BaseModel):
    """The candidate as Greenhouse describes them (fields it adds later are ignored)."""

    model_config = ConfigDict(extra="ignore")

    first_name: str | None = Field(default=None, max_length=99)
    last_name: str | None = Field(default=None, max_length=99)
    preferred_name: str | None = Field(default=None, max_length=200)
    resume_url: str | None = Field(default=None, max_length=2000)
    phone_number: str | None = Field(default=None, max_length=50)
    email: EmailStr = Field(max_length=320)
    greenhouse_profile_url: str = Field(min_length=1, max_length=2000)

    def display_name(self) -> str | None:
        """The preferred name, else first and last name, else None."""
        full = " ".join(part for part in (self.first_name, self.last_name) if part)
        return self.preferred_name or full or None


class GreenhouseSendTestIn(BaseModel):
    """Greenhouse asks to send a test to a candidate; `url` is where to PATCH once done."""

    model_config = ConfigDict(extra="ignore")

    partner_test_id: str = Field(min_length=1, max_length=64)
    candidate: GreenhouseCandidateIn
    sent_by: str | None = Field(default=None, max_length=320)
    url: str = Field(max_length=2000, pattern=URL_PATTERN)


class GreenhouseSendTestOut(BaseModel):
    """The interview id (also the id of GET /api/v1/interviews/<id>)."""

    partner_interview_id: str


class GreenhouseStatusQuery(BaseModel):
    """Which sent test."""

    model_config = ConfigDict(extra="forbid")

    partner_interview_id: str = Field(min_length=1, max_length=64)


class GreenhouseStatus(BaseModel):
    """`incomplete`, or `complete` with the score 0-100, the report URL and flat metadata."""

    partner_status: Literal["incomplete", "complete"]
    partner_score: float | None = None
    partner_profile_url: str | None = None
    metadata: dict[str, str | float | bool | None] | None = None

    @model_serializer(mode="wrap")
    def _without_nulls(self, handler: Any) -> dict[str, Any]:
        return {k: v for k, v in handler(self).items() if v is not None}


class GreenhouseResponseErrorIn(BaseModel):
    """Greenhouse reports that one of our responses was unusable."""

    model_config = ConfigDict(extra="ignore")

    api_call: str | None = Field(default=None, max_length=200)
    errors: list[Any] = Field(default_factory=list, max_length=100)
    partner_test_id: str | None = Field(default=None, max_length=64)
    partner_interview_id: str | None = Field(default=None, max_length=64)


class GreenhouseReceived(BaseModel):
    """Acknowledgement."""

    status: Literal["received"] = "received"


def _caller() -> Principal:
    return basic_auth.current_user


@bp.get("/list_tests")
@bp.auth_required(basic_auth)
@bp.output(list[GreenhouseTest])
@bp.doc(summary="Greenhouse: the tests (assessments) on offer", responses=[401])
def list_tests() -> list[dict[str, str]]:
    """The organisation's assessments as partner tests."""
    with session_scope(deps.engine()) as session:
        return greenhouse.list_tests(session, _caller().org_id)


@bp.post("/send_test")
@bp.auth_required(basic_auth)
@bp.input(GreenhouseSendTestIn, arg_name="body")
@bp.output(GreenhouseSendTestOut)
@bp.doc(
    summary="Greenhouse: send a test to a candidate",
    description="Finds or adds the candidate by e-mail, creates the interview and e-mails the "
    "invite. A repeat with the same key, test and greenhouse_profile_url returns the first "
    "interview without inviting again.",
    responses=[400, 401, 422],
)
def send_test(body: GreenhouseSendTestIn) -> GreenhouseSendTestOut:
    """Create (or find) the interview for this candidate and test."""
    person = body.candidate
    interview_id = greenhouse.send_test(
        deps.services(), _caller(), request.authorization.username, body.partner_test_id,
        Person(email=str(person.email), name=person.display_name(),
               external_url=person.greenhouse_profile_url),
        body.url,
    )
    return GreenhouseSendTestOut(partner_interview_id=interview_id)


@bp.get("/test_status")
@bp.auth_required(basic_auth)
@bp.input(GreenhouseStatusQuery, location="query", arg_name="query")
@bp.output(GreenhouseStatus)
@bp.doc(summary="Greenhouse: status of a sent test", responses=[401, 404, 422])
def test_status(query: GreenhouseStatusQuery) -> GreenhouseStatus:
    """Incomplete until the interview is finished and graded, then complete with its score."""
    with session_scope(deps.engine()) as session:
        status = greenhouse.test_status(session, deps.services(), _caller(),
                                        query.partner_interview_id)
    return GreenhouseStatus.model_validate(status)


@bp.post("/response_error")
@bp.auth_required(basic_auth)
@bp.input(GreenhouseResponseErrorIn, arg_name="body")
@bp.output(GreenhouseReceived)
@bp.doc(summary="Greenhouse: report an unusable response (logged)", responses=[400, 401, 422])
def response_error(body: GreenhouseResponseErrorIn) -> GreenhouseReceived:
    """Log and audit the report."""
    greenhouse.record_response_error(deps.services(), _caller(), body.model_dump())
    return GreenhouseReceived()
