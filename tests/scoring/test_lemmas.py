"""Lemmas: spaCy's lookup table extended by the domain lemma table."""

from __future__ import annotations

import pytest

from service.scoring.nlp import lemmatize
from service.scoring.words import analyse


@pytest.mark.parametrize(
    ("form", "lemma"),
    [
        ("deduplicated", "deduplicate"),
        ("upserted", "upsert"),
        ("watermarking", "watermark"),
        ("partitioned", "partition"),
        ("checkpointing", "checkpoint"),
    ],
)
def test_domain_lemma_table_covers_data_engineering_verbs(form, lemma):
    assert lemmatize(form) == lemma


def test_general_words_keep_spacys_lemmas():
    assert lemmatize("connected") == "connect"
    assert lemmatize("streams") == "stream"


def test_domain_table_keeps_apart_words_the_lookup_table_would_merge():
    assert lemmatize("left") != lemmatize("leave")
    assert lemmatize("does") == "do"


def test_plural_acronyms_lemmatise_to_the_acronym():
    assert analyse("UDFs and APIs").lemmas == ["udf", "and", "api"]
