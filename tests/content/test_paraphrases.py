"""Strong answers in plain words pass: one per scenario, written blind to the rubric (by someone
shown only scenarios/<id>.yaml), so they state the ideas without the rubric's terms."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from service.content.bank import load_bank
from service.scoring import score_answer
from service.settings import Settings

PARAPHRASES_DIR = Path(__file__).parent / "paraphrases"
SETTINGS = Settings()
BANK = load_bank(SETTINGS.scenarios_dir, SETTINGS.rubrics_dir)
PARAPHRASES = {
    doc["scenario"]: doc["answer"]
    for doc in (yaml.safe_load(p.read_text()) for p in sorted(PARAPHRASES_DIR.glob("*.yaml")))
}
WRITTEN = sorted(i for i, e in BANK.entries.items() if e.rubric.criteria)


def test_every_written_scenario_has_a_blind_paraphrase():
    assert set(WRITTEN) <= PARAPHRASES.keys()


@pytest.mark.parametrize("scenario_id", WRITTEN)
def test_a_strong_answer_in_plain_words_passes(scenario_id):
    entry = BANK.entries[scenario_id]
    result = score_answer(entry.rubric, PARAPHRASES[scenario_id], entry.scenario.prompt)
    assert result.passed and result.capped is None, (result.score, scenario_id)


@pytest.mark.parametrize("scenario_id", WRITTEN)
def test_a_plain_words_answer_to_another_scenario_does_not_pass(scenario_id):
    entry = BANK.entries[scenario_id]
    for other in WRITTEN:
        if other != scenario_id:
            result = score_answer(entry.rubric, PARAPHRASES[other], entry.scenario.prompt)
            assert not result.passed, (other, result.score)
