"""What every matcher shares: the answer being matched, a mention, and the sequence search."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from service.scoring.compiled import CompiledConcept, CompiledRubric, Variant
from service.scoring.words import LEMMA, NORM, Span, Words


class Mention(NamedTuple):
    """Words [first, end) of the answer saying a concept variant, and how they were matched.

    A mention of an idea pattern names the words that carried it (`carriers`): only those must
    not be negated, and only those are reported.
    """

    first: int
    end: int
    kind: str
    similarity: float | None
    variant: Variant
    carriers: tuple[int, ...] = ()


NEAR_WINDOW = 8  # words either side in which a concept's `near` context must appear


@dataclass
class AnswerContext:
    """The analysed answer with its negation scopes and copied words, plus per-answer results
    matchers compute once (e.g. typo candidates)."""

    words: Words
    rubric: CompiledRubric
    scopes: list[int]  # per word: position of the negation trigger over it, or -1
    copied: list[bool]  # per word: inside text copied from the question
    # triggers of purpose clauses ("so we don't get skew"): what they negate counts as named
    aware: frozenset[int] = frozenset()
    memo: dict[str, Any] = field(default_factory=dict)


def trigger_of(mention: Mention, scopes: list[int]) -> int:
    """Position of the negation trigger over the mention, or -1 when it is not negated."""
    for position in mention.carriers or range(mention.first, mention.end):
        if scopes[position] >= 0:
            return scopes[position]
    return -1


def agrees(mention: Mention, ctx: AnswerContext) -> bool:
    """True when the mention has the concept's polarity: plain for "X", negated for "no X". A
    plain concept negated in a purpose clause ("so we don't get X") is named, so it agrees."""
    trigger = trigger_of(mention, ctx.scopes)
    if mention.variant.negative:
        return trigger >= 0
    return trigger < 0 or trigger in ctx.aware


def has_context(mention: Mention, near: tuple[tuple[str, ...], ...], words: Words) -> bool:
    """True when the concept needs no context, or one of its `near` phrases is close by."""
    if not near:
        return True
    low = max(0, mention.first - NEAR_WINDOW)
    high = min(len(words), mention.end + NEAR_WINDOW)
    lemmas = words.lemmas
    for phrase in near:
        for start in range(low, high - len(phrase) + 1):
            if mention.first <= start < mention.end:
                continue
            if tuple(lemmas[start : start + len(phrase)]) == phrase:
                return True
    return False


def any_order_window(size: int) -> int:
    """How many words a multi-word concept matched in any order may spread over."""
    return 2 * size + 2


def find_sequences(
    occurrences: list[set[int]], any_order: bool, sentences: list[int]
) -> list[Span]:
    """Spans where word j of a phrase occurs at a position in occurrences[j].

    In order, the words must be consecutive; with `any_order`, they may come in any order within
    `any_order_window` words of one sentence (one span per position of the first word).
    """
    size = len(occurrences)
    if not any_order or size == 1:
        return [
            (s, s + size)
            for s in sorted(occurrences[0])
            if all(s + j in occurrences[j] for j in range(1, size))
        ]
    window = any_order_window(size)
    spans = []
    for anchor in sorted(occurrences[0]):
        chosen = [anchor]
        for positions in occurrences[1:]:
            near = [
                p
                for p in positions
                if abs(p - anchor) < window and sentences[p] == sentences[anchor]
            ]
            if not near:
                break
            chosen.append(min(near, key=lambda p: (abs(p - anchor), p)))
        else:
            first, last = min(chosen), max(chosen)
            if last - first < window and len(set(chosen)) == size:
                spans.append((first, last + 1))
    return spans


def single_positions(spans: Iterable[Span]) -> set[int]:
    """The positions of the one-word spans among `spans`."""
    return {first for first, end in spans if end == first + 1}


def consecutive_spans(
    starts: Iterable[Span], keys: tuple[str, ...], words: Words, by: int = LEMMA
) -> list[Span]:
    """Spans where the words `keys` (compared by NORM or LEMMA) stand one after the other, from
    the one-word `starts`."""
    column = words.norms if by == NORM else words.lemmas
    size = len(keys)
    return [
        (s, s + size)
        for s, end in starts
        if end == s + 1 and tuple(column[s : s + size]) == keys
    ]


def find_in_index(
    concept: CompiledConcept, ctx: AnswerContext, sources: tuple[str, ...], by: int, kind: str
) -> list[Mention]:
    """Mentions of the concept's variants from `sources`, with words compared by `by`: NORM
    (folded form) or LEMMA."""
    words = ctx.words
    index = words.index(by)
    found: list[Mention] = []
    for source in sources:
        for variant in concept.by_source.get(source, ()):
            keys = variant.keys[by]
            if len(keys) == 1:
                spans = index.get(keys[0], ())
            elif keys[0] not in index:
                continue
            elif not concept.any_order:
                spans = consecutive_spans(index[keys[0]], keys, words, by)
            else:
                occurrences = [single_positions(index.get(key, ())) for key in keys]
                spans = find_sequences(occurrences, True, words.sentences)
            for first, end in spans:
                if variant.uppercase and not words.text[
                    words.starts[first] : words.ends[end - 1]
                ].isupper():
                    continue
                found.append(Mention(first, end, kind, None, variant))
    return found
