"""Strong answers in plain words pass: two sets of one per scenario, each written blind to the
rubric (by someone shown only scenarios/<id>.yaml), so they state the ideas without the rubric's
terms. The second set was written by another writer after the idea patterns existed."""

from __future__ import annotations

import pytest

from service.scoring import score_answer
from tests.content.shipped import BANK, WRITTEN, answer_files

PARAPHRASES = answer_files("paraphrases", "answer")
SECOND = answer_files("paraphrases-second", "answer")


def test_every_written_scenario_has_two_blind_paraphrases():
    assert set(WRITTEN) <= PARAPHRASES.keys()
    assert set(WRITTEN) <= SECOND.keys()


@pytest.mark.parametrize("answers", [PARAPHRASES, SECOND], ids=["first", "second"])
@pytest.mark.parametrize("scenario_id", WRITTEN)
def test_a_strong_answer_in_plain_words_passes(scenario_id, answers):
    entry = BANK.entries[scenario_id]
    result = score_answer(entry.rubric, answers[scenario_id], entry.scenario.prompt)
    assert result.passed and result.capped is None, (result.score, scenario_id)


@pytest.mark.parametrize("scenario_id", WRITTEN)
def test_a_plain_words_answer_to_another_scenario_does_not_pass(scenario_id):
    entry = BANK.entries[scenario_id]
    for other in WRITTEN:
        if other != scenario_id:
            result = score_answer(entry.rubric, PARAPHRASES[other], entry.scenario.prompt)
            assert not result.passed, (other, result.score)
