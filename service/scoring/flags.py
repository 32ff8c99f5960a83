"""Answer-level flags: too short, keyword stuffing, copied question text.

- too short: fewer words than the rubric's `min_words` (by default 30 % of the reference answer,
  at most 25).
- copied question: words inside a run of five or more words that also stands in the question
  are "copied"; they earn nothing, and the flag is raised when they make up 60 % of the answer.
- keyword stuffing: three or more concepts matched, the answer is shaped as a list, and most of
  the matched concepts are only enumerated, not said in a clause. List-shaped: three or more items
  of three words or fewer on average (split by commas, semicolons, bullets or lines), or six or
  more words with under 10 % function words (not counting "and" / "or" that glue a list).
  A concept is said in a clause when one of its mentions sits in a clausal
  segment (a stretch between commas, semicolons, bullets or sentence ends that holds a predicate:
  an auxiliary or form of "be", a subject pronoun, a subordinator such as "because", a verb
  opening the sentence, as in "Use schema registry with Avro.", or a colon after it, as in the
  label "Fact table: fact_orders with ..."), or in a sentence whose clausal
  segments hold at least half its words ("X is good because ..., fewer joins than 3NF").
A stuffed or too short answer's score is capped at half the pass score (`cap_reason` says why).
"""

from __future__ import annotations

import math
from functools import lru_cache

from service.scoring.breakdown import Flags
from service.scoring.nlp import FUNCTION_WORDS, verb_lemmas
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
STUFFING_SAID_SHARE = 0.5  # under this share of matched concepts said in clauses: stuffing
CLAUSAL_SENTENCE_SHARE = 0.5  # a sentence this much made of clausal segments is a clause
PREDICATE_LEMMAS = frozenset(
    [
        "be", "have", "do", "will", "would", "can", "could", "should", "might", "may", "must",
        "shall", "i", "we", "you", "they", "he", "she", "it", "because", "so", "since", "which",
        "that", "when", "if", "where", "while", "although", "unless", "whereas"
    ]
)


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


def default_min_words(reference_words: int) -> int:
    """The fewest words an answer needs when its rubric does not say: 30 % of the reference
    answer's, at most 25."""
    return min(SHORT_WORDS, math.ceil(SHORT_SHARE * reference_words))


def too_short(word_count: int, min_words: int) -> bool:
    """True when the answer has fewer words than its rubric's `min_words`."""
    return word_count < min_words


def _is_label(words: Words, last: int) -> bool:
    """True when a colon follows the word: "Fact table: fact_orders ..." defines the fact table."""
    return words.text[words.ends[last] :].lstrip()[:1] == ":"


def _clausal_words(words: Words) -> list[bool]:
    """For every word, whether its segment holds a predicate (see the module docstring)."""
    segment_words: dict[int, list[int]] = {}
    for i, segment in enumerate(words.segments):
        segment_words.setdefault(segment, []).append(i)
    verbs = verb_lemmas()
    clausal = [False] * len(words)
    for positions in segment_words.values():
        first = positions[0]
        opens_sentence = first == 0 or words.sentences[first - 1] != words.sentences[first]
        if (
            any(words.lemmas[i] in PREDICATE_LEMMAS for i in positions)
            or (opens_sentence and len(positions) > 1 and words.lemmas[first] in verbs)
            or _is_label(words, positions[-1])
        ):
            for i in positions:
                clausal[i] = True
    return clausal


def _clausal_sentences(words: Words, clausal: list[bool]) -> set[int]:
    """The sentences made mostly of clausal segments."""
    sizes: dict[int, list[int]] = {}
    for sentence, said in zip(words.sentences, clausal, strict=True):
        counts = sizes.setdefault(sentence, [0, 0])
        counts[0] += 1
        counts[1] += said
    return {s for s, (total, said) in sizes.items() if said >= CLAUSAL_SENTENCE_SHARE * total}


def _list_shaped(words: Words) -> bool:
    """True when the answer reads as a list of terms rather than prose."""
    glue = len([norm for norm in words.norms if norm in GLUE_WORDS])
    if len(words) >= STUFFING_MIN_WORDS and glue < STUFFING_FUNCTION_SHARE * len(words):
        return True
    segments = len(set(words.segments))
    return segments >= STUFFING_MIN_CONCEPTS and len(words) <= STUFFING_SEGMENT_WORDS * segments


def keyword_stuffing(words: Words, concept_mentions: list[list[int]]) -> bool:
    """True when the matched concepts (each given as the first words of its mentions) come as a
    bare enumeration rather than said in clauses."""
    if len(concept_mentions) < STUFFING_MIN_CONCEPTS or not _list_shaped(words):
        return False
    clausal = _clausal_words(words)
    sentences = _clausal_sentences(words, clausal)
    said = sum(
        any(clausal[i] or words.sentences[i] in sentences for i in mentions)
        for mentions in concept_mentions
    )
    return said < STUFFING_SAID_SHARE * len(concept_mentions)


def cap_reason(flags: Flags, word_count: int, min_words: int) -> str | None:
    """Why the score is capped at half the pass score, in plain words; None when it is not."""
    if flags.keyword_stuffing:
        return (
            "keyword list: the answer mostly lists terms without explaining them in sentences, "
            "so it cannot pass"
        )
    if flags.too_short:
        words = "word" if word_count == 1 else "words"
        return f"too short: {word_count} {words} where at least {min_words} are expected"
    return None
