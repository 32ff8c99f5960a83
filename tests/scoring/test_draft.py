"""draft_rubric: a rubric from model answers."""

from __future__ import annotations

import pytest

from service.content.models import Rubric
from service.scoring import draft_rubric, score_answer
from service.scoring.draft import DocumentFrequencies, key_content

QUESTION = "Why is bulb A off when switch Y is open?"
REFERENCES = [
    "Bulb A is not in a closed path with the battery.",
    "The open switch creates a gap in the path of bulb A.",
]


def terms(rubric: Rubric) -> list[str]:
    return [c.term for c in rubric.criteria[0].concepts]


def test_draft_is_a_valid_rubric_with_one_criterion_and_the_references():
    rubric = draft_rubric(QUESTION, REFERENCES)
    assert isinstance(rubric, Rubric)
    assert [c.id for c in rubric.criteria] == ["key-content"]
    assert rubric.reference_answer == "\n".join(REFERENCES)


def test_key_words_keep_the_polarity_of_the_model_answer():
    found = key_content("Terminal 1 is not connected to the battery")
    assert "not connected" in found.values()
    assert "connected" not in found.values()


def test_lexicon_phrases_become_one_concept():
    found = key_content("Register every schema in the schema registry")
    assert "schema registry" in found.values()
    assert "registry" not in found.values()


def test_words_of_the_question_and_common_words_weigh_less():
    corpus = ["the path is here", "a path again", "one path", "another path", "a gap"]
    rubric = draft_rubric(QUESTION, REFERENCES, DocumentFrequencies.of(corpus))
    weights = {c.term: c.weight for c in rubric.criteria[0].concepts}
    assert weights["gap"] > weights["path"]  # rarer in the corpus
    assert weights["creates"] > weights["switch"]  # "switch" is already in the question


def test_each_model_answer_earns_full_points_and_the_question_alone_does_not():
    rubric = draft_rubric(QUESTION, REFERENCES)
    for reference in REFERENCES:
        assert score_answer(rubric, reference, question=QUESTION).score == 100
    assert score_answer(rubric, QUESTION, question=QUESTION).score < 50


def test_a_contradicting_answer_scores_lower_than_a_correct_one():
    rubric = draft_rubric(QUESTION, ["The bulb is in a closed path with the battery."])
    correct = score_answer(rubric, "the bulb is in a closed path with the battery").score
    negated = score_answer(rubric, "the bulb is not in a closed path with the battery").score
    assert negated < correct


def test_an_antonym_with_another_key_word_is_drafted_as_a_contradiction():
    rubric = draft_rubric(
        "What do you know about terminal 1?", ["Terminal 1 is connected to the negative terminal"]
    )
    [hit] = score_answer(rubric, "terminal 1 is connected to the positive terminal").misconceptions
    assert (hit.id, hit.negated) == ("connected-with-positive", False) and hit.deduction > 0
    right = score_answer(rubric, "terminal 1 is connected to the negative terminal")
    assert right.misconceptions == []


def test_drafting_needs_a_reference_answer():
    with pytest.raises(ValueError, match="at least one reference answer"):
        draft_rubric(QUESTION, [])


def test_plain_one_word_concepts_get_themselves_as_idea_patterns():
    concepts = {c.term: c for c in draft_rubric(QUESTION, REFERENCES).criteria[0].concepts}
    assert concepts["gap"].ideas == ["gap"]
    assert concepts["not closed"].ideas == []  # a negated concept is matched by name only


def test_a_related_word_earns_part_of_a_drafted_concept():
    rubric = draft_rubric("Why does the bulb light?", ["The bulb is connected to the battery."])
    named = score_answer(rubric, "The bulb is connected to the battery.")
    related = score_answer(rubric, "The bulb has a connection to the battery.")
    assert [e.kind for e in related.criteria[0].matched if e.concept == "connected"] == ["idea"]
    assert named.score > related.score > 0


def test_each_model_answer_is_an_answer_set_and_words_of_two_answers_do_not_add_up():
    rubric = draft_rubric("Why is the bulb off?", ["The switch is open.", "The battery is dead."])
    assert rubric.criteria[0].answer_sets == [["switch", "open"], ["battery", "dead"]]
    assert score_answer(rubric, "The switch is open.").score == 100
    assert score_answer(rubric, "The switch is dead.").score == 50


def test_minimum_length_comes_from_the_shortest_model_answer():
    rubric = draft_rubric(QUESTION, ["Bulb A is off.", REFERENCES[1]])
    assert rubric.min_words == 2  # 30 % of four words, rounded up
