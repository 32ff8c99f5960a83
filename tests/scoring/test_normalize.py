"""Normalisation: NFKC, case folding, apostrophes, identifier splitting."""

from __future__ import annotations

from service.scoring.normalize import fold, split_identifier


def parts(text: str) -> list[str]:
    return [text[s:e] for s, e in split_identifier(text)]


def test_fold_applies_nfkc_and_case_folding():
    assert fold("ＤＥＬＴＡ Lake") == "delta lake"
    assert fold("Straße") == "strasse"


def test_fold_makes_typographic_apostrophes_plain():
    assert fold("don\u2019t") == "don't"


def test_camel_case_and_pascal_case_split_into_words():
    assert parts("mapGroupsWithState") == ["map", "Groups", "With", "State"]
    assert parts("FlatMapGroupsWithState") == ["Flat", "Map", "Groups", "With", "State"]


def test_acronym_before_a_word_is_split_but_plural_acronym_is_kept():
    assert parts("XMLParser") == ["XML", "Parser"]
    assert parts("UDFs") == ["UDFs"]


def test_digits_stay_attached_to_the_letters_before_them():
    assert parts("SCD2") == ["SCD2"]


def test_dotted_names_underscores_and_hyphens_split_into_words():
    assert parts("spark.sql.shuffle.partitions") == ["spark", "sql", "shuffle", "partitions"]
    assert parts("event_time") == ["event", "time"]
    assert parts("late-arriving") == ["late", "arriving"]
