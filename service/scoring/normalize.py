"""Text normalisation shared by answers and rubric terms.

Everything is compared in a folded form: Unicode NFKC, case-folded, typographic apostrophes made
plain. Identifiers are split into their parts: camelCase and PascalCase ("mapGroupsWithState" ->
map, Groups, With, State), dotted names ("spark.sql.shuffle.partitions"), underscores and hyphens.
"""

from __future__ import annotations

import re
import unicodedata

_ALNUM_RUN = re.compile(r"[^\W_]+")
# A boundary inside an alphanumeric run: lower->Upper ("mapGroups") or the last capital of an
# acronym before a lower-case word ("XMLParser" -> XML | Parser, but "UDFs" stays whole). Digits
# stay attached to the letters before them ("SCD2").
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z]{2})")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def fold(text: str) -> str:
    """NFKC, case-folded, with typographic apostrophes replaced by "'"."""
    return unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold()


def split_identifier(text: str) -> list[tuple[int, int]]:
    """Character spans (start, end) of the word parts of one token, punctuation dropped.

    >>> [("mapGroupsWithState"[s:e]) for s, e in split_identifier("mapGroupsWithState")]
    ['map', 'Groups', 'With', 'State']
    """
    spans: list[tuple[int, int]] = []
    for run in _ALNUM_RUN.finditer(text):
        start = run.start()
        cuts = [m.start() for m in _CAMEL_BOUNDARY.finditer(run.group())]
        for begin, end in zip([0, *cuts], [*cuts, len(run.group())], strict=True):
            spans.append((start + begin, start + end))
    return spans

