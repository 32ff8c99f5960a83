"""From a matcher's mention to evidence: its polarity, its context, its character span."""

from __future__ import annotations

from service.scoring.breakdown import Evidence
from service.scoring.matchers.common import Mention
from service.scoring.words import Words

NEAR_WINDOW = 8  # words either side in which a concept's `near` context must appear


def trigger_of(mention: Mention, scopes: list[int]) -> int:
    """Position of the negation trigger over the mention, or -1 when it is not negated."""
    for position in range(mention.first, mention.end):
        if scopes[position] >= 0:
            return scopes[position]
    return -1


def agrees(mention: Mention, scopes: list[int]) -> bool:
    """True when the mention has the concept's polarity: plain for "X", negated for "no X"."""
    return (trigger_of(mention, scopes) >= 0) == mention.variant.negative


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


def to_evidence(term: str, mention: Mention, words: Words, scopes: list[int]) -> Evidence:
    """Evidence for a mention; a concept stated as a negation includes its trigger in the span."""
    trigger = trigger_of(mention, scopes)
    start, end = words.starts[mention.first], words.ends[mention.end - 1]
    negated_by = None
    if trigger >= 0:
        negated_by = words.text[words.starts[trigger] : words.ends[trigger]]
        if mention.variant.negative:
            start, end = min(start, words.starts[trigger]), max(end, words.ends[trigger])
    return Evidence(
        concept=term,
        start=start,
        end=end,
        text=words.text[start:end],
        kind=mention.kind,
        similarity=mention.similarity,
        negated_by=negated_by,
    )
