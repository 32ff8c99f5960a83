"""Match kind "lemma": the concept's term in another inflection ("deduplicated" = "deduplicate")."""

from __future__ import annotations

from service.scoring.compiled import TERM, CompiledConcept
from service.scoring.matchers.common import AnswerContext, Mention, find_in_index
from service.scoring.words import LEMMA

KIND = "lemma"
SOURCES = (TERM,)


def find(concept: CompiledConcept, ctx: AnswerContext) -> list[Mention]:
    """Mentions whose lemmas equal the term's lemmas."""
    return find_in_index(concept, ctx, SOURCES, LEMMA, KIND)
