"""The related-words table derived from Open English WordNet."""

from __future__ import annotations

import gzip

from service.scoring.ideas import widened
from service.scoring.wordnet import TABLE_PATH, related


def test_table_carries_the_wordnet_attribution_and_licence():
    with gzip.open(TABLE_PATH, "rt", encoding="utf-8") as lines:
        header = "".join(line for line in lines if line.startswith("#"))
    assert "Open English WordNet" in header and "CC BY 4.0" in header
    assert "Princeton" in header


def test_synonyms_and_derivations_of_common_words():
    connect = related("connect")
    assert "link" in connect.synonyms and "connection" in connect.derivations
    assert related("notaword") is None


def test_widening_keeps_the_word_and_drops_function_words():
    words = widened("connect")
    assert words[0] == "connect" and "link" in words and "connection" in words
    assert widened("notaword") == ("notaword",)


def test_only_the_most_frequent_sense_counts():
    assert "break" not in widened("stop")  # "break" is a rarer sense of "stop"
