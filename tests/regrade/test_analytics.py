"""Item analytics of stored answers with reviews, against values computed by hand."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sqlmodel import select

from service.interviews.reviews import add_review
from service.regrade.run import analyse
from service.spark.engines import LoopEngine
from service.store.db import session_scope
from service.store.models import Result, Submission
from tests.regrade.conftest import SCENARIO

REVIEWS = {"strong": 90.0, "partial": 70.0, "weak": 20.0, "off_topic": 10.0}


def _graded(stored) -> list[tuple[Result, dict]]:
    """The scenario's results in submission order, with their breakdowns."""
    with session_scope(stored.services.db) as session:
        rows = session.exec(
            select(Result).join(Submission, Submission.id == Result.submission_id)
            .where(Submission.scenario_id == SCENARIO)
        ).all()
    by_submission = {r.submission_id: r for r in rows}
    return [(by_submission[s], by_submission[s].detail) for s in stored.submission_ids
            if s in by_submission]


def _hand_qwk(a: list[int], b: list[int], levels: int = 10) -> float:
    observed = np.zeros((levels, levels))
    for i, j in zip(a, b, strict=True):
        observed[i, j] += 1
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / len(a)
    weights = np.subtract.outer(np.arange(levels), np.arange(levels)) ** 2
    return 1 - (weights * observed).sum() / (weights * expected).sum()


def test_difficulty_discrimination_and_agreement_match_a_hand_computation(stored):
    graded = _graded(stored)
    labels = ["strong", "partial", "weak", "off_topic"]  # the first samples, in file order
    for (result, _), label in zip(graded, labels, strict=False):
        add_review(stored.services, result.org_id, "key:test", result.id, REVIEWS[label], "ok")
    bank = stored.changed_bank()
    (item,) = analyse(stored.services.db, bank, LoopEngine(), scenario_ids=[SCENARIO]).as_json()

    scores = np.array([r.score for r, _ in graded])
    assert item["n"] == len(graded) == 8
    assert item["mean"] == pytest.approx(scores.mean(), abs=1e-4)
    assert item["pass_rate"] == pytest.approx(np.mean([r.passed for r, _ in graded]), abs=1e-4)
    assert sum(b["count"] for b in item["histogram"]) == 8
    for criterion in item["criteria"]:
        points = [{c["id"]: c for c in d["criteria"]}[criterion["criterion_id"]]
                  for _, d in graded]
        earned = np.array([p["points_earned"] for p in points])
        possible = np.array([p["points_possible"] for p in points])
        assert criterion["difficulty"] == pytest.approx(earned.sum() / possible.sum(), abs=1e-4)
        totals = np.array([sum(c["points_earned"] for c in d["criteria"]) for _, d in graded])
        credited = (earned >= possible / 2).astype(float)
        if np.ptp(credited) == 0:
            assert criterion["discrimination"] is None
        else:
            by_hand = np.corrcoef(credited, totals - earned)[0, 1]
            assert criterion["discrimination"] == pytest.approx(by_hand, abs=1e-4)
    assert any(c["discrimination"] is not None for c in item["criteria"])

    auto = np.array([r.score for r, _ in graded[:4]])
    human = np.array([REVIEWS[label] for label in labels])
    agreement = item["agreement"]
    assert agreement["n"] == 4
    assert agreement["pearson"] == pytest.approx(np.corrcoef(auto, human)[0, 1], abs=1e-4)
    bands = [min(int(s // 10), 9) for s in auto], [min(int(s // 10), 9) for s in human]
    assert agreement["qwk"] == pytest.approx(_hand_qwk(*bands), abs=1e-4)
    # reviewers pass strong and partial: the best cut lies between partial and the best failure
    assert auto[1] > max(auto[2], auto[3])
    assert agreement["best_threshold"] == pytest.approx((auto[1] + max(auto[2:])) / 2, abs=1e-4)
    assert agreement["accuracy_at_best_threshold"] == 1.0


def test_concepts_are_counted_in_passing_and_failing_answers(stored):
    graded = _graded(stored)
    (item,) = analyse(stored.services.db, stored.changed_bank(), LoopEngine(),
                      scenario_ids=[SCENARIO]).as_json()
    matched = [({e["concept"] for c in d["criteria"] for e in c["matched"]}, r.passed)
               for r, d in graded]
    passing = [m for m, p in matched if p]
    failing = [m for m, p in matched if not p]
    for concept in item["concepts"]:
        term = concept["concept"]
        assert concept["passing"] == pytest.approx(
            sum(term in m for m in passing) / len(passing), abs=1e-4)
        assert concept["failing"] == pytest.approx(
            sum(term in m for m in failing) / len(failing), abs=1e-4)
    seen = set().union(*(m for m, _ in matched))
    rubric = stored.changed_bank().get(SCENARIO).rubric
    never = [k.term for c in rubric.criteria for k in c.concepts if k.term not in seen]
    assert item["never_matched"] == never
    assert json.dumps(item)  # serialisable as `grader analytics --json` prints it
