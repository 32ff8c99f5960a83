"""Match kinds through score_answer: evidence with offsets, text, kind and similarity."""

from __future__ import annotations

import pytest

from service.scoring import score_answer
from tests.scoring.builders import concept, criterion, one_concept, rubric


def evidence(term: str, answer: str, **fields):
    """The matched evidence of a one-concept rubric for `term`."""
    return score_answer(one_concept(term, **fields), answer).criteria[0].matched


def kinds(term: str, answer: str, **fields) -> set[str]:
    return {e.kind for e in evidence(term, answer, **fields)}


def test_exact_match_gives_offsets_into_the_original_answer():
    answer = "We land raw data first, then the Schema-Registry checks it."
    [found] = evidence("schema registry", answer)
    assert (found.kind, found.text, found.similarity) == ("exact", "Schema-Registry", None)
    assert answer[found.start : found.end] == "Schema-Registry"


def test_normalisation_matches_case_unicode_and_punctuation():
    assert kinds("Delta Lake", "we write to ＤＥＬＴＡ lake tables") == {"exact"}
    assert kinds("Z-order", "then ZORDER the table") == {"exact"}


def test_camel_case_and_dotted_names_match_their_words():
    assert kinds("map groups with state", "use mapGroupsWithState for alerts") == {"exact"}
    assert kinds("mapGroupsWithState", "I'd call mapgroupswithstate") == {"exact"}
    assert kinds("shuffle partitions", "raise spark.sql.shuffle.partitions") == {"exact"}


def test_lemma_match_uses_the_domain_lemma_table():
    assert kinds("deduplicate", "rows are deduplicated by key") == {"lemma"}
    assert kinds("upsert", "changes are upserted into the table") == {"lemma"}
    assert kinds("watermark", "watermarking bounds the state") == {"lemma"}
    assert kinds("map groups with state", "call mapGroupWithState") == {"lemma"}


def test_alias_of_the_concept_matches_as_alias():
    assert kinds("Debezium", "a CDC connector reads the binlog", aliases=["CDC connector"]) == {
        "alias"
    }


def test_lexicon_abbreviations_and_synonyms_match():
    assert kinds("schema registry", "register the Avro schema in the SR") == {"abbreviation"}
    assert kinds("change data capture", "stream the CDC feed") == {"abbreviation"}
    assert kinds("Unity Catalog", "grant it in UC") == {"abbreviation"}
    assert kinds("SCD2", "keep a type 2 slowly changing dimension") == {"alias"}


def test_short_abbreviation_must_be_written_in_capitals():
    assert evidence("Unity Catalog", "the uc berkeley dataset") == []


def test_typos_match_as_fuzzy_with_their_similarity():
    [found] = evidence("watermark", "add a watermarkng on event time")
    assert found.kind == "fuzzy" and found.text == "watermarkng"
    assert 80 <= found.similarity < 100
    assert kinds("partition", "the partiton column") == {"fuzzy"}


@pytest.mark.parametrize(
    ("term", "answer"),
    [
        ("UDF", "a UDT column"),
        ("Delta", "read the data"),
        ("optimize", "the optimizer picks a plan"),
        ("Hudi", "Hadi tables"),  # under five letters: no typo tolerance
    ],
)
def test_fuzzy_matching_does_not_confuse_short_or_real_words(term, answer):
    assert evidence(term, answer) == []


def test_multi_word_concept_in_any_order_within_a_window_when_allowed():
    assert kinds("state store", "store the state in RocksDB", any_order=True) == {"exact"}
    assert evidence("state store", "store the state in RocksDB") == []
    far = "store everything we ever computed for the whole job and then its state"
    assert evidence("state store", far, any_order=True) == []


def test_near_context_is_required_when_given():
    near = ["compatibility", "schema"]
    assert kinds("BACKWARD", "use BACKWARD compatibility for Avro", near=near) == {"exact"}
    assert evidence("BACKWARD", "we moved backward in the plan", near=near) == []


def test_negated_mention_earns_nothing_and_is_reported_with_its_trigger():
    result = score_answer(one_concept("Python UDF"), "I would not use a Python UDF.")
    only = result.criteria[0]
    assert only.points_earned == 0 and only.matched == [] and only.missing == ["Python UDF"]
    [negated] = only.negated
    assert (negated.text, negated.negated_by) == ("Python UDF", "not")


@pytest.mark.parametrize(
    "answer",
    ["Do it without a schema registry.", "Use Postgres instead of a schema registry."],
)
def test_nominal_negations_also_earn_nothing(answer):
    assert score_answer(one_concept("schema registry"), answer).score == 0


def test_concept_stated_as_a_negation_needs_a_negated_mention():
    no_loss = one_concept("no data loss")
    [found] = score_answer(no_loss, "There is no data loss on replay.").criteria[0].matched
    assert found.text == "no data loss"
    assert score_answer(no_loss, "Expect some data loss on replay.").score == 0


def test_a_negated_antonym_says_the_concept():
    assert score_answer(one_concept("different"), "They are not the same.").score == 100
    assert score_answer(one_concept("not closed"), "The switch is open.").score == 100


def test_every_mention_is_evidence_and_the_concept_counts_once():
    two = rubric(criterion("c", [concept("Kafka"), concept("Delta")]))
    result = score_answer(two, "Kafka feeds Kafka consumers that write Delta.")
    assert [e.text for e in result.criteria[0].matched] == ["Kafka", "Kafka", "Delta"]
    assert result.score == 100


def test_an_alias_holding_a_negation_matches_a_negated_mention_positively():
    rubric = one_concept("overload", aliases=["avoid overloading"])
    result = score_answer(rubric, "We read from a replica and don't overload the prod db.")
    assert [e.kind for e in result.criteria[0].matched] == ["alias"]
    assert not result.criteria[0].negated
    assert not score_answer(one_concept("overload"), "We don't overload it.").criteria[0].matched


@pytest.mark.parametrize("answer", ["join on restaurant_sk", "the restaurant_dim table"])
def test_fuzzy_identifier_needs_its_short_words_written_exactly(answer):
    assert not score_answer(one_concept("restaurant_id"), answer).criteria[0].matched


def test_fuzzy_identifier_still_matches_a_typo_in_its_long_word():
    matched = score_answer(one_concept("restaurant_id"), "key on restuarant_id").criteria[0].matched
    assert [(e.text, e.kind) for e in matched] == [("restuarant_id", "fuzzy")]
