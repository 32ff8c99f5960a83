"""Per-scenario analytics of an organisation: the score distribution, the pass rate, and how
interviewers' reviews agree with the automatic scores (Pearson r and QWK from
service/evaluation/metrics.py). Only the latest graded answer of each interview counts."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sqlmodel import Session, col, select

from service.evaluation.metrics import compare
from service.store.models import Result, Review, Submission

BINS = 10


@dataclass
class PartAnalytics:
    """One part (`text` or `code`) of a scenario across the organisation's interviews."""

    kind: str
    scores: list[float] = field(default_factory=list)
    passed: list[bool] = field(default_factory=list)
    pairs: list[tuple[float, float]] = field(default_factory=list)  # (automatic, reviewed)

    @property
    def histogram(self) -> list[int]:
        """Counts of scores in ten bins of width 10 (100 falls in the last)."""
        counts = [0] * BINS
        for score in self.scores:
            counts[min(int(score // (100 / BINS)), BINS - 1)] += 1
        return counts

    @property
    def pass_rate(self) -> float | None:
        """Share of passed answers, 0-1 (None without answers)."""
        return sum(self.passed) / len(self.passed) if self.passed else None

    @property
    def agreement(self) -> dict[str, float | None] | None:
        """Pearson r and QWK of automatic against reviewed scores; None below two reviews.

        QWK maps the automatic scores onto the reviewed scores' levels with a least-squares
        line fitted on these same pairs (as `grader eval` does on its training data)."""
        if len(self.pairs) < 2:
            return None
        automatic = np.array([a for a, _ in self.pairs], dtype=float)
        reviewed = np.array([r for _, r in self.pairs], dtype=float)
        metrics = compare(automatic, reviewed, automatic, reviewed)
        return {"pearson": metrics.pearson, "qwk": metrics.qwk, "n": metrics.n}


def scenario_analytics(session: Session, org_id: str, scenario_id: str) -> list[PartAnalytics]:
    """The scenario's parts that have graded answers in the organisation, text first."""
    rows = session.exec(
        select(Submission, Result)
        .join(Result, col(Result.submission_id) == col(Submission.id))
        .where(Submission.org_id == org_id, Submission.scenario_id == scenario_id,
               Result.status == "done", col(Result.score).is_not(None))
        .order_by(col(Submission.received_at), col(Submission.id))
    ).all()
    latest: dict[tuple[str, str], Result] = {}
    for submission, result in rows:
        latest[(submission.interview_id, submission.kind)] = result
    reviewed: dict[str, float] = {}
    if latest:
        ids = [result.id for result in latest.values()]
        for review in session.exec(
            select(Review).where(col(Review.result_id).in_(ids), Review.org_id == org_id)
            .order_by(col(Review.created_at), col(Review.id))
        ).all():
            reviewed[review.result_id] = review.score  # the latest review counts
    parts: dict[str, PartAnalytics] = {}
    for (_, kind), result in latest.items():
        part = parts.setdefault(kind, PartAnalytics(kind))
        part.scores.append(result.score)
        part.passed.append(bool(result.passed))
        if result.id in reviewed:
            part.pairs.append((result.score, reviewed[result.id]))
    return [parts[kind] for kind in ("text", "code") if kind in parts]


def scenarios_with_answers(session: Session, org_id: str) -> list[tuple[str, int]]:
    """(scenario id, graded answers) for every scenario the organisation has answers to."""
    rows = session.exec(
        select(Submission.scenario_id)
        .join(Result, col(Result.submission_id) == col(Submission.id))
        .where(Submission.org_id == org_id, Result.status == "done")
    ).all()
    counts: dict[str, int] = {}
    for scenario_id in rows:
        counts[scenario_id] = counts.get(scenario_id, 0) + 1
    return sorted(counts.items())
