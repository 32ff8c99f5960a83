"""The candidate's routes: the invite token is the Bearer token and reaches only its own
interview. Feedback never reveals the rubric (service/interviews/feedback.py)."""

from __future__ import annotations

from typing import Any, NoReturn

from apiflask import APIBlueprint, abort
from flask import url_for
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session

from service.api import deps
from service.api.auth import CANDIDATE, principal, token_auth
from service.api.interview_models import AnswerOut, CandidateInterviewOut, response_doc
from service.interviews import flow
from service.interviews.feedback import answer_feedback, answer_view, candidate_interview
from service.store.models import Interview

bp = APIBlueprint("candidate", __name__, url_prefix="/api/v1/candidate/interview",
                  tag="Candidate")

ANSWER_202 = response_doc("The code is stored and queued; poll the Location (status_url).",
                          "application/json", {"$ref": "#/components/schemas/AnswerOut"})


class CandidateAnswerIn(BaseModel):
    """An answer to one scenario: exactly one of `text` (written) and `code` (the code task)."""

    model_config = ConfigDict(extra="forbid")

    scenario_id: str = Field(min_length=1, max_length=80)
    text: str | None = Field(default=None, min_length=1,
                             description="at most GRADER_MAX_ANSWER_CHARS characters")
    code: str | None = Field(default=None, min_length=1,
                             description="at most GRADER_MAX_CODE_CHARS characters")


def _invalid(field: str, message: str) -> NoReturn:
    abort(422, detail={"json": {field: [message]}})


def _check_answer(body: CandidateAnswerIn) -> None:
    """Exactly one of text and code, each within the configured length."""
    if (body.text is None) == (body.code is None):
        _invalid("text", "send exactly one of text and code")
    settings = deps.settings()
    if body.text is not None and len(body.text) > settings.max_answer_chars:
        _invalid("text", f"at most {settings.max_answer_chars} characters")
    if body.code is not None and len(body.code) > settings.max_code_chars:
        _invalid("code", f"at most {settings.max_code_chars} characters")


def _own_interview(session: Session) -> Interview:
    """The interview of the caller's invite token."""
    caller = principal()
    return flow.get_interview(session, caller, caller.interview_id or "")


@bp.get("")
@bp.auth_required(token_auth, roles=CANDIDATE)
@bp.output(CandidateInterviewOut)
@bp.doc(summary="The candidate's interview: scenarios, what is answered, time left",
        responses=[401, 403])
def get_own_interview() -> dict[str, Any]:
    """The public scenarios in order, the feedback on the latest answers and the time left."""
    services = deps.services()
    with Session(services.db) as session:
        return candidate_interview(session, services, _own_interview(session))


@bp.post("/answers")
@bp.auth_required(token_auth, roles=CANDIDATE)
@bp.input(CandidateAnswerIn, arg_name="body")
@bp.output(AnswerOut, status_code=201)
@bp.doc(
    summary="Answer a scenario",
    description="A written answer (`text`) is scored at once: 201 with the feedback (band, "
    "pass/fail, per criterion hints). Code (`code`) is stored and graded in the sandbox: 202 "
    "with a Location to poll. Answers after expiry, cancellation or completion are a 409.",
    responses={202: ANSWER_202, 401: "Unauthorized", 403: "Forbidden", 409: "Conflict",
               413: "Content Too Large", 422: "Invalid", 503: "Service Unavailable"},
)
def post_answer(body: CandidateAnswerIn) -> tuple[Any, ...]:
    """Store an answer; a later answer to the same part replaces it in the scores."""
    _check_answer(body)
    services = deps.services()
    if body.text is not None:
        submission, result = flow.submit_text(services, principal(), body.scenario_id, body.text)
        status = 201
    else:
        submission, result = flow.submit_code(services, principal(), body.scenario_id, body.code)
        status = 202
    location = url_for(".get_answer", submission_id=submission.id)
    view = answer_view(submission, result)
    if status == 202:
        view["status_url"] = location
    return view, status, {"Location": location}


@bp.get("/answers/<submission_id>")
@bp.auth_required(token_auth, roles=CANDIDATE)
@bp.output(AnswerOut)
@bp.doc(summary="One of the candidate's answers: grading status and feedback",
        responses=[401, 403, 404])
def get_answer(submission_id: str) -> dict[str, Any]:
    """Poll a code answer: `pending` until graded, then its result as candidates see it."""
    with Session(deps.engine()) as session:
        return answer_feedback(session, _own_interview(session), submission_id)


@bp.post("/complete")
@bp.auth_required(token_auth, roles=CANDIDATE)
@bp.output(CandidateInterviewOut)
@bp.doc(summary="Finish the interview; no more answers are taken",
        responses=[401, 403, 409])
def complete_interview() -> dict[str, Any]:
    """Complete the interview; its score is final once every code answer is graded."""
    services = deps.services()
    caller = principal()
    interview = flow.complete(services, caller, caller.interview_id or "")
    with Session(services.db) as session:
        return candidate_interview(session, services, interview)
