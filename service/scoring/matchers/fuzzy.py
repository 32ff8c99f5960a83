"""Match kind "fuzzy": a typo of a concept word ("watermarkng", "partiton"), via rapidfuzz.

Guards against false hits: only answer words of five or more characters that are not English words
(per the lemma table) are taken for typos, they must start with the same letter as the rubric word,
the edit distance allowed grows with the word's length (1 up to 7 letters, 2 up to 12, then 3),
and a rubric word plus a derivational suffix ("optimizer" for "optimize") is not a typo. So "UDF"
never matches "UDT" and "data" never matches "Delta".
"""

from __future__ import annotations

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from service.scoring.compiled import ALIAS, FUZZY_MIN_LENGTH, SYNONYM, TERM, CompiledConcept
from service.scoring.matchers.common import (
    AnswerContext,
    Mention,
    find_sequences,
    single_positions,
)
from service.scoring.nlp import english_vocabulary
from service.scoring.words import LEMMA, NORM, Span

KIND = "fuzzy"
# A rubric word plus one of these is another form of it ("optimizer" of "optimize"), not a typo.
DERIVATION_SUFFIXES = frozenset(
    [
        "r", "er", "or", "s", "es", "d", "ed", "ly", "al", "ic", "ion", "ive"
    ]
)
SOURCES = (TERM, ALIAS, SYNONYM)
TYPO_CACHE_LIMIT = 50_000  # unknown answer words remembered per rubric

TypoTable = dict[str, dict[Span, float]]  # rubric word -> answer spans with their similarity


def max_edits(length: int) -> int:
    """Edits allowed between a word of `length` characters and a typo of it."""
    if length < FUZZY_MIN_LENGTH:
        return 0
    return 1 if length <= 7 else 2 if length <= 12 else 3


def _typos_of(norm: str, rubric_words: tuple[str, ...]) -> tuple[tuple[str, float], ...]:
    """The rubric words `norm` is a typo of, each with its similarity (0-100)."""
    found = []
    matches = process.extract(
        norm, rubric_words, scorer=Levenshtein.distance, score_cutoff=max_edits(len(norm)),
        limit=None,
    )
    for word, distance, _ in matches:
        if distance == 0 or word[0] != norm[0] or distance > max_edits(len(word)):
            continue
        if norm.startswith(word) and norm[len(word) :] in DERIVATION_SUFFIXES:
            continue
        found.append((word, round(Levenshtein.normalized_similarity(norm, word) * 100, 1)))
    return tuple(found)


def typo_table(ctx: AnswerContext) -> TypoTable:
    """Which answer words look like typos of which rubric words (computed once per answer; the
    typos of a word are remembered per rubric)."""
    table = ctx.memo.get("typos")
    if table is not None:
        return table
    vocabulary = english_vocabulary()
    rubric = ctx.rubric
    known = rubric.typos_of
    if len(known) > TYPO_CACHE_LIMIT:
        known.clear()
    table = {}
    for norm, spans in ctx.words.index(NORM).items():
        if len(norm) < FUZZY_MIN_LENGTH or norm in vocabulary:
            continue
        typos = known.get(norm)
        if typos is None:
            typos = known[norm] = _typos_of(norm, rubric.fuzzy_vocabulary)
        for word, similarity in typos:
            for span in spans:
                table.setdefault(word, {})[span] = similarity
    ctx.memo["typos"] = table
    return table


def find(concept: CompiledConcept, ctx: AnswerContext) -> list[Mention]:
    """Mentions of the term or an alias with at least one word written with a typo."""
    typos = typo_table(ctx)
    if not typos:
        return []
    words = ctx.words
    norm_index, lemma_index = words.index(NORM), words.index(LEMMA)
    found = []
    for source in SOURCES:
        for variant in concept.by_source.get(source, ()):
            if not any(norm in typos for norm in variant.typo_words):
                continue
            if len(variant.norms) == 1:
                for (first, end), similarity in typos[variant.norms[0]].items():
                    found.append(Mention(first, end, KIND, similarity, variant))
                continue
            fuzzy = [
                {s: sim for (s, e), sim in typos.get(norm, {}).items() if e == s + 1}
                for norm in variant.norms
            ]
            occurrences = [
                single_positions(norm_index.get(norm, ()))
                | single_positions(lemma_index.get(lemma, ()))
                | set(typo)
                for norm, lemma, typo in zip(variant.norms, variant.lemmas, fuzzy, strict=True)
            ]
            for first, end in find_sequences(occurrences, concept.any_order, words.sentences):
                scores = [t[p] for p in range(first, end) for t in fuzzy if p in t]
                if scores:
                    found.append(Mention(first, end, KIND, min(scores), variant))
    return found
