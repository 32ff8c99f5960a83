"""Match kind "idea": the concept said without its name, by one of its idea patterns.

An idea pattern is a few slots of content words ("central|shared + store|registry +
version|format"); it is found where every slot has one of its words (or their WordNet synonyms and
derivations) in one sentence, all within `WINDOW` words, each slot on its own words. Its words
must not be negated; those of an idea stated as a negation ("not|cannot + optimize + planner")
must be. Such a mention earns `CREDIT` of the concept's weight: saying an idea in plain words
shows understanding, naming it shows a little more.
"""

from __future__ import annotations

from service.scoring.compiled import CompiledConcept, Variant
from service.scoring.ideas import CompiledIdea, Slot
from service.scoring.matchers.common import AnswerContext, Mention, consecutive_spans
from service.scoring.words import LEMMA, Span, Words

KIND = "idea"
CREDIT = 0.7  # share of the concept's weight an idea mention earns
WINDOW = 16  # words from the first to the last word of an idea mention
SOURCE = "idea"


def slot_spans(slot: Slot, words: Words) -> list[Span]:
    """Where the answer fills a slot, sorted."""
    index = words.index(LEMMA)
    spans: set[Span] = set()
    for lemmas in slot:
        starts = index.get(lemmas[0], ())
        spans.update(starts if len(lemmas) == 1 else consecutive_spans(starts, lemmas, words))
    return sorted(spans)


def _filled_slots(idea: CompiledIdea, words: Words) -> list[list[Span]] | None:
    """Per slot, where the answer fills it; None as soon as one slot is not filled."""
    found = []
    for slot in idea.slots:
        spans = slot_spans(slot, words)
        if not spans:
            return None
        found.append(spans)
    return found


def _fill(anchor: Span, others: list[list[Span]], words: Words) -> list[Span] | None:
    """For each other slot its span nearest the anchor, in the anchor's sentence and apart from
    the spans already chosen; None when a slot cannot be filled within the window."""
    sentence = words.sentences[anchor[0]]
    chosen = [anchor]
    for spans in others:
        free = [
            s
            for s in spans
            if words.sentences[s[0]] == sentence
            and all(s[1] <= c[0] or c[1] <= s[0] for c in chosen)
        ]
        if not free:
            return None
        chosen.append(min(free, key=lambda s: (abs(s[0] - anchor[0]), s[0])))
    if max(end for _, end in chosen) - min(first for first, _ in chosen) > WINDOW:
        return None
    return chosen


def _idea_variant(idea: CompiledIdea) -> Variant:
    """The idea as a variant of the concept: said plainly, no words of the concept's own."""
    return Variant(idea.text, (), (), SOURCE, idea.negative, False, ((), ()), ())


def find(concept: CompiledConcept, ctx: AnswerContext) -> list[Mention]:
    """Mentions of the concept's idea patterns, one per position of a first-slot word."""
    words = ctx.words
    found = []
    for idea in concept.ideas:
        spans = _filled_slots(idea, words)
        if spans is None:
            continue
        variant = _idea_variant(idea)
        for anchor in spans[0]:
            chosen = _fill(anchor, spans[1:], words)
            if chosen is None:
                continue
            carriers = tuple(sorted(p for first, end in chosen for p in range(first, end)))
            found.append(Mention(carriers[0], carriers[-1] + 1, KIND, None, variant, carriers))
    return found
