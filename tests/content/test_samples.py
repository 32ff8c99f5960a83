"""Graded sample answers per scenario come out in the order an interviewer would rank them."""

from __future__ import annotations

import pytest

from service.scoring import score_answer
from tests.content.shipped import BANK, answer_files

SAMPLES = answer_files("samples", "answers")
ORDER = ("strong", "partial", "weak", "off_topic")


def scores(scenario_id: str) -> dict[str, tuple[float, bool]]:
    entry = BANK.entries[scenario_id]
    result = {}
    for label, answer in SAMPLES[scenario_id].items():
        breakdown = score_answer(entry.rubric, answer, entry.scenario.prompt)
        result[label] = (breakdown.score, breakdown.passed)
    return result


def test_every_written_scenario_has_graded_samples():
    written = {i for i, e in BANK.entries.items() if e.rubric.criteria}
    assert written <= SAMPLES.keys()
    for answers in SAMPLES.values():
        assert set(ORDER) <= answers.keys()


def test_at_least_eight_scenarios_have_negated_and_stuffed_variants():
    with_variants = [s for s, a in SAMPLES.items() if {"negated", "stuffed"} <= a.keys()]
    assert len(with_variants) >= 8


@pytest.mark.parametrize("scenario_id", sorted(SAMPLES))
def test_samples_rank_strong_partial_weak_off_topic(scenario_id):
    result = scores(scenario_id)
    ranked = [result[label][0] for label in ORDER]
    assert ranked == sorted(ranked, reverse=True) and len(set(ranked)) == len(ranked), result


@pytest.mark.parametrize("scenario_id", sorted(SAMPLES))
def test_strong_passes_and_weak_off_topic_negated_stuffed_fail(scenario_id):
    result = scores(scenario_id)
    assert result["strong"][1], result
    for label in ("weak", "off_topic", "negated", "stuffed"):
        if label in result:
            assert not result[label][1], (label, result)
