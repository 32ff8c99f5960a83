"""Match kind "exact": the concept's own term, word for word after normalisation."""

from __future__ import annotations

from service.scoring.compiled import TERM, CompiledConcept
from service.scoring.matchers.common import AnswerContext, Mention, find_in_index
from service.scoring.words import NORM

KIND = "exact"
SOURCES = (TERM,)


def find(concept: CompiledConcept, ctx: AnswerContext) -> list[Mention]:
    """Mentions whose folded words equal the term's ("Schema-Registry" = "schema registry")."""
    return find_in_index(concept, ctx, SOURCES, NORM, KIND)
