"""An answer cut into plain text and highlighted evidence spans, for the report page.

Each criterion's evidence gets its criterion's colour; negated mentions and misconception
signals are marked as such. Overlapping spans cannot nest in the page, so the earliest (then
longest) wins; the others are still listed under their criterion.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

COLOURS = 8


@dataclass(frozen=True)
class Mark:
    """One highlighted span."""

    start: int
    end: int
    text: str
    colour: int  # criterion position modulo COLOURS; -1 for misconceptions
    label: str  # criterion title or misconception statement
    concept: str
    kind: str  # match kind: exact, lemma, alias, abbreviation, fuzzy
    category: str  # matched, negated or misconception

    @property
    def tip(self) -> str:
        """What hover or focus shows."""
        what = {"matched": "counts", "negated": "negated: earns nothing",
                "misconception": "misconception"}[self.category]
        return f"{self.label}: '{self.concept}' ({self.kind} match; {what})"


def marks(breakdown: dict[str, Any]) -> list[Mark]:
    """Every evidence span of a stored breakdown, in answer order."""
    found = []
    for position, criterion in enumerate(breakdown.get("criteria", [])):
        for category in ("matched", "negated"):
            found.extend(
                Mark(e["start"], e["end"], e["text"], position % COLOURS, criterion["title"],
                     e["concept"], e["kind"], category)
                for e in criterion.get(category, [])
            )
    for hit in breakdown.get("misconceptions", []):
        found.extend(
            Mark(e["start"], e["end"], e["text"], -1, hit["statement"], e["concept"], e["kind"],
                 "negated" if hit["negated"] else "misconception")
            for e in hit.get("evidence", [])
        )
    return sorted(found, key=lambda m: (m.start, -(m.end - m.start)))


def segments(text: str, breakdown: dict[str, Any]) -> list[tuple[str, Mark | None]]:
    """The answer as (text, mark or None) pieces that join back to the whole answer."""
    pieces: list[tuple[str, Mark | None]] = []
    position = 0
    for mark in marks(breakdown):
        if mark.start < position or mark.end > len(text) or text[mark.start:mark.end] != mark.text:
            continue  # overlaps an earlier span, or does not fit this text
        if mark.start > position:
            pieces.append((text[position:mark.start], None))
        pieces.append((mark.text, mark))
        position = mark.end
    if position < len(text):
        pieces.append((text[position:], None))
    return pieces
