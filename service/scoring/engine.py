"""score_answer: a rubric and an answer in, an explainable breakdown out.

Scoring semantics:
- A concept is matched when some mention of it (exact, lemma, alias, abbreviation, fuzzy, or
  idea: one of its idea patterns, the concept said in other words) has
  the concept's polarity (plain, or negated for a concept stated as a negation such as "no data
  loss"), has its `near` context when the rubric asks for one, and is not inside text copied
  from the question. Negated mentions ("I would not use a Python UDF") earn nothing.
- A concept found only by an idea pattern adds 0.7 of its weight (`idea.CREDIT`), a named one its
  full weight.
- A criterion earns points * min(1, matched weight / needed weight), where the needed weight is
  the sum of its `min_concepts` largest concept weights (all concepts by default); a criterion
  with `answer_sets` (alternative complete answers) earns points * the largest share of one set's
  weight matched, so the words of different answers do not add up. A missing
  `required` concept caps the criterion at half its points.
- A plain concept negated inside a purpose clause ("so we don't get training/serving skew", "to
  avoid a shuffle", "in order not to overload the db") is matched: naming a risk in order to
  avoid it shows the candidate knows it. A negated choice verb there ("so we don't use Spark",
  "to avoid adding Redis") is a decision against the tool and stays negated, as does any
  misconception mention.
- Misconceptions stated (and not negated) deduct their `deduction` points from the total earned,
  which never drops below 0.
- score = 100 * earned / possible, rounded to 2 decimals; an answer that is mostly a list of terms
  (keyword stuffing) or too short is capped at half the pass score, so it never passes, and
  `capped` says why. passed = score >= pass_score.
The result is deterministic: the same rubric and answer give the same breakdown, byte for byte.
"""

from __future__ import annotations

from dataclasses import replace

from service.content.models import Rubric
from service.scoring.breakdown import (
    Breakdown,
    CriterionResult,
    Evidence,
    Flags,
    MisconceptionHit,
)
from service.scoring.compiled import CompiledCriterion, compile_rubric
from service.scoring.evidence import to_evidence
from service.scoring.flags import (
    cap_reason,
    copied_positions,
    copied_question,
    keyword_stuffing,
    too_short,
)
from service.scoring.matchers import credit, find_mentions
from service.scoring.matchers.common import AnswerContext, agrees
from service.scoring.misconceptions import find_misconception
from service.scoring.negation import negation_scopes, purpose_triggers
from service.scoring.words import analyse

ENGINE_VERSION = "1.3.0"


def _completeness(compiled: CompiledCriterion, shares: list[float]) -> float:
    """0-1: the matched weight over the needed weight, or the best share of one answer set."""
    weights = [concept.weight for concept in compiled.concepts]
    if not compiled.answer_sets:
        matched = sum((w * share for w, share in zip(weights, shares, strict=True)), 0.0)
        return min(1.0, matched / compiled.needed)
    return max(
        sum((weights[i] * shares[i] for i in indexes), 0.0)
        / sum((weights[i] for i in indexes), 0.0)
        for indexes in compiled.answer_sets
    )


def _score_criterion(
    compiled: CompiledCriterion, ctx: AnswerContext, misconceptions: list[str]
) -> tuple[CriterionResult, list[list[int]]]:
    """The criterion's result and, per matched concept, the first words of its mentions."""
    words = ctx.words
    matched: list[Evidence] = []
    negated: list[Evidence] = []
    missing: list[str] = []
    shares: list[float] = []  # per concept, the share of its weight it earned
    required_missing = False
    found: list[list[int]] = []
    for concept in compiled.concepts:
        hits = []
        share = 0.0
        for mention in find_mentions(concept, ctx):
            evidence = to_evidence(concept.term, mention, words, ctx.scopes)
            if agrees(mention, ctx):
                matched.append(evidence)
                hits.append(mention.first)
                share = max(share, credit(mention))
            else:
                negated.append(evidence)
        shares.append(share)
        if hits:
            found.append(hits)
        else:
            missing.append(concept.term)
            required_missing = required_missing or concept.required
    criterion = compiled.criterion
    earned = criterion.points * _completeness(compiled, shares)
    if required_missing:
        earned = min(earned, criterion.points / 2)
    result = CriterionResult(
        id=criterion.id,
        title=criterion.title,
        points_earned=round(earned, 4),
        points_possible=criterion.points,
        matched=matched,
        missing=missing,
        negated=negated,
        misconceptions=misconceptions,
        feedback=criterion.feedback,
        expected=criterion.expected,
    )
    return result, found


def score_answer(rubric: Rubric, answer: str, question: str | None = None) -> Breakdown:
    """Score `answer` against `rubric`; `question` (the prompt) enables copied-text detection."""
    compiled = compile_rubric(rubric)
    words = analyse(answer)
    copied = copied_positions(words, question)
    scopes = negation_scopes(words)
    ctx = AnswerContext(words, compiled, scopes, copied)
    hits: list[MisconceptionHit] = []
    owners: dict[str, list[str]] = {}
    for item in compiled.misconceptions:
        hit = find_misconception(item, ctx)
        if hit is not None:
            hits.append(hit)
            if not hit.negated and item.criterion_id is not None:
                owners.setdefault(item.criterion_id, []).append(hit.id)
    results: list[CriterionResult] = []
    concept_mentions: list[list[int]] = []
    ctx = replace(ctx, aware=purpose_triggers(words, scopes))  # the typo memo is shared
    for criterion in compiled.criteria:
        owned = owners.get(criterion.criterion.id, [])
        result, found = _score_criterion(criterion, ctx, owned)
        results.append(result)
        concept_mentions += found
    # float starts: compiled, a sum keeps the type of its start
    possible = sum((r.points_possible for r in results), 0.0)
    earned = max(0.0, sum((r.points_earned for r in results), 0.0)
                 - sum((h.deduction for h in hits), 0.0))
    score = round(100 * earned / possible, 2) if possible else 0.0
    flags = Flags(
        too_short=too_short(len(words), compiled.min_words),
        keyword_stuffing=keyword_stuffing(words, concept_mentions),
        copied_question=copied_question(copied),
    )
    cap = cap_reason(flags, len(words), compiled.min_words)
    if cap is not None:
        score = min(score, round(rubric.pass_score / 2, 2))
    return Breakdown(
        score=score,
        passed=score >= rubric.pass_score,
        pass_score=rubric.pass_score,
        criteria=results,
        misconceptions=hits,
        flags=flags,
        capped=cap,
        word_count=len(words),
        engine_version=ENGINE_VERSION,
    )
