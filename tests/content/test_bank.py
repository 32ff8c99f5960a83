"""The shipped bank: every seed scenario, valid, and each reference answer passing its rubric."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from service.cli import main
from service.content.bank import load_bank
from service.content.models import Kind
from service.scoring import score_answer
from service.settings import Settings

SEED_NUMBERS = {1, 2, 3, 4, *range(31, 41)}
SETTINGS = Settings()
BANK = load_bank(SETTINGS.scenarios_dir, SETTINGS.rubrics_dir)
WRITTEN = [e for e in BANK.entries.values() if e.scenario.kind in (Kind.written, Kind.both)]


def test_grader_lint_passes_on_the_shipped_content():
    result = CliRunner().invoke(main, ["lint"])
    assert result.exit_code == 0, result.output


def test_loading_only_one_scenario_reads_just_that_pair():
    only = load_bank(SETTINGS.scenarios_dir, SETTINGS.rubrics_dir, "kafka-schema-evolution")
    assert list(only.entries) == ["kafka-schema-evolution"] and not only.problems
    assert only.entries["kafka-schema-evolution"] == BANK.entries["kafka-schema-evolution"]
    assert not load_bank(SETTINGS.scenarios_dir, SETTINGS.rubrics_dir, "../rubrics/x").entries


def test_bank_serves_every_seed_scenario_exactly_once():
    numbers = [e.scenario.source_number for e in BANK.entries.values()]
    assert sorted(numbers) == sorted(SEED_NUMBERS)


def test_scenario_and_rubric_files_pair_up():
    scenarios = {p.stem for p in Path(SETTINGS.scenarios_dir).glob("*.yaml")}
    rubrics = {p.stem for p in Path(SETTINGS.rubrics_dir).glob("*.yaml")}
    assert scenarios == rubrics == set(BANK.entries)


@pytest.mark.parametrize("entry", WRITTEN, ids=lambda e: e.scenario.id)
def test_reference_answer_scores_at_least_90_and_passes(entry):
    breakdown = score_answer(entry.rubric, entry.rubric.reference_answer, entry.scenario.prompt)
    assert breakdown.score >= 90, breakdown.score
    assert breakdown.passed


@pytest.mark.parametrize("entry", WRITTEN, ids=lambda e: e.scenario.id)
def test_rubric_has_three_to_six_criteria_and_a_misconception(entry):
    assert 3 <= len(entry.rubric.criteria) <= 6
    assert entry.rubric.misconceptions


@pytest.mark.parametrize("entry", WRITTEN, ids=lambda e: e.scenario.id)
def test_candidate_feedback_does_not_name_the_concepts(entry):
    for criterion in entry.rubric.criteria:
        hint = criterion.feedback.casefold()
        for concept in criterion.concepts:
            for term in (concept.term, *concept.aliases):
                if len(term) > 3:
                    assert term.casefold() not in hint, (criterion.id, term)
