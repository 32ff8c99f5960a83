"""The shared domain lexicon of synonyms and abbreviations."""

from __future__ import annotations

from service.scoring.lexicon import ABBREVIATION, SYNONYM, equivalents, known_phrases


def test_abbreviation_expands_to_its_term_and_back():
    assert ("change data capture", SYNONYM) in equivalents("CDC")
    assert ("CDC", ABBREVIATION) in equivalents("change data capture")


def test_forms_are_compared_by_lemma():
    assert ("SR", ABBREVIATION) in equivalents("schema registries")


def test_scd2_has_its_spelled_out_forms():
    forms = {form.text for form in equivalents("SCD2")}
    assert {"type 2 slowly changing dimension", "slowly changing dimension type 2"} <= forms


def test_unknown_phrase_has_no_equivalents():
    assert equivalents("purple elephant") == []


def test_multi_word_forms_are_known_phrases():
    assert ("schema", "registry") in known_phrases()
