"""Idea patterns compiled for matching: the slots of a concept's `ideas`, each slot as the lemma
sequences that fill it, one-word alternatives widened by their WordNet synonyms and derivations
("connect" also as "link", "connection")."""

from __future__ import annotations

import re
from typing import NamedTuple

from service.content.models import idea_slots
from service.scoring.nlp import FUNCTION_WORDS
from service.scoring.wordnet import related
from service.scoring.words import analyse_phrase

Slot = tuple[tuple[str, ...], ...]  # the lemma sequences any of which fills the slot


NEGATIONS = frozenset(["not", "no", "never", "cannot", "nothing", "without"])


class CompiledIdea(NamedTuple):
    """One idea pattern: its text, its slots, and whether it is an idea stated as a negation
    (its first slot is only negation words, "not|cannot + optimize + planner": the other slots
    must then be said under a negation)."""

    text: str
    slots: tuple[Slot, ...]
    negative: bool


def widened(lemma: str) -> tuple[str, ...]:
    """The lemma with those of its WordNet synonyms and derivations that carry content."""
    found = related(lemma)
    if found is None:
        return (lemma,)
    others = (w for w in (*found.synonyms, *found.derivations) if w not in FUNCTION_WORDS)
    return tuple(dict.fromkeys((lemma, *others)))


def compile_slot(alternatives: list[str]) -> Slot:
    """The lemma sequences of a slot's alternatives, a one-word one widened (see `widened`)."""
    found: dict[tuple[str, ...], None] = {}
    for alternative in alternatives:
        lemmas = tuple(analyse_phrase(alternative).lemmas)
        if len(lemmas) == 1:
            found.update(((word,), None) for word in widened(lemmas[0]))
        elif lemmas:
            found[lemmas] = None
    return tuple(found)


MIN_SLOTS = 2  # slots a rubric's idea pattern needs besides a negation slot


def idea_problem(idea: CompiledIdea) -> str | None:
    """What is wrong with a rubric's idea pattern, or None: it needs `MIN_SLOTS` slots, each
    with a content word, or is a single word (matched by its WordNet synonyms and derivations)."""
    empty = [
        "|".join(given)
        for given, slot in zip(idea_slots(idea.text)[idea.negative :], idea.slots, strict=True)
        if all(lemma in FUNCTION_WORDS for lemmas in slot for lemma in lemmas)
    ]
    if empty:
        return f"idea '{idea.text}': slot '{empty[0]}' has no content word"
    one_word = re.fullmatch(r"\s*[^\s|+]+\s*", idea.text) is not None
    if len(idea.slots) < MIN_SLOTS and not one_word:
        return f"idea '{idea.text}' needs at least {MIN_SLOTS} slots ('a|b + c|d'), or one word"
    return None


def compile_idea(pattern: str) -> CompiledIdea:
    """An idea pattern ready for the `idea` matcher."""
    given = idea_slots(pattern)
    negative = len(given) > 1 and all(
        alternative.casefold() in NEGATIONS for alternative in given[0]
    )
    slots = tuple(compile_slot(alternatives) for alternatives in given[negative:])
    return CompiledIdea(pattern, slots, negative)
