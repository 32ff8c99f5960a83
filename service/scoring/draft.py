"""draft_rubric: a first rubric from model answers, for interviewers and for evaluation.

Concepts are the key content of the model answers: their content words, and the domain phrases
of the shared lexicon ("schema registry") as one concept each. A word inside a negation keeps its
polarity: "is not connected" gives the concept "not connected" (only the first content word of a
negation scope is taken). Words and numbers the question already contains stay, at a quarter of
their weight: the answer must still say them, but they earn little.

Weights come from rarity: the square root of inverse document frequency over `corpus` when one
is given, so words every answer uses count little. Within each model answer the weights are
shares that sum to 1, and a concept takes its largest share over the model answers; one
criterion holds all concepts, with one answer set per model answer (its concepts). So one
complete model answer earns full points, whichever it is, and the words of different model
answers do not add up.

Each plain one-word concept also gets itself as an idea pattern, which the `idea` matcher widens
by its WordNet synonyms and derivations: "connection" earns part of "connected". An answer shorter
than 30 % of the shortest model answer is too short (`min_words`).

Misconceptions are drafted for contradictions: a model answer's key word (one the question does
not contain) stated, in one sentence, with an antonym of another key word of the same answer
("connected" with "positive" where the model answer says "connected to the negative
terminal"), unless some model answer says that too. Each deducts half of what the key word is
worth.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from service.content.models import Concept, Criterion, Misconception, Rubric
from service.scoring.antonyms import antonyms
from service.scoring.flags import default_min_words
from service.scoring.lexicon import known_phrases
from service.scoring.negation import negation_scopes
from service.scoring.nlp import FUNCTION_WORDS
from service.scoring.words import Words, analyse, content_lemmas

MAX_CONCEPTS = 40
MIN_WEIGHT = 0.0001  # concept weights must be positive, also after rounding
MINOR_WORD_FACTOR = 0.25  # weight factor of words the question contains, and of numbers
CONTRADICTION_SHARE = 0.5  # share of a key word's worth a contradiction of it deducts
FEEDBACK = "Explain the key points the question asks for, in your own words."

Key = tuple[tuple[str, ...], bool]  # lemmas of a concept, and whether it is stated negated


@dataclass(frozen=True)
class DocumentFrequencies:
    """How many documents a corpus has, and how many of them contain each content lemma."""

    documents: int
    counts: Counter[str]

    @classmethod
    def of(cls, corpus: Iterable[str]) -> DocumentFrequencies:
        """Count over `corpus`; build it once and pass it to every `draft_rubric` call."""
        counts: Counter[str] = Counter()
        documents = 0
        for text in corpus:
            documents += 1
            counts.update(content_lemmas(text))
        return cls(documents, counts)

    def rarity(self, lemma: str) -> float:
        """sqrt(idf), 1 for a lemma in every document; 1 for every lemma of an empty corpus."""
        if not self.documents:
            return 1.0
        return math.sqrt(math.log((1 + self.documents) / (1 + self.counts[lemma])) + 1)


def _phrase_at(words: Words, i: int) -> int:
    """Length of the longest lexicon phrase starting at word i (0 when none)."""
    for size in range(min(6, len(words) - i), 1, -1):
        if tuple(words.lemmas[i : i + size]) in known_phrases():
            return size
    return 0


def _is_content(norm: str, lemma: str) -> bool:
    return lemma not in FUNCTION_WORDS and norm not in FUNCTION_WORDS and (
        len(norm) > 1 or norm.isdigit()
    )


def key_content(reference: str) -> dict[Key, str]:
    """Key -> concept term for the key content of one model answer, in order of appearance."""
    words = analyse(reference)
    scopes = negation_scopes(words)
    found: dict[Key, str] = {}
    negated_scopes: set[int] = set()
    i = 0
    while i < len(words):
        size = _phrase_at(words, i) or 1
        norm, lemma = words.norms[i], words.lemmas[i]
        if size == 1 and not _is_content(norm, lemma):
            i += 1
            continue
        negated = scopes[i] >= 0
        if not negated or scopes[i] not in negated_scopes:
            negated_scopes.add(scopes[i])
            text = reference[words.starts[i] : words.ends[i + size - 1]] if size > 1 else norm
            key = (tuple(words.lemmas[i : i + size]), negated)
            found.setdefault(key, f"not {text}" if negated else text)
        i += size
    return found


def _contradictions(
    per_answer: list[dict[Key, str]], weights: dict[Key, float], minor: set[Key]
) -> list[Misconception]:
    """Misconceptions for a key word said with the antonym of another key word of its answer."""
    plain_sets = [{k[0] for k in keys if not k[1]} for keys in per_answer]
    found: dict[str, Misconception] = {}
    for keys, plain in zip(per_answer, plain_sets, strict=True):
        for key, term in keys.items():
            if key[1] or key in minor:
                continue
            for other in sorted(plain - {key[0]}):
                for opposite in antonyms().get(other[0], ()) if len(other) == 1 else ():
                    if any(key[0] in p and (opposite,) in p for p in plain_sets):
                        continue
                    slug = re.sub(r"[^a-z0-9]+", "-", f"{term} with {opposite}".casefold())
                    slug = slug[:80].strip("-")
                    found.setdefault(
                        slug,
                        Misconception(
                            id=slug,
                            statement=f"Says '{term}' with '{opposite}'; the model answer "
                            f"has '{term}' with '{other[0]}'.",
                            signals=[[term], [opposite]],
                            deduction=round(100 * weights[key] * CONTRADICTION_SHARE, 4),
                            feedback="Part of the answer contradicts the expected explanation.",
                        ),
                    )
    return list(found.values())


def _ideas(key: Key, term: str) -> list[str]:
    """The idea pattern of a plain one-word concept: the word alone, which the `idea` matcher
    widens by its WordNet synonyms and derivations ("connection" for "connected")."""
    lemmas, negated = key
    return [term] if len(lemmas) == 1 and not negated and not lemmas[0].isdigit() else []


def draft_rubric(
    question: str,
    reference_answers: Sequence[str],
    corpus: Iterable[str] | DocumentFrequencies | None = None,
    *,
    rubric_id: str = "drafted",
    pass_score: float = 50.0,
) -> Rubric:
    """A rubric whose concepts are the key content of the model answers (see module doc).

    `corpus` (texts, or their `DocumentFrequencies`) is what rarity is counted over.
    """
    if not reference_answers:
        raise ValueError("draft_rubric needs at least one reference answer")
    question_words = content_lemmas(question)
    per_answer = [key_content(text) for text in reference_answers]
    if not isinstance(corpus, DocumentFrequencies):
        corpus = DocumentFrequencies.of(corpus or [])

    minor = {
        key
        for keys in per_answer
        for key in keys
        if all(w in question_words or w[0].isdigit() for w in key[0])
    }

    def rarity(key: Key) -> float:
        value = max(corpus.rarity(w) for w in key[0])
        return value * MINOR_WORD_FACTOR if key in minor else value

    terms: dict[Key, str] = {}
    weights: dict[Key, float] = {}
    for keys in per_answer:
        total = sum(rarity(key) for key in keys)
        for key, term in keys.items():
            terms.setdefault(key, term)
            share = max(round(rarity(key) / total, 4), MIN_WEIGHT)
            weights[key] = max(weights.get(key, 0.0), share)
    ranked = sorted(weights, key=lambda key: (-weights[key], terms[key]))[:MAX_CONCEPTS]
    concepts = [
        Concept(term=terms[key], weight=weights[key], ideas=_ideas(key, terms[key]))
        for key in ranked
    ]
    reference = "\n".join(reference_answers)
    if not concepts:  # the model answers have no content words at all
        concepts = [Concept(term=reference)]
    kept = {key: terms[key] for key in ranked}
    answer_sets = [[kept[key] for key in keys if key in kept] for keys in per_answer]
    criterion = Criterion(
        id="key-content",
        title="Key content of the model answer",
        points=100,
        concepts=concepts,
        answer_sets=[terms_of_set for terms_of_set in answer_sets if terms_of_set],
        feedback=FEEDBACK,
        expected=reference,
    )
    return Rubric(
        id=rubric_id,
        reference_answer=reference,
        pass_score=pass_score,
        min_words=default_min_words(min(len(analyse(text)) for text in reference_answers)),
        criteria=[criterion],
        misconceptions=_contradictions(per_answer, weights, minor),
    )
