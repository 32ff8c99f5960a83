"""Derivational stems: "difference" and "different" share "differ", "electrical" and
"electricity" share "electric", "separate" and "separation" share "separat".

Every way of removing one common suffix from a lemma that leaves five letters or more gives a
candidate stem (the lemma itself is one too); two words are related when their candidates meet.
Short words are never merged ("state" / "station", "partial" / "partition" stay apart).
"""

from __future__ import annotations

from functools import lru_cache

MIN_STEM = 5
_SUFFIXES = (
    "ization isation ational ations ation itions ition ements ement ments ment nesses ness "
    "ities ity ically ical ally ences ence ances ance ents ent ants ant ives ive ions ion "
    "ers er als al ly ed ing es s e ic"
).split()


@lru_cache(maxsize=65536)
def stems(lemma: str) -> tuple[str, ...]:
    """The candidate stems of a lemma, the lemma first."""
    found = [lemma]
    if lemma.isalpha():
        for suffix in _SUFFIXES:
            if lemma.endswith(suffix) and len(lemma) - len(suffix) >= MIN_STEM:
                found.append(lemma[: -len(suffix)])
    return tuple(dict.fromkeys(found))
