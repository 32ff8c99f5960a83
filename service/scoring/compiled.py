"""A rubric prepared for matching: every concept as its variants (term, aliases, lexicon forms)
already tokenized, normalised and lemmatised, and its idea patterns as slots of lemmas. Compiled
once per rubric object and cached."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import NamedTuple

from service.content.models import Concept, Criterion, Misconception, Rubric
from service.scoring.antonyms import antonyms
from service.scoring.flags import default_min_words
from service.scoring.ideas import CompiledIdea, compile_idea
from service.scoring.lexicon import ABBREVIATION, equivalents
from service.scoring.negation import leading_trigger
from service.scoring.words import analyse, analyse_phrase, content_lemmas

TERM, ALIAS, SYNONYM = "term", "alias", "synonym"
FUZZY_MIN_LENGTH = 5
SHORT_WORD_LENGTH = 4  # a word this short (id, sk, dim, time) must be written exactly
_CACHE_SIZE = 64


class Variant(NamedTuple):
    """One way of saying a concept, as word keys."""

    text: str
    norms: tuple[str, ...]
    lemmas: tuple[str, ...]
    source: str  # TERM, ALIAS (the rubric's), SYNONYM or ABBREVIATION (the shared lexicon)
    negative: bool  # the phrase starts with a negation ("no data loss"): it needs a negated mention
    uppercase: bool  # a one- or two-letter abbreviation: must be written in capitals
    keys: tuple[tuple[str, ...], tuple[str, ...]]  # the word keys per index kind (NORM, LEMMA)
    typo_words: tuple[str, ...]  # the norms an answer word with a typo may stand for


def _variant(
    text: str, norms: tuple[str, ...], lemmas: tuple[str, ...], source: str, negative: bool,
    uppercase: bool, short_parts: bool = False,
) -> Variant:
    """A variant; `short_parts` marks a joined form ("restaurantid") of words some of which are
    short: a typo of it would stand for "restaurant_sk", so it is never matched with a typo."""
    typo_words = () if short_parts else tuple(n for n in norms if len(n) >= FUZZY_MIN_LENGTH)
    return Variant(text, norms, lemmas, source, negative, uppercase, (norms, lemmas), typo_words)


@dataclass(frozen=True, slots=True)
class CompiledConcept:
    """A concept (or a misconception signal phrase) ready for the matchers."""

    term: str
    variants: tuple[Variant, ...]
    by_source: dict[str, tuple[Variant, ...]]
    near: tuple[tuple[str, ...], ...]
    any_order: bool
    required: bool
    weight: float
    first_words: frozenset[str]  # folded forms and lemmas any mention must start with
    words: frozenset[str]  # the folded forms of its variants a typo may stand for
    ideas: tuple[CompiledIdea, ...] = ()


@dataclass(frozen=True, slots=True)
class CompiledCriterion:
    """A rubric criterion with its concepts compiled."""

    criterion: Criterion
    concepts: tuple[CompiledConcept, ...]
    needed: float  # the matched weight that earns full points
    answer_sets: tuple[tuple[int, ...], ...] = ()  # per alternative answer, its concepts' indexes


@dataclass(frozen=True, slots=True)
class CompiledMisconception:
    """A misconception with its signal phrases compiled, group by group."""

    misconception: Misconception
    groups: tuple[tuple[CompiledConcept, ...], ...]
    criterion_id: str | None  # the criterion it is reported under


@dataclass(frozen=True, slots=True)
class CompiledRubric:
    """A rubric ready for `score_answer`: compiled criteria and misconceptions."""

    rubric: Rubric
    criteria: tuple[CompiledCriterion, ...]
    misconceptions: tuple[CompiledMisconception, ...]
    fuzzy_vocabulary: tuple[str, ...]  # word keys long enough to be matched with a typo
    min_words: int  # fewer words than this: too short
    # answer word -> the vocabulary words it is a typo of, with similarity (filled by the fuzzy
    # matcher as answers come: the same unknown words recur across answers)
    typos_of: dict[str, tuple[tuple[str, float], ...]] = field(default_factory=dict)


def _variants(text: str, source: str) -> list[Variant]:
    words = analyse_phrase(text)
    norms, lemmas = words.norms, words.lemmas
    skip = leading_trigger(words)
    negative = skip > 0 and skip < len(norms)
    if negative:
        norms, lemmas = norms[skip:], lemmas[skip:]
    if not norms:
        return []
    letters = "".join(ch for ch in text if ch.isalnum())
    uppercase = source == ABBREVIATION and len(letters) <= 2 and letters.isupper()
    found = [_variant(text, tuple(norms), tuple(lemmas), source, negative, uppercase)]
    if len(norms) > 1:  # also the joined form: "schema registry" -> "schemaregistry"
        joined = ("".join(norms),), ("".join(lemmas),)
        short = any(len(norm) <= SHORT_WORD_LENGTH for norm in norms)
        found.append(_variant(text, *joined, source, negative, uppercase, short))
    return found


def _negated_antonyms(variant: Variant) -> list[Variant]:
    """A one-word variant said the other way round: "different" as "not the same", "not
    closed" as "open"."""
    if len(variant.lemmas) != 1 or variant.source not in (TERM, ALIAS):
        return []
    return [
        _variant(
            other if variant.negative else f"not {other}",
            (other,), (other,), SYNONYM, not variant.negative, False,
        )
        for other in antonyms().get(variant.lemmas[0], ())
    ]


def compile_phrase(concept: Concept | str, *, with_antonyms: bool = True) -> CompiledConcept:
    """A concept (or a bare phrase) with all its variants: its term, its aliases, the shared
    lexicon's forms of them, and (unless told not to) its negated antonyms."""
    if isinstance(concept, str):
        concept = Concept(term=concept)
    texts = [(concept.term, TERM)] + [(alias, ALIAS) for alias in concept.aliases]
    texts += [(form.text, form.kind) for text, _ in list(texts) for form in equivalents(text)]
    variants: dict[tuple[tuple[str, ...], bool], Variant] = {}
    for text, source in texts:
        for variant in _variants(text, source):
            antonyms_of = _negated_antonyms(variant) if with_antonyms else []
            for found in (variant, *antonyms_of):
                variants.setdefault((found.lemmas, found.negative), found)
    near = tuple(tuple(analyse_phrase(text).lemmas) for text in concept.near)
    by_source: dict[str, list[Variant]] = {}
    for variant in variants.values():
        by_source.setdefault(variant.source, []).append(variant)
    ideas = tuple(compile_idea(pattern) for pattern in concept.ideas)
    idea_words = {alternative[0] for idea in ideas for slot in idea.slots for alternative in slot}
    first_words = {w for v in variants.values() for w in (v.norms[0], v.lemmas[0])}
    return CompiledConcept(
        term=concept.term,
        variants=tuple(variants.values()),
        by_source={source: tuple(found) for source, found in by_source.items()},
        near=tuple(n for n in near if n),
        any_order=concept.any_order,
        required=concept.required,
        weight=concept.weight,
        first_words=frozenset(first_words | idea_words),
        words=frozenset(norm for v in variants.values() for norm in v.typo_words),
        ideas=ideas,
    )


def _criterion(criterion: Criterion) -> CompiledCriterion:
    concepts = tuple(compile_phrase(concept) for concept in criterion.concepts)
    weights = sorted((c.weight for c in concepts), reverse=True)
    needed = sum(weights[: criterion.min_concepts or len(weights)])
    index = {concept.term: i for i, concept in enumerate(criterion.concepts)}
    answer_sets = tuple(
        tuple(dict.fromkeys(index[term] for term in terms)) for terms in criterion.answer_sets
    )
    return CompiledCriterion(criterion, concepts, needed, answer_sets)


def _owner(misconception: Misconception, criteria: list[Criterion]) -> str | None:
    """The criterion sharing most content words with the misconception's signals."""
    signal_words = content_lemmas(*(p for group in misconception.signals for p in group))
    best, best_overlap = None, 0
    for criterion in criteria:
        texts = [t for c in criterion.concepts for t in (c.term, *c.aliases)]
        overlap = len(signal_words & content_lemmas(*texts))
        if overlap > best_overlap:
            best, best_overlap = criterion.id, overlap
    return best


def _misconception(
    misconception: Misconception, criteria: list[Criterion]
) -> CompiledMisconception:
    groups = tuple(
        tuple(compile_phrase(phrase, with_antonyms=False) for phrase in group)
        for group in misconception.signals
    )
    return CompiledMisconception(misconception, groups, _owner(misconception, criteria))


def _compile(rubric: Rubric) -> CompiledRubric:
    criteria = tuple(_criterion(c) for c in rubric.criteria)
    misconceptions = tuple(_misconception(m, rubric.criteria) for m in rubric.misconceptions)
    concepts = [c for cc in criteria for c in cc.concepts]
    concepts += [c for m in misconceptions for group in m.groups for c in group]
    vocabulary = {
        norm
        for concept in concepts
        for variant in concept.variants
        if variant.source != ABBREVIATION
        for norm in variant.typo_words
    }
    return CompiledRubric(
        rubric=rubric,
        criteria=criteria,
        misconceptions=misconceptions,
        fuzzy_vocabulary=tuple(sorted(vocabulary)),
        min_words=rubric.min_words or default_min_words(len(analyse(rubric.reference_answer))),
    )


_compiled: OrderedDict[int, CompiledRubric] = OrderedDict()
_lock = threading.Lock()


def compile_rubric(rubric: Rubric) -> CompiledRubric:
    """The compiled form of `rubric`, cached per rubric object (rubrics are frozen models)."""
    key = id(rubric)
    with _lock:
        found = _compiled.get(key)
        if found is not None and found.rubric is rubric:
            _compiled.move_to_end(key)
            return found
    compiled = _compile(rubric)
    with _lock:
        _compiled[key] = compiled
        if len(_compiled) > _CACHE_SIZE:
            _compiled.popitem(last=False)
    return compiled
