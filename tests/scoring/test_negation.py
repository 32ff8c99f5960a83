"""NegEx-style negation scopes."""

from __future__ import annotations

import pytest

from service.scoring.negation import negation_scopes
from service.scoring.words import analyse


def negated(text: str) -> list[str]:
    words = analyse(text)
    scopes = negation_scopes(words)
    return [norm for norm, trigger in zip(words.norms, scopes, strict=True) if trigger >= 0]


@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [
        ("I would not use a Python UDF here.", {"python", "udf"}, {"i", "would"}),
        ("We could do it without a schema registry.", {"schema", "registry"}, {"we", "do"}),
        ("Use Postgres instead of Redis.", {"redis"}, {"postgres"}),
        ("Avoid shuffling the data.", {"shuffling", "data"}, set()),
        ("Don't collect the whole table.", {"collect", "whole", "table"}, set()),
        ("It never drops late events.", {"drops", "late", "events"}, {"it"}),
    ],
)
def test_triggers_negate_the_words_after_them(text, inside, outside):
    found = set(negated(text))
    assert inside <= found
    assert not outside & found


def test_scope_ends_at_the_clause_end():
    assert negated("I would not use a UDF, Kafka is fine.") == ["use", "a", "udf"]
    assert "delta" not in negated("Not Redis but Delta")


def test_nominal_scope_ends_at_a_preposition_after_the_phrase():
    assert negated("There is no gap between the terminals") == ["gap"]


def test_post_triggers_negate_the_clause_before_them():
    assert {"schema", "registry"} <= set(negated("A schema registry is not needed here."))
    assert {"photon", "aqe"} <= set(negated("So Photon and AQE won't matter."))


def test_pseudo_negations_negate_nothing():
    assert negated("Not only Delta but also Iceberg") == []
    assert negated("There is no doubt Kafka helps") == []


def test_a_new_subject_ends_the_scope_but_not_after_think():
    assert "kafka" not in negated("if it is not fast enough we can add kafka")
    assert "kafka" in negated("I don't think we need kafka")


def test_no_longer_is_a_negation():
    assert "closed" in negated("B is no longer in a closed path")


def test_negation_in_a_relative_clause_does_not_reach_the_destination():
    found = negated("push messages they can't deserialize to a dead letter queue")
    assert found == ["deserialize"]
    assert {"dead", "queue"} <= set(negated("I would not push messages to a dead letter queue"))


def test_a_slash_and_or_continue_a_negated_list():
    text = "I don't think we need dbt_valid_from / dbt_valid_to or to handle hard deletes"
    found = set(negated(text))
    assert {"from", "to", "hard", "deletes"} <= found


def test_not_enough_and_not_necessarily_are_pseudo_negations():
    assert negated("If that's not enough use approx count distinct.") == []
    assert negated("Spark is not necessarily slow here") == []


def test_or_with_a_coordinated_verb_stays_in_scope_but_a_new_clause_ends_it():
    assert "feed" in negated("I would not re-run the hourly loads or use the change data feed.")
    assert "y" not in negated("I would not do x or we can do y")
    assert "delta" not in negated("I would not re-run the loads but use Delta time travel")


@pytest.mark.parametrize(
    "text",
    [
        "Add a NOT NULL constraint on customer_id.",
        "Filter rows WHERE customer_id IS NOT NULL first.",
        "Insert WHERE NOT EXISTS the key.",
        "Use MERGE with whenNotMatchedInsertAll on the key.",
        "MERGE ... WHEN NOT MATCHED THEN INSERT the row",
        "Add a not_null test on customer_id",
    ],
)
def test_sql_keywords_and_identifiers_holding_not_negate_nothing(text):
    assert negated(text) == []
