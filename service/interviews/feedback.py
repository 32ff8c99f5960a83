"""What a candidate sees: their interview, and feedback that never reveals the rubric.

Written feedback is a band, pass/fail and per criterion how well it was covered with the
criterion's hint; never concept terms, weights, points, evidence, reference answers or the
interviewer's expectations. Code feedback shows visible examples in full and hidden tests as
pass/fail only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from service.interviews.errors import NotFound
from service.interviews.services import Services
from service.interviews.summary import Part, scenario_states
from service.runner.verdicts import CodeResult
from service.scoring.breakdown import Breakdown
from service.store.models import Interview, Result, Submission, utcnow


def band(score: float, pass_score: float) -> str:
    """A coarse label for a written score: strong, pass, partial or weak."""
    if score >= max(pass_score + 20, 80):
        return "strong"
    if score >= pass_score:
        return "pass"
    if score >= pass_score / 2:
        return "partial"
    return "weak"


def _coverage(earned: float, possible: float) -> str:
    if possible <= 0 or earned >= possible:
        return "covered"
    return "partly covered" if earned > 0 else "not covered"


def written_feedback(breakdown: Breakdown) -> dict[str, Any]:
    """The candidate's feedback on a written answer."""
    return {
        "band": band(breakdown.score, breakdown.pass_score),
        "passed": breakdown.passed,
        "criteria": [
            {
                "title": c.title,
                "coverage": _coverage(c.points_earned, c.points_possible),
                "hint": None if c.points_earned >= c.points_possible else c.feedback,
            }
            for c in breakdown.criteria
        ],
        "notes": _flag_notes(breakdown),
    }


def _flag_notes(breakdown: Breakdown) -> list[str]:
    notes = []
    if breakdown.flags.too_short:
        notes.append("The answer is much shorter than a complete one: explain your reasoning.")
    if breakdown.flags.keyword_stuffing:
        notes.append("The answer reads as a list of terms: explain how the pieces fit together.")
    if breakdown.flags.copied_question:
        notes.append("The answer mostly repeats the question.")
    if any(not m.negated for m in breakdown.misconceptions):
        notes.append("Part of the answer states something inaccurate: check your assumptions.")
    return notes


def part_feedback(part: Part) -> dict[str, Any]:
    """Feedback on the latest submission of one part (text or code)."""
    result = part.result
    view: dict[str, Any] = {
        "submission_id": part.submission.id,
        "received_at": part.submission.received_at.isoformat(),
        "status": result.status,
    }
    if result.status != "done" or not result.detail_json:
        return view
    # parsed and validated in one step: half the time of json.loads, then model_validate
    if part.submission.kind == "text":
        view["feedback"] = written_feedback(Breakdown.model_validate_json(result.detail_json))
    else:
        view["result"] = CodeResult.model_validate_json(result.detail_json).candidate_view()
    return view


def answer_view(submission: Submission, result: Result) -> dict[str, Any]:
    """The candidate's view of one answer: which scenario and part, and its feedback."""
    return {"scenario_id": submission.scenario_id, "kind": submission.kind,
            **part_feedback(Part(submission, result))}


def answer_feedback(session: Session, interview: Interview, submission_id: str) -> dict:
    """The candidate's view of one of their own answers; NotFound for any other."""
    row = session.exec(
        select(Submission, Result)
        .join(Result, Result.submission_id == Submission.id)
        .where(Submission.id == submission_id, Submission.interview_id == interview.id,
               Submission.org_id == interview.org_id)
    ).first()
    if row is None:
        raise NotFound(f"no answer with id '{submission_id}'")
    return answer_view(*row)


def seconds_left(interview: Interview, now: datetime | None = None) -> int:
    """Whole seconds until the interview expires (0 once past)."""
    return max(0, int((interview.expires_at - (now or utcnow())).total_seconds()))


def candidate_interview(session: Session, services: Services, interview: Interview) -> dict:
    """The candidate's page data: public scenario views in order, what is answered, time left."""
    scenarios = []
    for state in scenario_states(session, interview, services.bank):
        entry = services.bank.get(state.scenario_id)
        scenarios.append({
            "scenario": entry.scenario.model_dump(mode="json") if entry else None,
            "scenario_id": state.scenario_id,
            "answered": {kind: kind in state.parts for kind in ("text", "code")},
            "text": part_feedback(state.parts["text"]) if "text" in state.parts else None,
            "code": part_feedback(state.parts["code"]) if "code" in state.parts else None,
        })
    return {
        "id": interview.id,
        "status": interview.status,
        "expires_at": interview.expires_at.isoformat(),
        "seconds_left": seconds_left(interview),
        "scenarios": scenarios,
    }
