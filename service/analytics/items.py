"""Item analytics of graded written answers, per scenario, from running totals.

- n, mean score, pass rate and a histogram of scores in 10-point bins (the last holds 90-100).
- Per criterion: difficulty, the share of its possible points earned over all answers; and
  discrimination, the point-biserial correlation between the criterion being credited (at least
  half its points earned) and the rest of the score (the points earned on the other criteria).
- Per concept: the share of passing and of failing answers that matched it; the concepts of the
  current rubric never matched.
- Where interviewers reviewed answers: agreement of automatic with reviewed scores (Pearson r;
  QWK on 10-point bands) and the pass threshold on the automatic score that agrees best with
  the reviewers' pass/fail (reviewed score ≥ the rubric's pass score), with its accuracy.
Everything but the reviewed pairs is a fixed-size running total; reviews are few by nature.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from service.content.models import Rubric
from service.evaluation.metrics import fit_threshold, pearson, qwk

BINS = 10


def band(score: float) -> int:
    """The 10-point bin of a 0-100 score (100 falls in the last one)."""
    return min(int(score // 10), BINS - 1)


@dataclass
class Moments:
    """Running sums of a pair of series, enough for their Pearson correlation."""

    n: int = 0
    sx: float = 0.0
    sy: float = 0.0
    sxx: float = 0.0
    syy: float = 0.0
    sxy: float = 0.0

    def add(self, x: float, y: float) -> None:
        """Add one pair."""
        self.n += 1
        self.sx += x
        self.sy += y
        self.sxx += x * x
        self.syy += y * y
        self.sxy += x * y

    def correlation(self) -> float | None:
        """Pearson r of the pairs added; None when either series is constant."""
        vx = self.n * self.sxx - self.sx**2
        vy = self.n * self.syy - self.sy**2
        if self.n < 2 or vx <= 1e-12 or vy <= 1e-12:
            return None
        return round((self.n * self.sxy - self.sx * self.sy) / math.sqrt(vx * vy), 4)


@dataclass
class CriterionTotals:
    """A criterion's points earned and possible, and its credited/rest-score moments."""

    earned: float = 0.0
    possible: float = 0.0
    moments: Moments = field(default_factory=Moments)


@dataclass
class ScenarioAnalytics:
    """Running totals of one scenario's graded answers."""

    scenario_id: str
    pass_score: float
    concept_terms: list[str]
    n: int = 0
    score_total: float = 0.0
    passed: int = 0
    histogram: list[int] = field(default_factory=lambda: [0] * BINS)
    criteria: dict[str, CriterionTotals] = field(default_factory=dict)
    matched_passing: Counter[str] = field(default_factory=Counter)
    matched_failing: Counter[str] = field(default_factory=Counter)
    reviewed: list[tuple[float, float]] = field(default_factory=list)

    def add(self, score: float, passed: bool, criteria: dict[str, list[float]],
            concepts: list[str], reviewed_score: float | None) -> None:
        """Count one graded answer."""
        self.n += 1
        self.score_total += score
        self.passed += passed
        self.histogram[band(score)] += 1
        total = sum(earned for earned, _ in criteria.values())
        for criterion_id, (earned, possible) in criteria.items():
            totals = self.criteria.setdefault(criterion_id, CriterionTotals())
            totals.earned += earned
            totals.possible += possible
            totals.moments.add(float(earned >= possible / 2), total - earned)
        (self.matched_passing if passed else self.matched_failing).update(concepts)
        if reviewed_score is not None and not math.isnan(reviewed_score):
            self.reviewed.append((score, reviewed_score))

    def agreement(self) -> dict[str, Any] | None:
        """Automatic vs reviewed scores; None without reviews."""
        if not self.reviewed:
            return None
        auto, human = (np.array(series, dtype=float) for series in zip(*self.reviewed,
                                                                          strict=True))
        human_passed = human >= self.pass_score
        threshold = fit_threshold(auto, human_passed)
        return {
            "n": len(auto),
            "pearson": pearson(auto, human),
            "qwk": qwk(np.array([band(s) for s in auto]), np.array([band(s) for s in human]),
                       list(range(BINS))),
            "accuracy_at_pass_score": round(float(np.mean((auto >= self.pass_score)
                                                          == human_passed)), 4),
            "best_threshold": threshold,
            "accuracy_at_best_threshold": round(float(np.mean((auto >= threshold)
                                                              == human_passed)), 4),
        }

    def as_json(self) -> dict[str, Any]:
        """The scenario's analytics as JSON."""
        failing = self.n - self.passed
        matched = self.matched_passing + self.matched_failing
        return {
            "scenario_id": self.scenario_id,
            "n": self.n,
            "mean": round(self.score_total / self.n, 4) if self.n else None,
            "pass_rate": round(self.passed / self.n, 4) if self.n else None,
            "histogram": [{"from": 10 * i, "to": 10 * i + 10, "count": count}
                          for i, count in enumerate(self.histogram)],
            "criteria": [
                {"criterion_id": cid,
                 "difficulty": round(t.earned / t.possible, 4) if t.possible else None,
                 "discrimination": t.moments.correlation()}
                for cid, t in self.criteria.items()
            ],
            "concepts": [
                {"concept": term,
                 "passing": round(self.matched_passing[term] / self.passed, 4)
                 if self.passed else None,
                 "failing": round(self.matched_failing[term] / failing, 4) if failing else None}
                for term in sorted(matched)
            ],
            "never_matched": [term for term in self.concept_terms if not matched[term]],
            "agreement": self.agreement(),
        }


@dataclass
class Analytics:
    """Analytics of every scenario, fed with feature batches (service/analytics/features.py)."""

    rubrics: dict[str, Rubric]
    scenarios: dict[str, ScenarioAnalytics] = field(default_factory=dict)

    def add_frame(self, frame: pd.DataFrame) -> None:
        """Count a batch of feature rows."""
        for row in frame.itertuples(index=False):
            stats = self.scenarios.get(row.scenario_id)
            if stats is None:
                rubric = self.rubrics[row.scenario_id]
                terms = [k.term for c in rubric.criteria for k in c.concepts]
                stats = self.scenarios[row.scenario_id] = ScenarioAnalytics(
                    row.scenario_id, rubric.pass_score, terms)
            reviewed = None if pd.isna(row.reviewed_score) else float(row.reviewed_score)
            stats.add(row.score, bool(row.passed), json.loads(row.criteria),
                      json.loads(row.concepts), reviewed)

    def as_json(self) -> list[dict[str, Any]]:
        """Every scenario's analytics, in scenario id order."""
        return [self.scenarios[sid].as_json() for sid in sorted(self.scenarios)]
