"""Match kind "idea": a concept said in plain words, by its rubric's idea patterns."""

from __future__ import annotations

import pytest

from service.scoring import score_answer
from service.scoring.ideas import compile_idea, idea_problem
from tests.scoring.builders import concept, criterion, one_concept, rubric

REGISTRY = one_concept(
    "schema registry",
    ideas=["central|shared + store|service|registry|catalog + version|format|schema"],
)


def evidence(result):
    return result.criteria[0].matched, result.criteria[0].negated


def test_an_idea_in_plain_words_earns_part_of_the_concept_with_its_words_as_evidence():
    answer = "Run a central service that stores every version of the message format."
    result = score_answer(REGISTRY, answer)
    [found], [] = evidence(result)
    assert (found.kind, found.words, found.concept) == (
        "idea", ["central", "service", "version"], "schema registry"
    )
    assert found.text == answer[found.start : found.end]
    assert found.text == "central service that stores every version"
    assert found.pattern == REGISTRY.criteria[0].concepts[0].ideas[0]
    assert result.score == 70


def test_naming_the_concept_earns_its_full_weight():
    result = score_answer(REGISTRY, "Put a schema registry in front of the topic.")
    assert [e.kind for e in result.criteria[0].matched] == ["exact"]
    assert result.score == 100


def test_slot_words_are_widened_by_wordnet_synonyms_and_derivations():
    refuse = one_concept("rejects an incompatible schema", ideas=["refuse + change"])
    assert score_answer(refuse, "The registry declines a breaking change.").criteria[0].matched
    linked = one_concept("connected", ideas=["connect + battery"])
    assert score_answer(linked, "A wire makes a connection to the battery.").criteria[0].matched


@pytest.mark.parametrize(
    "answer",
    [
        "Keep one central place. It stores every format.",  # two sentences
        "A central team decides, after many long discussions with the other teams of the "
        "company about budgets and plans, about the format.",  # farther apart than the window
    ],
)
def test_slots_must_be_filled_close_together_in_one_sentence(answer):
    assert not score_answer(REGISTRY, answer).criteria[0].matched


def test_a_negated_idea_earns_nothing():
    result = score_answer(REGISTRY, "I would not keep a central store of schema versions.")
    matched, [negated] = evidence(result)
    assert not matched and negated.negated_by == "not"
    assert result.score == 0


def test_an_idea_stated_as_a_negation_needs_the_negation():
    opaque = one_concept("black box", ideas=["not|cannot + optimize + planner"])
    assert score_answer(opaque, "The query planner cannot optimize a UDF.").criteria[0].matched
    assert not score_answer(opaque, "The query planner will optimize it.").criteria[0].matched


def test_a_required_concept_said_as_an_idea_is_not_missing():
    ideas = REGISTRY.criteria[0].concepts[0].ideas
    required = rubric(
        criterion("c", [concept("schema registry", required=True, ideas=ideas)]), min_words=1
    )
    result = score_answer(required, "A shared catalog holds each message format.")
    assert result.criteria[0].missing == [] and result.score == 70


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("central|shared + store|registry", None),
        ("not|cannot + optimize + planner", None),
        ("registry", None),
        ("central|shared", "needs at least 2 slots"),
        ("central + the|of", "has no content word"),
    ],
)
def test_idea_patterns_need_two_slots_with_content_words_or_one_word(pattern, problem):
    found = idea_problem(compile_idea(pattern))
    assert found is None if problem is None else problem in found


def test_a_first_slot_of_negation_words_makes_a_negative_idea():
    idea = compile_idea("not|cannot + optimize + planner")
    assert idea.negative and len(idea.slots) == 2
    assert not compile_idea("central + store").negative
