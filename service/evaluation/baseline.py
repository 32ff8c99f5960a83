"""The plain baseline: the share of a reference answer's content words present in the answer."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.lang.en.stop_words import STOP_WORDS

_WORD = re.compile(r"[^\W_]+")


def content_words(text: str) -> set[str]:
    """Lower-cased words that are not stop words."""
    return {w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS}


def overlap_score(answer: str, reference_answers: Sequence[str]) -> float:
    """0-100: the best share, over the reference answers, of their content words in the answer."""
    found = content_words(answer)
    shares = [
        len(words & found) / len(words)
        for words in map(content_words, reference_answers)
        if words
    ]
    return round(100 * max(shares, default=0.0), 2)
