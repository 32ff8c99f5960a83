"""Match kinds, each a small module with a `KIND` name, a `find(concept, ctx)` function and,
when a mention of that kind earns less than the concept's full weight, its `CREDIT` share.

`find_mentions` tries them in `ORDER` and stops after the first kind that found a mention with
the concept's polarity; a span an earlier kind found is not reported again, unless the later
mention has the concept's polarity and the earlier ones do not (a negated "overload" is the
concept's alias "avoid overloading").
"""

from __future__ import annotations

from types import ModuleType

from service.scoring.compiled import CompiledConcept
from service.scoring.matchers import abbreviation, alias, exact, fuzzy, idea, lemma
from service.scoring.matchers.common import AnswerContext, Mention, agrees, has_context
from service.scoring.words import LEMMA, NORM

ORDER: tuple[ModuleType, ...] = (exact, lemma, alias, abbreviation, fuzzy, idea)
CREDITS = {kind.KIND: getattr(kind, "CREDIT", 1.0) for kind in ORDER}


def credit(mention: Mention) -> float:
    """The share of its concept's weight a mention earns (1 for naming the concept)."""
    return CREDITS[mention.kind]


def _answer_keys(ctx: AnswerContext) -> set[str]:
    """Every folded form and lemma of the answer, joined tokens included (once per answer)."""
    keys = ctx.memo.get("keys")
    if keys is None:
        keys = ctx.memo["keys"] = ctx.words.index(NORM).keys() | ctx.words.index(LEMMA).keys()
    return keys


def could_match(concept: CompiledConcept, ctx: AnswerContext) -> bool:
    """False when no word of the answer can start a mention of the concept (a quick check)."""
    if not concept.first_words.isdisjoint(_answer_keys(ctx)):
        return True
    typos = fuzzy.typo_table(ctx)
    return bool(typos) and not concept.words.isdisjoint(typos)


def find_mentions(concept: CompiledConcept, ctx: AnswerContext) -> list[Mention]:
    """Mentions of `concept`, sorted by position: not overlapping, not in text copied from the
    question, and with the concept's `near` context when it has one."""
    if not could_match(concept, ctx):
        return []
    taken: list[Mention] = []
    for kind in ORDER:
        for mention in kind.find(concept, ctx):
            if any(ctx.copied[mention.first : mention.end]):
                continue
            if not has_context(mention, concept.near, ctx.words):
                continue
            overlapping = [m for m in taken if mention.first < m.end and m.first < mention.end]
            if not overlapping:
                taken.append(mention)
            elif agrees(mention, ctx) and not any(
                agrees(m, ctx) for m in overlapping
            ):  # "don't overload" says the alias "avoid overloading", not a negated "overload"
                taken = [m for m in taken if m not in overlapping] + [mention]
        if any(agrees(m, ctx) for m in taken):
            break
    return sorted(taken, key=lambda m: (m.first, m.end))
