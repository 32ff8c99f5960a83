"""Answer-level flags: too short, keyword stuffing, copied question text.

- too short: fewer words than 30 % of the reference answer (at most 25 words needed).
- copied question: words inside a run of five or more words that also stands in the question
  are "copied"; they earn nothing, and the flag is raised when they make up 60 % of the answer.
- keyword stuffing: three or more concepts matched, and the answer has no clause structure: it is
  a list (three or more items of three words or fewer on average, split by commas, semicolons,
  bullets or lines), or six or more words with under 10 % function words (not counting "and" /
  "or" that glue a list together). A stuffed answer's score is capped at half the pass score.
"""

from __future__ import annotations

from functools import lru_cache

from service.scoring.nlp import FUNCTION_WORDS
from service.scoring.words import Words, analyse

COPY_RUN = 5
COPIED_SHARE = 0.6
SHORT_SHARE, SHORT_WORDS = 0.3, 25
STUFFING_MIN_CONCEPTS = 3
STUFFING_FUNCTION_SHARE = 0.1
STUFFING_MIN_WORDS = 6
STUFFING_SEGMENT_WORDS = 3.0
LIST_GLUE = frozenset({"and", "or", "also", "plus", "then"})
GLUE_WORDS = FUNCTION_WORDS - LIST_GLUE


@lru_cache(maxsize=256)
def _question_runs(question: str) -> frozenset[tuple[str, ...]]:
    norms = analyse(question).norms
    return frozenset(tuple(norms[i : i + COPY_RUN]) for i in range(len(norms) - COPY_RUN + 1))


def copied_positions(words: Words, question: str | None) -> list[bool]:
    """For every answer word, whether it lies in a run of words copied from the question."""
    copied = [False] * len(words)
    if not question:
        return copied
    runs = _question_runs(question)
    norms = words.norms
    for i in range(len(norms) - COPY_RUN + 1):
        if tuple(norms[i : i + COPY_RUN]) in runs:
            copied[i : i + COPY_RUN] = [True] * COPY_RUN
    return copied


def copied_question(copied: list[bool]) -> bool:
    """True when most of the answer is the question's text."""
    return bool(copied) and sum(copied) >= COPIED_SHARE * len(copied)


def too_short(word_count: int, reference_words: int) -> bool:
    """True when the answer is far shorter than the rubric's reference answer."""
    return word_count < min(SHORT_WORDS, SHORT_SHARE * reference_words)


def keyword_stuffing(words: Words, concepts_matched: int) -> bool:
    """True when the matched concepts come as a bare list of terms rather than an explanation."""
    if concepts_matched < STUFFING_MIN_CONCEPTS or not len(words):
        return False
    glue = sum(norm in GLUE_WORDS for norm in words.norms)
    if len(words) >= STUFFING_MIN_WORDS and glue < STUFFING_FUNCTION_SHARE * len(words):
        return True
    segments = len(set(words.segments))
    return segments >= STUFFING_MIN_CONCEPTS and len(words) <= STUFFING_SEGMENT_WORDS * segments
