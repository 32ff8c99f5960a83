"""draft_rubric: a first rubric from model answers, for interviewers and for evaluation.

The key content of the model answers becomes the concepts: their content words (by lemma) that
the question does not already contain, each with the polarity it has in the model answer ("not
connected" when the answer says "is not connected"), weighted by rarity: inverse document
frequency over `corpus` when given (words every answer uses count little), else equal.

One criterion holds them. Within each model answer the weights are shares that sum to 1, and a
concept takes its largest share over the model answers; `min_concepts` is the fewest concepts
whose weights reach 1. So any one complete model answer earns (about) full points, and an answer
combining parts of several model answers earns their shares.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from service.content.models import Concept, Criterion, Misconception, Rubric
from service.scoring.antonyms import antonyms
from service.scoring.negation import negation_scopes
from service.scoring.nlp import FUNCTION_WORDS
from service.scoring.words import analyse

MAX_CONCEPTS = 40
CONTRADICTION_FACTOR = 0.5
COVERAGE = 1.0
NEG_CONTRA = False
PAIRS = False
REL_FACTOR = 0.5
IDF_POWER = 0.5
NEEDED_RULE = "reach"
PAIR_FACTOR = 1.0
QUESTION_WORD_FACTOR = 0.25  # the weight of a key word the question already contains


def _content_lemmas(text: str) -> set[str]:
    return {lemma for lemma in analyse(text).lemmas if lemma not in FUNCTION_WORDS}


def document_frequencies(corpus: Iterable[str]) -> tuple[int, Counter[str]]:
    """How many corpus documents there are and how many contain each content lemma."""
    frequencies: Counter[str] = Counter()
    documents = 0
    for text in corpus:
        documents += 1
        frequencies.update(_content_lemmas(text))
    return documents, frequencies


Key = tuple[tuple[str, ...], bool]  # lemmas and whether the model answer negates them


def _key_words(reference: str) -> dict[Key, str]:
    """Key -> term for each content word (and pair of neighbouring ones) of one model answer.

    In a negation scope only the first content word is taken, as "not <word>": "there is no
    damaged bulb" gives "not damaged", not also "not bulb".
    """
    words = analyse(reference)
    scopes = negation_scopes(words)
    found: dict[Key, str] = {}
    negated_scopes: set[int] = set()
    previous: tuple[str, str, bool, int] | None = None
    for i, (norm, lemma) in enumerate(zip(words.norms, words.lemmas, strict=True)):
        if lemma in FUNCTION_WORDS or norm in FUNCTION_WORDS:
            continue
        if len(norm) < 2 and not norm.isdigit():
            continue
        negated = scopes[i] >= 0
        if negated:
            if scopes[i] in negated_scopes:
                continue
            negated_scopes.add(scopes[i])
        prefix = "not " if negated else ""
        found.setdefault(((lemma,), negated), prefix + norm)
        if PAIRS and previous is not None and previous[2] == negated and i - previous[3] <= 2 and words.sentences[i] == words.sentences[previous[3]]:
            found.setdefault(((previous[1], lemma), negated), f"{prefix}{previous[0]} {norm}")
        previous = (norm, lemma, negated, i)
    return found


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "x"


def _contradictions(
    terms: dict[Key, str], weights: dict[Key, float], excluded: set[str]
) -> list[Misconception]:
    """Misconceptions for stating the opposite of a model answer's key word.

    "not X" contradicts a key word X no model answer negates; a plain X contradicts "not X" when
    no model answer says X; an antonym of X ("lower" for "higher") contradicts X unless a model
    answer or the question uses it. Each deducts what the key word is worth, times a factor.
    """
    said = {key[0][0] for key in terms if len(key[0]) == 1}
    plain = {key[0][0] for key in terms if len(key[0]) == 1 and not key[1]}
    negated = {key[0][0] for key in terms if len(key[0]) == 1 and key[1]}
    found: dict[str, Misconception] = {}
    for key, term in terms.items():
        if len(key[0]) != 1 or key[0][0] in excluded:
            continue
        lemma, word = key[0][0], term.removeprefix("not ")
        opposites = []
        if NEG_CONTRA and key[1] and lemma not in plain:
            opposites.append(word)
        elif not key[1]:
            if NEG_CONTRA and lemma not in negated:
                opposites.append(f"not {word}")
            opposites += [a for a in antonyms().get(lemma, ()) if a not in said | excluded]
        deduction = round(weights[key] * 100 * CONTRADICTION_FACTOR, 4)
        for opposite in opposites:
            found.setdefault(
                _slug(f"contradicts {term} {opposite}"),
                Misconception(
                    id=_slug(f"contradicts {term} {opposite}"),
                    statement=f"Says '{opposite}' where the model answer says '{term}'.",
                    signals=[[opposite]],
                    deduction=deduction,
                    feedback="Part of the answer contradicts the expected explanation.",
                ),
            )
    return list(found.values())


def _relational(per_answer, terms, weights) -> list[Misconception]:
    plain_sets = [{k[0][0] for k in keys if len(k[0]) == 1 and not k[1]} for keys in per_answer]
    found = {}
    for keys, plain in zip(per_answer, plain_sets):
        for kx in keys:
            if len(kx[0]) != 1 or kx[1]:
                continue
            x = kx[0][0]
            for y in plain - {x}:
                for a in antonyms().get(y, ()):
                    if any(x in p and a in p for p in plain_sets):
                        continue
                    mid = _slug(f"contradicts {terms[kx]} with {a}")
                    found.setdefault(mid, Misconception(
                        id=mid, statement=f"Says '{terms[kx]}' with '{a}' where the model answer has '{y}'.",
                        signals=[[terms[kx]], [a]], deduction=round(weights[kx] * 100 * REL_FACTOR, 4),
                        feedback="Part of the answer contradicts the expected explanation."))
    return list(found.values())


def draft_rubric(
    question: str,
    reference_answers: Sequence[str],
    corpus: Iterable[str] | None = None,
    *,
    rubric_id: str = "drafted",
    pass_score: float = 50.0,
) -> Rubric:
    """A rubric whose concepts are the key content words of the model answers."""
    question_words = _content_lemmas(question)
    per_answer = [_key_words(text) for text in reference_answers]
    documents, frequencies = document_frequencies(corpus) if corpus is not None else (0, Counter())

    def rarity(key: Key) -> float:
        value = 0.0
        for lemma in key[0]:
            idf = (math.log((1 + documents) / (1 + frequencies[lemma])) + 1) ** IDF_POWER if documents else 1.0
            minor = lemma in question_words or lemma[0].isdigit()
            value += idf * QUESTION_WORD_FACTOR if minor else idf
        return value * (PAIR_FACTOR if len(key[0]) > 1 else 1)

    terms: dict[Key, str] = {}
    weights: dict[Key, float] = {}
    for keys in per_answer:
        total = sum(rarity(key) for key in keys)
        for key, term in keys.items():
            terms.setdefault(key, term)
            weights[key] = max(weights.get(key, 0.0), round(rarity(key) / total, 4))
    ranked = sorted(weights, key=lambda key: (-weights[key], terms[key]))[:MAX_CONCEPTS]
    concepts = [
        Concept(term=terms[key], weight=weights[key], any_order=len(key[0]) > 1) for key in ranked
    ]
    reference = "\n".join(reference_answers)
    if not concepts:  # the model answers only repeat the question
        concepts = [Concept(term=reference)]
    totals = [sum(c.weight for c in concepts[:k]) for k in range(1, len(concepts) + 1)]
    if NEEDED_RULE == "closest":
        needed = 1 + min(range(len(totals)), key=lambda k: (abs(totals[k] - COVERAGE), k))
    else:
        needed = next((k + 1 for k, t in enumerate(totals) if t >= COVERAGE - 1e-9), len(totals))
    criterion = Criterion(
        id="key-content",
        title="Key content of the model answer",
        points=100,
        concepts=concepts,
        min_concepts=needed if needed != len(concepts) else None,
        feedback="Explain the key points the question asks for, in your own words.",
        expected=reference,
    )
    misconceptions = (
        _contradictions(terms, weights, question_words) if CONTRADICTION_FACTOR > 0 else []
    )
    if REL_FACTOR > 0:
        misconceptions += _relational(per_answer, terms, weights)
    return Rubric(
        id=rubric_id,
        reference_answer=reference,
        pass_score=pass_score,
        criteria=[criterion],
        misconceptions=misconceptions,
    )
