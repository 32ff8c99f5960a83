"""Derive service/scoring/wordnet.tsv.gz from the Open English WordNet tables.

Usage: python scripts/derive_wordnet_table.py OEWN_DIR

OEWN_DIR holds `lemmas.tsv.gz` (lemma, pos, synset, rank) and `relations.tsv.gz` (source,
relation, target), the compact OEWN tables (Open English WordNet, https://en-word.net/,
CC BY 4.0). For every one-word lemma the English lemma table knows, the derived table keeps the
one-word lemmas that share its most frequent sense of each part of speech (synonyms) and the words
derived from those senses that share the word's stem (derivations: "connect" / "connection").
Rarer senses are left out: they bring false friends ("stop" / "break"). Only words
the lemma table knows are kept, so the table stays small and rare words do not match by
accident. Run it again when the OEWN tables or the lemma table change.
"""

from __future__ import annotations

import csv
import gzip
import sys
from collections import defaultdict
from pathlib import Path

from service.scoring.nlp import english_vocabulary
from service.scoring.wordnet import TABLE_PATH

MAX_RANK = 0  # only a word's most frequent sense (per part of speech) counts
MAX_RELATED = 12  # related words kept per relation, most frequent senses first
STEM = 3  # a derivation shares at least this many first letters with the word ("store" / "storage")
HEADER = (
    "# Derived from Open English WordNet (https://en-word.net/), CC BY 4.0, based on Princeton\n"
    "# WordNet 3.1 (c) 2011 Princeton University. Changed: only one-word lemmas known to the\n"
    "# project's lemma table, their most frequent sense, and the synonym and derivation\n"
    "# relations between them are kept. Made by scripts/derive_wordnet_table.py.\n"
    "# word\tsynonyms\tderivations\n"
)


def _rows(path: Path) -> list[list[str]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[1:]


def _shares_stem(one: str, other: str) -> bool:
    return one[:STEM] == other[:STEM]


def _distinct(words: list[str], word: str) -> list[str]:
    """`words` without repeats and without `word` itself, in order."""
    return [w for w in dict.fromkeys(words) if w != word]


def derive(oewn: Path) -> list[str]:
    """The lines of the derived table, sorted by word."""
    vocabulary = english_vocabulary()
    senses: dict[str, list[str]] = defaultdict(list)  # word -> its top synsets, by rank
    members: dict[str, list[str]] = defaultdict(list)  # synset -> its known one-word lemmas
    for lemma, _pos, synset, rank in sorted(_rows(oewn / "lemmas.tsv.gz"), key=lambda r: int(r[3])):
        if not lemma.isalpha() or lemma not in vocabulary:
            continue
        members[synset].append(lemma)
        if int(rank) <= MAX_RANK:
            senses[lemma].append(synset)
    links: dict[str, list[str]] = defaultdict(list)
    for source, relation, target in _rows(oewn / "relations.tsv.gz"):
        if relation == "derivation":
            links[source].append(target)
    lines = []
    for word in sorted(senses):
        synonyms = [w for synset in senses[word] for w in members[synset]]
        derived = [
            w
            for synset in senses[word]
            for target in links[synset]
            for w in members[target]
            if _shares_stem(w, word)
        ]
        found = [" ".join(_distinct(words, word)[:MAX_RELATED]) for words in (synonyms, derived)]
        if any(found):
            lines.append("\t".join([word, *found]))
    return lines


def main() -> None:
    lines = derive(Path(sys.argv[1]))
    with gzip.GzipFile(TABLE_PATH, "wb", mtime=0) as out:
        out.write((HEADER + "\n".join(lines) + "\n").encode("utf-8"))
    print(f"{TABLE_PATH}: {len(lines)} words")


if __name__ == "__main__":
    main()
