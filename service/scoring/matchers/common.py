"""What every matcher shares: the answer being matched, a mention, and the sequence search."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from service.scoring.compiled import CompiledConcept, CompiledRubric, Variant
from service.scoring.stems import stems
from service.scoring.words import Span, Words


class Mention(NamedTuple):
    """Words [first, end) of the answer saying a concept variant, and how they were matched."""

    first: int
    end: int
    kind: str
    similarity: float | None
    variant: Variant


@dataclass
class AnswerContext:
    """The analysed answer plus per-answer results matchers compute once (e.g. typo candidates)."""

    words: Words
    rubric: CompiledRubric
    memo: dict[str, Any] = field(default_factory=dict)


def any_order_window(size: int) -> int:
    """How many words a multi-word concept matched in any order may spread over."""
    return 2 * size + 2


def find_sequences(occurrences: list[set[int]], any_order: bool, sentences: list[int]) -> list[Span]:
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
    """The one-word spans of an index entry, as positions."""
    return {s for s, e in spans if e == s + 1}


def find_in_index(
    concept: CompiledConcept, ctx: AnswerContext, sources: set[str], by: str, kind: str
) -> list[Mention]:
    """Mentions of the concept's variants from `sources`, compared by `by`: "norm" (folded
    form), "lemma" or "stem" (any shared derivational stem)."""
    words = ctx.words
    found = []
    for variant in concept.variants:
        if variant.source not in sources:
            continue
        if by == "stem":
            index = words.stem_index()
            word_keys = [stems(lemma) for lemma in variant.lemmas]
        else:
            index = words.lemma_index() if by == "lemma" else words.norm_index()
            word_keys = [(key,) for key in (variant.lemmas if by == "lemma" else variant.norms)]
        if len(word_keys) == 1 and by != "stem":
            spans = list(index.get(word_keys[0][0], ()))
        else:
            occurrences = [
                {p for key in keys for p in single_positions(index.get(key, ()))}
                for keys in word_keys
            ]
            spans = find_sequences(occurrences, concept.any_order, words.sentences)
        for first, end in spans:
            text = words.text[words.starts[first] : words.ends[end - 1]]
            if variant.uppercase and not text.isupper():
                continue
            found.append(Mention(first, end, kind, None, variant))
    return found
