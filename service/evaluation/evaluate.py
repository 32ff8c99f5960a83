"""Run the engine over human-graded answers and compare it, and the baseline, with the humans.

For each question a rubric is drafted from its reference answers (rarity counted over all the
file's reference answers and answers), every answer is scored against it, and the agreement of
engine and baseline with the human scores (score / max_score) is measured.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from service.content.models import Rubric
from service.evaluation.baseline import overlap_score
from service.evaluation.data import GradedAnswer
from service.evaluation.metrics import Metrics, compare
from service.scoring import draft_rubric, score_answer
from service.scoring.draft import DocumentFrequencies


@dataclass(frozen=True)
class Scored:
    """One graded answer with the engine's and the baseline's score (both 0-100)."""

    item: GradedAnswer
    engine: float
    baseline: float

    @property
    def human(self) -> float:
        """The human score on a 0-1 scale."""
        return self.item.score / self.item.max_score


@dataclass(frozen=True)
class Report:
    """Engine and baseline agreement with the human scores, and mean scores per label."""

    engine: Metrics
    baseline: Metrics
    label_means: dict[str, dict[str, float]]  # label -> {"n", "engine", "baseline"}
    fitted_on_train: bool


def drafted_rubrics(items: list[GradedAnswer]) -> dict[str, Rubric]:
    """One drafted rubric per question id, rarity counted over the texts of `items`."""
    first: dict[str, GradedAnswer] = {}
    for item in items:
        first.setdefault(item.question_id, item)
    texts = [text for g in first.values() for text in g.reference_answers]
    corpus = DocumentFrequencies.of(texts + [item.answer for item in items])
    return {
        qid: draft_rubric(g.question, g.reference_answers, corpus) for qid, g in first.items()
    }


def score_items(
    items: list[GradedAnswer], progress: Iterable[GradedAnswer] | None = None
) -> Iterator[Scored]:
    """Score every item with its question's drafted rubric and with the baseline.

    `progress` wraps the iteration (e.g. a tqdm bar); it receives the items.
    """
    rubrics = drafted_rubrics(items)
    for item in progress if progress is not None else items:
        breakdown = score_answer(rubrics[item.question_id], item.answer, question=item.question)
        yield Scored(item, breakdown.score, overlap_score(item.answer, item.reference_answers))


def label_means(scored: list[Scored]) -> dict[str, dict[str, float]]:
    """Mean engine and baseline score per human label, labels sorted."""
    groups: dict[str, list[Scored]] = defaultdict(list)
    for s in scored:
        if s.item.label is not None:
            groups[s.item.label].append(s)
    return {
        label: {
            "n": len(group),
            "engine": round(float(np.mean([s.engine for s in group])), 2),
            "baseline": round(float(np.mean([s.baseline for s in group])), 2),
        }
        for label, group in sorted(groups.items())
    }


def report(scored: list[Scored], train: list[Scored] | None = None) -> Report:
    """Engine and baseline metrics; mappings fitted on `train` (on `scored` when None)."""
    fit = train if train is not None else scored
    human = np.array([s.human for s in scored])
    train_human = np.array([s.human for s in fit])

    def metrics(kind: str) -> Metrics:
        values = np.array([getattr(s, kind) for s in scored])
        train_values = np.array([getattr(s, kind) for s in fit])
        return compare(values, human, train_values, train_human)

    return Report(metrics("engine"), metrics("baseline"), label_means(scored), train is not None)
