"""General English antonyms (antonyms.yaml), by lemma, used to draft contradiction checks."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from service.scoring.nlp import lemmatize
from service.yamltext import load_yaml


@cache
def antonyms() -> dict[str, tuple[str, ...]]:
    """Lemma -> the lemmas of its antonyms, read once from the package's antonyms.yaml."""
    pairs = load_yaml(files("service.scoring").joinpath("antonyms.yaml").read_text("utf-8"))
    found: dict[str, list[str]] = {}
    for first, second in pairs:
        a, b = lemmatize(str(first).casefold()), lemmatize(str(second).casefold())
        found.setdefault(a, []).append(b)
        found.setdefault(b, []).append(a)
    return {lemma: tuple(dict.fromkeys(others)) for lemma, others in found.items()}
