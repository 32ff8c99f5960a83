"""The shared domain lexicon (lexicon.yaml): synonyms and abbreviations valid for every rubric."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import NamedTuple

from service.scoring.words import analyse_phrase
from service.yamltext import load_yaml

ABBREVIATION, SYNONYM = "abbreviation", "synonym"


class Form(NamedTuple):
    """One way of writing a lexicon entry."""

    text: str
    kind: str  # ABBREVIATION or SYNONYM (the entry's term counts as a synonym)


def phrase_key(text: str) -> str:
    """The key two phrases share when they say the same words: their lemmas, space-joined."""
    return " ".join(analyse_phrase(text).lemmas)


Entry = tuple[tuple[str, Form], ...]  # the forms of one lexicon entry, each with its phrase key


@cache
def _entries_by_key() -> dict[str, list[Entry]]:
    raw = load_yaml(files("service.scoring").joinpath("lexicon.yaml").read_text("utf-8"))
    index: dict[str, list[Entry]] = {}
    for item in raw:
        forms = (
            Form(item["term"], SYNONYM),
            *(Form(text, SYNONYM) for text in item.get("synonyms", [])),
            *(Form(text, ABBREVIATION) for text in item.get("abbreviations", [])),
        )
        entry = tuple((phrase_key(form.text), form) for form in forms)
        for key in dict.fromkeys(key for key, _ in entry):
            index.setdefault(key, []).append(entry)
    return index


def equivalents(text: str) -> list[Form]:
    """The other forms of every lexicon entry one of whose forms says the same as `text`."""
    key = phrase_key(text)
    found: list[Form] = []
    for entry in _entries_by_key().get(key, []):
        found += [form for other, form in entry if other != key and form not in found]
    return found


@cache
def known_phrases() -> frozenset[tuple[str, ...]]:
    """The lemma sequences of every multi-word form in the lexicon ("schema registry")."""
    return frozenset(tuple(key.split()) for key in _entries_by_key() if " " in key)
