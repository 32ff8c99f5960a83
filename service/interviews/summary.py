"""Where an interview stands: per scenario what was answered and how it scored, and overall.

The latest submission of each part (`text`, `code`) counts, and of its results the newest (a
regrade adds one; the older ones are kept). A part's score is the reviewed score
when an interviewer overrode it, else the automatic one. A scenario's score is its written score,
its code points as a percentage, or for a `both` scenario the mean of the parts answered; the
interview's score is the mean over its scenarios (unanswered ones count 0), given once the
interview is finished (completed or expired) and nothing is still being graded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import fmean
from typing import Any

from sqlmodel import Session, col, select

from service.content.bank import Bank
from service.content.models import Kind
from service.store.models import Interview, Result, Review, Submission

FINISHED = ("completed", "expired")


@dataclass
class Part:
    """The latest submission of one part of a scenario, its result and latest review."""

    submission: Submission
    result: Result
    review: Review | None = None

    @property
    def score(self) -> float | None:
        """The reviewed score if any, else the automatic one (None while pending)."""
        if self.review is not None:
            return self.review.score
        return self.result.score


@dataclass
class ScenarioState:
    """One scenario of an interview: its kind and the latest part of each kind answered."""

    scenario_id: str
    kind: Kind
    parts: dict[str, Part] = field(default_factory=dict)

    @property
    def score(self) -> float | None:
        """Mean of the answered parts' scores; None if nothing is scored yet."""
        scores = [p.score for p in self.parts.values() if p.score is not None]
        return round(fmean(scores), 2) if scores else None

    @property
    def pending(self) -> bool:
        """Whether a part is still being graded."""
        return any(p.result.status == "pending" for p in self.parts.values())


def submission_rows(session: Session, interview: Interview) -> list[tuple[Submission, Result]]:
    """Every (submission, result) pair of the interview: submissions in the order received,
    the results of each oldest first (a regrade adds a newer result; the newest counts)."""
    return list(session.exec(
        select(Submission, Result)
        .join(Result, col(Result.submission_id) == col(Submission.id))
        .where(Submission.interview_id == interview.id, Submission.org_id == interview.org_id)
        .order_by(col(Submission.received_at), col(Submission.id), col(Result.created_at),
                  col(Result.id))
    ).all())


def latest_reviews(session: Session, org_id: str, results: list[Result]) -> dict[str, Review]:
    """submission id → its latest review, whichever of the submission's results it reviewed
    (an interviewer's judgement of an answer still counts after a regrade)."""
    submission_of = {result.id: result.submission_id for result in results}
    if not submission_of:
        return {}
    reviews = session.exec(
        select(Review)
        .where(col(Review.result_id).in_(list(submission_of)), Review.org_id == org_id)
        .order_by(col(Review.created_at), col(Review.id))
    ).all()
    return {submission_of[review.result_id]: review for review in reviews}


def latest_parts(session: Session, interview: Interview) -> dict[tuple[str, str], Part]:
    """(scenario_id, kind) → the latest submission with its newest result and latest review."""
    rows = submission_rows(session, interview)
    parts: dict[tuple[str, str], Part] = {}
    for submission, result in rows:
        parts[(submission.scenario_id, submission.kind)] = Part(submission, result)
    reviews = latest_reviews(session, interview.org_id, [result for _, result in rows])
    for part in parts.values():
        part.review = reviews.get(part.submission.id)
    return parts


def scenario_states(session: Session, interview: Interview, bank: Bank) -> list[ScenarioState]:
    """The interview's scenarios in order with their latest parts."""
    parts = latest_parts(session, interview)
    states = []
    for scenario_id in interview.scenario_ids:
        entry = bank.get(scenario_id)
        kind = entry.scenario.kind if entry else Kind.written
        state = ScenarioState(scenario_id, kind)
        for part_kind in ("text", "code"):
            if (scenario_id, part_kind) in parts:
                state.parts[part_kind] = parts[(scenario_id, part_kind)]
        states.append(state)
    return states


def overall_score(interview: Interview, states: list[ScenarioState]) -> float | None:
    """The interview's score 0-100 once finished and fully graded, else None."""
    if interview.status not in FINISHED or any(s.pending for s in states) or not states:
        return None
    return round(fmean(s.score or 0.0 for s in states), 2)


def _part_view(part: Part) -> dict[str, Any]:
    result = part.result
    view: dict[str, Any] = {
        "submission_id": part.submission.id,
        "result_id": result.id,
        "received_at": part.submission.received_at.isoformat(),
        "status": result.status,
        "score": part.score,
        "automatic_score": result.score,
        "passed": result.passed,
        "reviewed": part.review is not None,
        "content_version": result.content_version,
        "engine_version": result.engine_version,
    }
    if part.submission.kind == "code":
        detail = result.detail or {}
        view.update(verdict=detail.get("verdict"), points=detail.get("points"),
                    max_points=detail.get("max_points"))
    return view


def interview_view(session: Session, interview: Interview, bank: Bank) -> dict[str, Any]:
    """The portal's view of an interview: status, per scenario progress and scores, overall."""
    states = scenario_states(session, interview, bank)
    return {
        "id": interview.id,
        "status": interview.status,
        "candidate_id": interview.candidate_id,
        "assessment_id": interview.assessment_id,
        "scenario_ids": interview.scenario_ids,
        "created_at": interview.created_at.isoformat(),
        "expires_at": interview.expires_at.isoformat(),
        "started_at": _iso(interview.started_at),
        "completed_at": _iso(interview.completed_at),
        "cancelled_at": _iso(interview.cancelled_at),
        "scenarios": [
            {
                "scenario_id": s.scenario_id,
                "kind": s.kind.value,
                "answered": bool(s.parts),
                "score": s.score,
                "pending": s.pending,
                "text": _part_view(s.parts["text"]) if "text" in s.parts else None,
                "code": _part_view(s.parts["code"]) if "code" in s.parts else None,
            }
            for s in states
        ],
        "score": overall_score(interview, states),
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
