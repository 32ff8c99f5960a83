"""Misconceptions: signals in one sentence deduct points, unless negated."""

from __future__ import annotations

from service.scoring import score_answer
from tests.scoring.builders import concept, criterion, misconception, rubric

UDF_FASTER = misconception("udf-faster", [["python udf", "udf"], ["faster", "quicker"]], 4)
RUBRIC = rubric(
    criterion("udfs", [concept("Python UDF"), concept("built-in functions")], points=10),
    criterion("other", [concept("Kafka")], points=10),
    misconceptions=(UDF_FASTER,),
)


def test_misconception_deducts_its_points_with_its_feedback():
    result = score_answer(RUBRIC, "A Python UDF is faster than built-in functions. Kafka too.")
    [hit] = result.misconceptions
    assert (hit.id, hit.deduction, hit.negated) == ("udf-faster", 4, False)
    assert hit.feedback == "Reconsider claim 2."
    assert [e.text for e in hit.evidence] == ["Python UDF", "faster"]
    assert result.score == 80.0  # (10 + 10 - 4) / 20


def test_misconception_is_reported_under_the_criterion_sharing_its_words():
    result = score_answer(RUBRIC, "A Python UDF is faster.")
    assert result.criteria[0].misconceptions == ["udf-faster"]
    assert result.criteria[1].misconceptions == []


def test_negated_misconception_is_not_penalised():
    result = score_answer(RUBRIC, "A Python UDF is not faster than built-in functions.")
    [hit] = result.misconceptions
    assert hit.negated and hit.deduction == 0
    assert result.score == 50.0


def test_signals_must_share_one_sentence():
    result = score_answer(RUBRIC, "We use a Python UDF. The cluster is faster now.")
    assert result.misconceptions == []


def test_deductions_never_take_the_total_below_zero():
    harsh = rubric(
        criterion("c", [concept("Kafka")]),
        misconceptions=(misconception("m", [["faster"]], deduction=50),),
    )
    assert score_answer(harsh, "It is faster.").score == 0
