"""Evaluating engine and baseline against human grades, including the SemEval acceptance."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.evaluation.data import GradedAnswer, read_graded
from service.evaluation.evaluate import report, score_items

SEMEVAL = Path(__file__).resolve().parents[3] / "shared" / "datasets" / "semeval2013-train"
REFERENCES = ["The bulb is in a closed path with the battery."]
QUESTION = "Why does the bulb light up?"


def graded(answer: str, score: float, label: str) -> GradedAnswer:
    return GradedAnswer(
        question_id="q", question=QUESTION, reference_answers=REFERENCES, answer=answer,
        score=score, max_score=1.0, label=label,
    )


ITEMS = [
    graded("it is in a closed path with the battery", 1, "correct"),
    graded("the bulb and battery form a closed path", 1, "correct"),
    graded("it is not in a closed path with the battery", 0, "contradictory"),
    graded("because electricity", 0, "incorrect"),
]


def test_every_item_gets_an_engine_and_a_baseline_score():
    scored = list(score_items(ITEMS))
    assert [s.item for s in scored] == ITEMS
    assert all(0 <= s.engine <= 100 and 0 <= s.baseline <= 100 for s in scored)
    assert scored[0].engine > scored[2].engine  # negation matters to the engine
    assert scored[0].baseline == scored[2].baseline  # and not to the baseline


def test_report_has_both_metric_sets_and_means_per_label():
    result = report(list(score_items(ITEMS)))
    assert result.engine.n == result.baseline.n == 4
    assert set(result.label_means) == {"contradictory", "correct", "incorrect"}
    assert result.label_means["correct"]["n"] == 2
    assert not result.fitted_on_train


def test_progress_wrapper_receives_the_items():
    seen = []

    def progress(items):
        for item in items:
            seen.append(item)
            yield item

    list(score_items(ITEMS, progress=progress(ITEMS)))
    assert seen == ITEMS


@pytest.mark.skipif(not SEMEVAL.is_dir(), reason="the SemEval-2013 training files are not present")
@pytest.mark.parametrize("name", ["semeval-beetle-train.jsonl", "semeval-scientsbank-train.jsonl"])
def test_semeval_engine_beats_baseline_and_ranks_contradictory_below_correct(name):
    result = report(list(score_items(read_graded(SEMEVAL / name))))
    assert result.engine.pearson >= result.baseline.pearson + 0.05
    means = result.label_means
    assert means["contradictory"]["engine"] < means["correct"]["engine"]
