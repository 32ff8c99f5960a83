"""Pydantic models of the interview routes' responses, so /openapi.json documents each one.

They mirror the views built by service/interviews (summary, report, feedback); `extra="forbid"`
makes a view that drifts from its documented shape fail loudly instead of losing fields.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from service.content.models import Kind, Scenario

InterviewStatus = Literal["invited", "in_progress", "completed", "expired", "cancelled"]
ResultStatus = Literal["pending", "done", "error"]
PartKind = Literal["text", "code"]


def response_doc(description: str, media_type: str, schema: dict[str, Any]) -> dict[str, Any]:
    """A response for `@bp.doc(responses={status: ...})` whose body a model cannot describe."""
    return {"description": description, "content": {media_type: {"schema": schema}}}


class Out(BaseModel):
    """Base of the response models: every field documented, nothing else."""

    model_config = ConfigDict(extra="forbid")


# --- the portal's view (service.interviews.summary.interview_view) ---------------------------


class PartOut(Out):
    """The latest answer to one part (text or code) of a scenario and its grade."""

    submission_id: str
    result_id: str
    received_at: datetime
    status: ResultStatus
    score: float | None = Field(description="the score that counts: reviewed, else automatic")
    automatic_score: float | None
    passed: bool | None
    reviewed: bool
    content_version: str = Field(description="the rubric and scenario version that scored it")
    engine_version: str = Field(description="the scoring engine (or code runner) that scored it")
    verdict: str | None = Field(default=None, description="code only: the runner's verdict")
    points: float | None = Field(default=None, description="code only")
    max_points: float | None = Field(default=None, description="code only")


class ScenarioProgressOut(Out):
    """One scenario of an interview: answered?, pending grading?, score."""

    scenario_id: str
    kind: Kind
    answered: bool
    score: float | None = Field(description="written score, code points as a percentage, or "
                                "for a `both` scenario the mean of the parts answered")
    pending: bool
    text: PartOut | None
    code: PartOut | None


class InterviewOut(Out):
    """An interview: status, per scenario progress and scores, overall score once finished."""

    id: str
    status: InterviewStatus
    candidate_id: str
    assessment_id: str | None
    scenario_ids: list[str]
    created_at: datetime
    expires_at: datetime
    started_at: datetime | None
    completed_at: datetime | None
    cancelled_at: datetime | None
    scenarios: list[ScenarioProgressOut]
    score: float | None = Field(description="0-100, the mean over the scenarios (unanswered "
                                "count 0), once completed or expired and fully graded")


class InterviewCreatedOut(InterviewOut):
    """A new interview with its invite; the token is shown only in this response."""

    invite_url: str
    invite_token: str = Field(description="the candidate's Bearer token; shown once")


class InterviewPageOut(Out):
    """A page of interviews, newest first, and the cursor of the next page (null at the end)."""

    items: list[InterviewOut]
    next_cursor: str | None


# --- the interviewer's report (service.interviews.report.interview_report) -------------------


class ReviewOut(Out):
    """An interviewer's override of a result, beside the automatic score it overrides."""

    id: str
    result_id: str
    reviewer: str
    score: float
    automatic_score: float | None
    reason: str
    created_at: datetime


class ResultOut(Out):
    """A stored grade with its full written breakdown or code result."""

    id: str
    status: ResultStatus
    score: float | None
    passed: bool | None
    content_version: str
    engine_version: str
    created_at: datetime
    detail: dict[str, Any] | None = Field(
        default=None,
        description="the breakdown with evidence, or the code result with every test (the "
        "latest result only)",
    )


class SubmissionOut(Out):
    """One answer as received, with its grade and reviews."""

    submission_id: str
    scenario_id: str
    kind: PartKind
    received_at: datetime
    body: str | None = Field(description="the answer; null once erased")
    result: ResultOut = Field(description="the latest result: the one that counts")
    earlier_results: list[ResultOut] = Field(
        description="older results of the same answer (before a regrade), oldest first"
    )
    reviews: list[ReviewOut]


class AuditEventOut(Out):
    """Who changed what, when, with the state before and after."""

    id: str
    at: datetime
    actor: str
    action: str
    subject_type: str
    subject_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class CandidateRefOut(Out):
    """The candidate an interview is for (personal fields null once erased)."""

    id: str
    name: str | None
    email: str | None


class ReportOut(InterviewOut):
    """Everything an interviewer needs about one interview."""

    candidate: CandidateRefOut | None
    submissions: list[SubmissionOut] = Field(description="every answer, oldest first")
    audit: list[AuditEventOut]
    report_url: str


# --- the candidate's views (service.interviews.feedback) ---------------------------------------


class CriterionFeedbackOut(Out):
    """How well a criterion was covered, with a hint when it was not fully."""

    title: str
    coverage: Literal["covered", "partly covered", "not covered"]
    hint: str | None


class WrittenFeedbackOut(Out):
    """Feedback on a written answer: never concepts, weights, evidence or reference answers."""

    band: Literal["strong", "pass", "partial", "weak"]
    passed: bool
    criteria: list[CriterionFeedbackOut]
    notes: list[str]


class CodeFeedbackOut(Out):
    """A code result as candidates see it: visible examples in full, hidden tests pass/fail."""

    verdict: str
    points: float
    max_points: float
    engine: str
    message: str | None
    tests: list[dict[str, Any]]


class AnswerFeedbackOut(Out):
    """One answer of the candidate's: its grading status and, once graded, the feedback."""

    submission_id: str
    received_at: datetime
    status: ResultStatus
    feedback: WrittenFeedbackOut | None = Field(default=None, description="written answers")
    result: CodeFeedbackOut | None = Field(default=None, description="code answers, once done")


class AnswerOut(AnswerFeedbackOut):
    """An answer with the scenario and part it belongs to."""

    scenario_id: str
    kind: PartKind
    status_url: str | None = Field(default=None, description="code answers: where to poll")


class AnsweredOut(Out):
    """Which parts of a scenario have an answer."""

    text: bool
    code: bool


class CandidateScenarioOut(Out):
    """One scenario as the candidate sees it, with their latest answers' feedback."""

    scenario: Scenario | None = Field(description="the public scenario (null if withdrawn)")
    scenario_id: str
    answered: AnsweredOut
    text: AnswerFeedbackOut | None
    code: AnswerFeedbackOut | None


class CandidateInterviewOut(Out):
    """The candidate's interview: status, time left and the scenarios in order."""

    id: str
    status: InterviewStatus
    expires_at: datetime
    seconds_left: int
    scenarios: list[CandidateScenarioOut]
