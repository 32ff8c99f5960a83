"""Match kinds, each a small module with a `KIND` name and a `find(concept, ctx)` function.

The engine tries them in `ORDER`; a mention an earlier kind found is not reported again.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from service.scoring.compiled import CompiledConcept
from service.scoring.matchers import abbreviation, alias, exact, fuzzy, lemma, stem
from service.scoring.matchers.common import AnswerContext, Mention

MATCHERS: dict[str, ModuleType] = {
    m.KIND: m for m in (exact, lemma, alias, abbreviation, stem, fuzzy)
}
ORDER: tuple[str, ...] = ("exact", "lemma", "alias", "abbreviation", "stem", "fuzzy")

Finder = Callable[[CompiledConcept, AnswerContext], list[Mention]]


def matcher(kind: str) -> Finder:
    """The `find` function of the match kind named `kind`."""
    return MATCHERS[kind].find


def find_mentions(
    concept: CompiledConcept, ctx: AnswerContext, kinds: tuple[str, ...] = ORDER
) -> list[Mention]:
    """Mentions of `concept` by the given kinds in order, without overlaps, sorted by position."""
    taken: list[Mention] = []
    for kind in kinds:
        for mention in matcher(kind)(concept, ctx):
            if not any(mention.first < m.end and m.first < mention.end for m in taken):
                taken.append(mention)
    return sorted(taken, key=lambda m: (m.first, m.end))
