"""Match kind "alias": one of the concept's aliases, or a synonym from the shared lexicon."""

from __future__ import annotations

from service.scoring.compiled import ALIAS, SYNONYM, CompiledConcept
from service.scoring.matchers.common import AnswerContext, Mention, find_in_index
from service.scoring.words import LEMMA

KIND = "alias"
SOURCES = (ALIAS, SYNONYM)


def find(concept: CompiledConcept, ctx: AnswerContext) -> list[Mention]:
    """Mentions of an alias or lexicon synonym, compared by lemma."""
    return find_in_index(concept, ctx, SOURCES, LEMMA, KIND)
