"""Match kind "stem": the term or an alias in a derived form ("difference" for "different",
"electricity" for "electrical"), via shared derivational stems."""

from __future__ import annotations

from service.scoring.compiled import ALIAS, SYNONYM, TERM, CompiledConcept
from service.scoring.matchers.common import AnswerContext, Mention, find_in_index

KIND = "stem"


def find(concept: CompiledConcept, ctx: AnswerContext) -> list[Mention]:
    """Mentions whose words share a derivational stem with the term's or an alias's words."""
    return find_in_index(concept, ctx, {TERM, ALIAS, SYNONYM}, by="stem", kind=KIND)
