"""How concepts become criterion points and the total."""

from __future__ import annotations

import pytest

from service.scoring import score_answer
from tests.scoring.builders import concept, criterion, misconception, one_concept, rubric


def test_criterion_earns_its_share_of_all_concepts_by_default():
    three = rubric(criterion("c", [concept("Kafka"), concept("Delta"), concept("MERGE")]))
    assert score_answer(three, "Kafka into Delta.").criteria[0].points_earned == 6.6667


def test_min_concepts_needs_only_the_heaviest_that_many():
    weighted = rubric(
        criterion(
            "c",
            [concept("Kafka", weight=2), concept("Delta"), concept("MERGE")],
            min_concepts=2,
        ),
        min_words=1,
    )
    assert score_answer(weighted, "Kafka and Delta").score == 100  # 3 of needed 2 + 1
    assert score_answer(weighted, "Delta and MERGE").score == 66.67  # 2 of needed 3


def test_missing_required_concept_caps_the_criterion_at_half():
    required = rubric(
        criterion("c", [concept("Kafka", required=True), concept("Delta")], min_concepts=1),
        min_words=1,
    )
    assert score_answer(required, "Delta").score == 50
    assert score_answer(required, "Kafka").score == 100


def test_total_is_earned_over_possible_and_pass_uses_the_pass_score():
    two = rubric(
        criterion("a", [concept("Kafka")], points=30),
        criterion("b", [concept("Delta")], points=10),
        pass_score=70,
        min_words=1,
    )
    result = score_answer(two, "Kafka")
    assert (result.score, result.passed) == (75.0, True)
    assert [c.id for c in result.criteria] == ["a", "b"]
    assert result.criteria[1].missing == ["Delta"]


def test_answer_sets_earn_the_best_share_of_one_set_not_the_sum_across_sets():
    sets = rubric(
        criterion(
            "c",
            [concept("Kafka"), concept("Delta"), concept("Redis"), concept("Cassandra")],
            answer_sets=[["Kafka", "Delta"], ["Redis", "Cassandra"]],
        )
    )
    assert score_answer(sets, "Kafka lands events into Delta tables.").score == 100
    assert score_answer(sets, "Kafka lands events into Redis caches.").score == 50


def test_criterion_result_carries_the_rubric_feedback_and_interviewer_note():
    result = score_answer(rubric(criterion("a", [concept("Kafka")])), "nothing")
    only = result.criteria[0]
    assert (only.title, only.feedback, only.expected) == (
        "Title of a", "Hint for a", "Interviewer note for a"
    )


@pytest.mark.parametrize(
    ("term", "answer"),
    [
        ("training/serving skew", "Share the feature code so we don't get training/serving skew."),
        ("noisy neighbours", "Give tenants their own clusters so they're not noisy neighbours."),
        ("startup overhead", "Keep the model loaded so that we don't pay the startup overhead."),
        ("shuffle", "Broadcast the small table to avoid a shuffle."),
        ("overload", "Read from a replica in order not to overload the prod database."),
    ],
)
def test_a_risk_named_in_a_purpose_clause_counts_as_known(term, answer):
    result = score_answer(one_concept(term), answer)
    assert result.criteria[0].matched and not result.criteria[0].negated


@pytest.mark.parametrize(
    ("term", "answer"),
    [
        ("training/serving skew", "We don't get training/serving skew."),
        ("shuffle", "So I would not use a shuffle."),
        ("Spark", "The data is small, so we don't use Spark."),
        ("Redis", "Keep state in the stream processor to avoid adding Redis."),
        ("Python UDF", "Rewrite it with built-ins in order not to need a Python UDF."),
    ],
)
def test_a_plain_negation_conclusion_or_decision_against_still_earns_nothing(term, answer):
    assert not score_answer(one_concept(term), answer).criteria[0].matched


def test_a_misconception_in_a_purpose_clause_stays_negated():
    faster = misconception("udf-faster", [["python udf"], ["faster"]], 4)
    rubric_ = rubric(criterion("c", [concept("Kafka")]), misconceptions=(faster,))
    result = score_answer(rubric_, "Kafka, so we don't assume a Python UDF is faster.")
    [hit] = result.misconceptions
    assert hit.negated and hit.deduction == 0
