"""Related words from Open English WordNet (wordnet.tsv.gz, CC BY 4.0; see its header and
scripts/derive_wordnet_table.py): synonyms and derivations of one-word lemmas, used to find an
idea said in other words ("refuse" for "decline", "connection" for "connected")."""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path
from typing import NamedTuple

TABLE_PATH = Path(__file__).with_name("wordnet.tsv.gz")


class Related(NamedTuple):
    """The words related to one lemma, per relation."""

    synonyms: tuple[str, ...]
    derivations: tuple[str, ...]


@cache
def _lines() -> dict[str, str]:
    """Lemma -> the rest of its line, read once; a line is parsed when its lemma is asked for."""
    with gzip.open(TABLE_PATH, "rt", encoding="utf-8") as lines:
        rows = (line.rstrip("\n").partition("\t") for line in lines if not line.startswith("#"))
        return {word: rest for word, _, rest in rows}


@cache
def related(lemma: str) -> Related | None:
    """The words related to `lemma`, or None when the table does not know it."""
    rest = _lines().get(lemma)
    if rest is None:
        return None
    synonyms, derivations = rest.split("\t")
    return Related(tuple(synonyms.split()), tuple(derivations.split()))
