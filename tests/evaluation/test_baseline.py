"""The plain word-overlap baseline."""

from __future__ import annotations

from service.evaluation.baseline import content_words, overlap_score


def test_content_words_drop_stop_words_and_case():
    assert content_words("The Battery is NOT connected") == {"battery", "connected"}


def test_score_is_the_best_share_over_the_reference_answers():
    references = ["the bulb is in a closed path", "there is a gap"]
    assert overlap_score("a gap", references) == 100.0
    assert overlap_score("the path", references) == 33.33


def test_negation_does_not_change_the_baseline():
    references = ["terminal 1 is connected"]
    assert overlap_score("terminal 1 is not connected", references) == 100.0
