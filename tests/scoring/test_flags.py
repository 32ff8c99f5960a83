"""Answer-level flags: keyword stuffing, copied question, too short."""

from __future__ import annotations

from service.scoring import score_answer
from tests.scoring.builders import concept, criterion, rubric

TERMS = ["Debezium", "Kafka", "schema registry", "Delta", "MERGE", "watermark", "checkpoint"]
RUBRIC = rubric(criterion("c", [concept(t) for t in TERMS]), pass_score=60)
EXPLANATION = (
    "Debezium reads the MySQL binlog and publishes every change to Kafka, where the schema "
    "registry keeps the Avro schemas compatible. A streaming job applies each micro-batch to "
    "Delta with MERGE on the primary key, a watermark bounds the state it keeps for late "
    "events, and the checkpoint records the offsets so a restart neither loses nor repeats data."
)


def test_an_explanation_scores_full_without_flags():
    result = score_answer(RUBRIC, EXPLANATION)
    assert result.score == 100 and result.passed
    assert not any(result.flags.model_dump().values())


def test_a_bare_list_of_terms_is_flagged_and_capped_below_passing():
    for stuffed in (
        "Debezium, Kafka, schema registry, Delta, MERGE, watermark, checkpoint",
        "- Debezium\n- Kafka\n- schema registry\n- Delta\n- MERGE\n- watermark\n- checkpoint",
        "Debezium Kafka schema registry Delta MERGE watermark checkpoint",
    ):
        result = score_answer(RUBRIC, stuffed)
        assert result.flags.keyword_stuffing, stuffed
        assert result.score == 30 and not result.passed


def test_terms_glued_with_and_are_still_a_list():
    result = score_answer(RUBRIC, "Debezium and Kafka and schema registry and Delta and MERGE")
    assert result.flags.keyword_stuffing


def test_copying_the_question_earns_nothing():
    question = "Would you use Debezium, Kafka and Delta with MERGE to replicate MySQL?"
    result = score_answer(RUBRIC, question, question=question)
    assert result.flags.copied_question
    assert result.score == 0


def test_words_outside_the_copied_text_still_count():
    question = "Would you use Debezium, Kafka and Delta with MERGE to replicate MySQL?"
    answer = f"{question} Yes, and I would add a watermark to the streaming job."
    result = score_answer(RUBRIC, answer, question=question)
    assert [e.text for e in result.criteria[0].matched] == ["watermark"]


def test_a_short_answer_is_flagged():
    long_reference = rubric(criterion("c", [concept("Kafka")]), reference=EXPLANATION)
    assert score_answer(long_reference, "Kafka.").flags.too_short
    assert not score_answer(long_reference, EXPLANATION).flags.too_short


def test_a_too_short_answer_is_capped_below_passing_and_the_breakdown_says_why():
    named = rubric(criterion("c", [concept("Debezium"), concept("Kafka")]), pass_score=60)
    short = score_answer(named, "Debezium feeds Kafka.")
    assert short.flags.too_short and not short.passed
    assert short.score == 30
    assert short.capped == "too short: 3 words where at least 4 are expected"
    assert score_answer(RUBRIC, EXPLANATION).capped is None


def test_a_rubric_sets_its_own_minimum_length():
    terse = rubric(criterion("c", [concept("Kafka")]), reference=EXPLANATION, min_words=1)
    result = score_answer(terse, "Kafka.")
    assert not result.flags.too_short and result.score == 100


def test_a_keyword_list_is_capped_and_the_breakdown_says_it_is_a_list():
    stuffed = ", ".join(TERMS + ["exactly once", "binlog", "micro-batch", "primary key"] * 3)
    result = score_answer(RUBRIC, stuffed)
    assert not result.flags.too_short and result.flags.keyword_stuffing
    assert result.capped.startswith("keyword list:")


STAR_RUBRIC = rubric(
    criterion(
        "c",
        [
            concept(t)
            for t in ("fact table", "grain", "dimension", "star schema", "3NF", "aggregation")
        ],
    ),
    pass_score=60,
)
STAR_ANSWER = (
    "Fact table: fact_orders with order_id, restaurant_id, user_id, time_id, revenue, "
    "delivery_seconds. Grain is one row per order. Dimensions: dim_restaurant (id, name, "
    "cuisine), dim_user, dim_time (day, hour), dim_location (city, region). The star schema is "
    "good because it makes aggregations fast and simple for BI, fewer joins than 3NF."
)
SCHEMA_RUBRIC = rubric(
    criterion(
        "c",
        [
            concept(t)
            for t in (
                "schema registry", "Avro", "backward compatibility", "compatibility mode",
                "upgrade consumers first"
            )
        ],
    ),
    pass_score=60,
)


def test_column_lists_inside_an_explained_design_are_not_stuffing():
    result = score_answer(STAR_RUBRIC, STAR_ANSWER)
    assert not result.flags.keyword_stuffing
    assert result.passed


def test_a_terse_imperative_answer_is_not_stuffing():
    answer = "Use schema registry with avro and BACKWARD compatibility. Upgrade consumers first."
    assert not score_answer(SCHEMA_RUBRIC, answer).flags.keyword_stuffing


def test_a_bare_enumeration_is_stuffing_even_with_a_verb_in_it():
    answer = (
        "schema registry, avro, backward compatibility, compatibility mode, schema id, "
        "deserialize, producer, consumer"
    )
    result = score_answer(SCHEMA_RUBRIC, answer)
    assert result.flags.keyword_stuffing
    assert result.score == 30


def test_an_enumeration_followed_by_one_clause_is_still_stuffing():
    answer = "Debezium, Kafka, schema registry, Delta, MERGE, watermark. It is a good design."
    assert score_answer(RUBRIC, answer).flags.keyword_stuffing
