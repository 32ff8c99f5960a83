"""Match kind "abbreviation": a lexicon abbreviation of the concept ("SR" for schema registry).

Abbreviations of one or two letters count only when written in capitals.
"""

from __future__ import annotations

from service.scoring.compiled import CompiledConcept
from service.scoring.lexicon import ABBREVIATION
from service.scoring.matchers.common import AnswerContext, Mention, find_in_index
from service.scoring.words import LEMMA

KIND = "abbreviation"
SOURCES = (ABBREVIATION,)


def find(concept: CompiledConcept, ctx: AnswerContext) -> list[Mention]:
    """Mentions of a lexicon abbreviation of the concept, compared by lemma ("UDFs" = "UDF")."""
    return find_in_index(concept, ctx, SOURCES, LEMMA, KIND)
