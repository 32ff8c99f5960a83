"""From a matcher's mention to evidence: the character span, with the negation that applies and,
for an idea match, the words that carried it."""

from __future__ import annotations

from service.scoring.breakdown import Evidence
from service.scoring.matchers.common import Mention, trigger_of
from service.scoring.words import Words


def to_evidence(term: str, mention: Mention, words: Words, scopes: list[int]) -> Evidence:
    """Evidence for a mention; a concept stated as a negation includes its trigger in the span.

    Built with ordinary validation, which pydantic-core runs faster than `model_construct`.
    """
    trigger = trigger_of(mention, scopes)
    start, end = words.starts[mention.first], words.ends[mention.end - 1]
    negated_by = None
    if trigger >= 0:
        negated_by = words.text[words.starts[trigger] : words.ends[trigger]]
        if mention.variant.negative:
            start, end = min(start, words.starts[trigger]), max(end, words.ends[trigger])
    idea = {}
    if mention.carriers:
        carriers = [words.text[words.starts[p] : words.ends[p]] for p in mention.carriers]
        idea = {"words": carriers, "pattern": mention.variant.text}
    return Evidence(
        concept=term,
        start=start,
        end=end,
        text=words.text[start:end],
        kind=mention.kind,
        similarity=mention.similarity,
        negated_by=negated_by,
        **idea,
    )
