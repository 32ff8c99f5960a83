"""How concepts become criterion points and the total."""

from __future__ import annotations

from service.scoring import score_answer
from tests.scoring.builders import concept, criterion, rubric


def test_criterion_earns_its_share_of_all_concepts_by_default():
    three = rubric(criterion("c", [concept("Kafka"), concept("Delta"), concept("MERGE")]))
    assert score_answer(three, "Kafka into Delta.").criteria[0].points_earned == 6.6667


def test_min_concepts_needs_only_the_heaviest_that_many():
    weighted = rubric(
        criterion(
            "c",
            [concept("Kafka", weight=2), concept("Delta"), concept("MERGE")],
            min_concepts=2,
        )
    )
    assert score_answer(weighted, "Kafka and Delta").score == 100  # 3 of needed 2 + 1
    assert score_answer(weighted, "Delta and MERGE").score == 66.67  # 2 of needed 3


def test_missing_required_concept_caps_the_criterion_at_half():
    required = rubric(
        criterion("c", [concept("Kafka", required=True), concept("Delta")], min_concepts=1)
    )
    assert score_answer(required, "Delta").score == 50
    assert score_answer(required, "Kafka").score == 100


def test_total_is_earned_over_possible_and_pass_uses_the_pass_score():
    two = rubric(
        criterion("a", [concept("Kafka")], points=30),
        criterion("b", [concept("Delta")], points=10),
        pass_score=70,
    )
    result = score_answer(two, "Kafka")
    assert (result.score, result.passed) == (75.0, True)
    assert [c.id for c in result.criteria] == ["a", "b"]
    assert result.criteria[1].missing == ["Delta"]


def test_criterion_result_carries_the_rubric_feedback_and_interviewer_note():
    result = score_answer(rubric(criterion("a", [concept("Kafka")])), "nothing")
    only = result.criteria[0]
    assert (only.title, only.feedback, only.expected) == (
        "Title of a", "Hint for a", "Interviewer note for a"
    )
