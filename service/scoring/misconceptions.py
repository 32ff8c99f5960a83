"""Misconceptions: a wrong belief fires when every signal group has a phrase in one sentence.

A sentence where a signal phrase is negated ("UDFs are not faster") does not fire: such a hit is
reported as negated, without deduction.
"""

from __future__ import annotations

from service.scoring.breakdown import Evidence, MisconceptionHit
from service.scoring.compiled import CompiledMisconception
from service.scoring.evidence import to_evidence
from service.scoring.matchers import find_mentions
from service.scoring.matchers.common import AnswerContext, Mention, agrees


def _by_sentence(
    group_mentions: list[list[tuple[str, Mention]]], sentences: list[int]
) -> dict[int, list[list[tuple[str, Mention]]]]:
    """Sentence -> per group, its mentions in that sentence; only sentences where all groups
    have one."""
    shared = set.intersection(*({sentences[m.first] for _, m in ms} for ms in group_mentions))
    return {
        s: [[(t, m) for t, m in ms if sentences[m.first] == s] for ms in group_mentions]
        for s in sorted(shared)
    }


def find_misconception(item: CompiledMisconception, ctx: AnswerContext) -> MisconceptionHit | None:
    """The hit of one misconception in the answer, or None when it is not stated."""
    words = ctx.words
    scopes = ctx.scopes
    group_mentions = []
    for group in item.groups:
        found = [(phrase.term, m) for phrase in group for m in find_mentions(phrase, ctx)]
        if not found:
            return None
        group_mentions.append(found)
    candidates = _by_sentence(group_mentions, words.sentences)
    if not candidates:
        return None
    negated = True
    chosen = next(iter(candidates.values()))
    for groups in candidates.values():
        positive = [[(t, m) for t, m in ms if agrees(m, ctx)] for ms in groups]
        if all(positive):
            negated, chosen = False, positive
            break
    evidence: list[Evidence] = [to_evidence(*ms[0], words, scopes) for ms in chosen]
    misconception = item.misconception
    return MisconceptionHit(
        id=misconception.id,
        statement=misconception.statement,
        feedback=misconception.feedback,
        deduction=0.0 if negated else misconception.deduction,
        negated=negated,
        evidence=evidence,
    )
