"""Related words from Open English WordNet (wordnet.tsv.gz, CC BY 4.0; see its header and
scripts/derive_wordnet_table.py): synonyms and derivations of one-word lemmas, used to find an
idea said in other words ("refuse" for "reject", "connection" for "connected")."""

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
def related_table() -> dict[str, Related]:
    """Lemma -> its related words, read once."""
    table: dict[str, Related] = {}
    with gzip.open(TABLE_PATH, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            word, *columns = line.rstrip("\n").split("\t")
            table[word] = Related(*(tuple(column.split()) for column in columns))
    return table
