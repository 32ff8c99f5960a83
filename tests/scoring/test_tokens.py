"""The chunk-by-chunk tokens are spaCy's tokens of the whole text."""

from __future__ import annotations

import pytest

from service.scoring.nlp import english_tokenizer
from service.scoring.tokens import tokenize
from tests.content.shipped import BANK, answer_files

EDGE_CASES = [
    "",
    " ",
    "   leading spaces, trailing spaces   ",
    "two  spaces, a\ttab, a\nline, a \n space then a line\n\n\nand blank lines\n",
    "\nstarts on a new line",
    "ends with one space ",
    "no\u00a0break space and \u2003 an em space",
    "There's no contract; I'd say it's the producers' fault, don't you think? I'm sure.",
    "(don't) \"can't\" won't, e.g. i.e., U.S. 3am 10p.m. :) (._.) o.O",
    "https://example.com/a?b=c user@example.com spark.sql.shuffle.partitions=200",
    "mapGroupsWithState()/flatMapGroupsWithState -- well-known; co-op - yes — no",
    "Avro's schema (v2) isn't BACKWARD-compatible... so?! ¯\\_(ツ)_/¯",
    "a chunk longer than the memo keeps: " + "spark.sql.adaptive.coalescePartitions" * 4 + ",",
]


def _texts() -> list[str]:
    texts = list(EDGE_CASES)
    for entry in BANK.entries.values():
        texts.append(entry.scenario.prompt)
        texts.append(entry.rubric.reference_answer or "")
    for answers in answer_files("samples", "answers").values():
        texts.extend(answers.values())
    texts.extend(answer_files("paraphrases", "answer").values())
    return texts


def _spacy_tokens(text: str) -> list[tuple[str, int, bool]]:
    return [(token.text, token.idx, bool(token.whitespace_)) for token in
            english_tokenizer()(text)]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases_are_tokenized_as_spacy_tokenizes_the_whole_text(text):
    assert tokenize(text) == _spacy_tokens(text)


def test_every_text_of_the_bank_and_its_sample_answers_is_tokenized_as_spacy_does():
    texts = _texts()
    assert len(texts) > 100
    differing = [text for text in texts if tokenize(text) != _spacy_tokens(text)]
    assert differing == []


def test_a_text_tokenized_again_gives_the_same_tokens_from_the_chunk_memo():
    text = "There's a contract; it's BACKWARD compatible, isn't it?"
    assert tokenize(text) == tokenize(text) == _spacy_tokens(text)
