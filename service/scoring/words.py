"""An answer (or a rubric phrase) as a list of words with character offsets.

spaCy's blank English tokenizer splits the text; each token is then split into word parts
(camelCase, dotted names, underscores) by `normalize.split_identifier`. Every word carries its
folded form (`norm`), its lemma, its character span in the original text, the sentence and the
segment (list item or clause between commas, semicolons, bullets) it belongs to, and whether a
clause boundary (punctuation) comes right before it. A token made of several parts is also indexed
by its joined form, so "MySQL" matches "mysql" and "mapgroupswithstate" matches the split term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from spacy.attrs import IDX, ORTH, SPACY

from service.scoring.nlp import CONTRACTIONS, blank_english, lemmatize
from service.scoring.normalize import fold, split_identifier
from service.scoring.stems import stems

# A quote, backtick or accent standing for the apostrophe of a contraction (aren"t, it`s);
# replaced one character for one, so offsets into the original text stay valid.
_STRAY_APOSTROPHE = re.compile(r"(?<=[A-Za-z])[\"`´](?=(?:t|s|ll|re|ve|d|m)\b)")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_PLURAL_ACRONYM = re.compile(r"[A-Z][A-Z0-9]+s")
_SENTENCE_END = frozenset(".!?")
_SEGMENT_BREAK = frozenset(",;:()[]{}|/•·*–—\"“”")
_CACHE_LIMIT = 200_000

# Punctuation kinds of a token.
WORD, SEGMENT, SENTENCE = 0, 1, 2


class Part(NamedTuple):
    """One word part of a token: offsets relative to the token, folded form and lemma."""

    start: int
    end: int
    norm: str
    lemma: str


class TokenInfo(NamedTuple):
    """What one distinct token text contributes: its parts, punctuation kind, joined forms."""

    parts: tuple[Part, ...]
    kind: int
    joined: tuple[str, str] | None


Span = tuple[int, int]  # word positions [first, last + 1)


@dataclass(slots=True)
class Words:
    """The analysed text: parallel lists, one entry per word."""

    text: str
    norms: list[str] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)
    segments: list[int] = field(default_factory=list)
    breaks: list[bool] = field(default_factory=list)
    joined: list[tuple[int, int, str, str]] = field(default_factory=list)
    _norm_index: dict[str, list[Span]] | None = None
    _lemma_index: dict[str, list[Span]] | None = None
    _stem_index: dict[str, list[Span]] | None = None

    def __len__(self) -> int:
        return len(self.norms)

    def char_span(self, first: int, last: int) -> tuple[int, int]:
        """Character offsets of words first..last (inclusive) in the original text."""
        return self.starts[first], self.ends[last]

    def norm_index(self) -> dict[str, list[Span]]:
        """Folded form -> word spans holding it (single words and joined tokens)."""
        if self._norm_index is None:
            self._build_indexes()
        assert self._norm_index is not None
        return self._norm_index

    def lemma_index(self) -> dict[str, list[Span]]:
        """Lemma -> word spans holding it (single words and joined tokens)."""
        if self._lemma_index is None:
            self._build_indexes()
        assert self._lemma_index is not None
        return self._lemma_index

    def stem_index(self) -> dict[str, list[Span]]:
        """Candidate stem -> single-word spans whose lemma has it (see `stems.stems`)."""
        if self._stem_index is None:
            index: dict[str, list[Span]] = {}
            for i, lemma in enumerate(self.lemmas):
                for key in stems(lemma):
                    index.setdefault(key, []).append((i, i + 1))
            self._stem_index = index
        return self._stem_index

    def _build_indexes(self) -> None:
        norms: dict[str, list[Span]] = {}
        lemmas: dict[str, list[Span]] = {}
        for i, (norm, lemma) in enumerate(zip(self.norms, self.lemmas, strict=True)):
            norms.setdefault(norm, []).append((i, i + 1))
            lemmas.setdefault(lemma, []).append((i, i + 1))
        for first, end, norm, lemma in self.joined:
            norms.setdefault(norm, []).append((first, end))
            lemmas.setdefault(lemma, []).append((first, end))
        self._norm_index, self._lemma_index = norms, lemmas


_token_cache: dict[int, TokenInfo] = {}


def _token_info(text: str) -> TokenInfo:
    folded = fold(text)
    if text.isspace():
        return TokenInfo((), SENTENCE if "\n" in text else WORD, None)
    if folded in CONTRACTIONS:
        norm = CONTRACTIONS[folded]
        return TokenInfo((Part(0, len(text), norm, lemmatize(norm)),), WORD, None)
    if _NUMBER.fullmatch(text):
        return TokenInfo((Part(0, len(text), folded, folded),), WORD, None)
    spans = split_identifier(text)
    if not spans:
        if text in _SENTENCE_END or text == "...":
            return TokenInfo((), SENTENCE, None)
        return TokenInfo((), SEGMENT if text in _SEGMENT_BREAK else WORD, None)
    if folded.endswith("n't") and len(folded) > 3:  # "don't" left whole by the tokenizer
        spans = [*split_identifier(text[:-3]), (len(text) - 3, len(text))]
    parts = []
    for start, end in spans:
        norm = fold(text[start:end])
        norm = "not" if norm == "n't" else norm
        plural = _PLURAL_ACRONYM.fullmatch(text, start, end)
        parts.append(Part(start, end, norm, norm[:-1] if plural else lemmatize(norm)))
    joined = None
    if len(parts) > 1:
        joined = ("".join(p.norm for p in parts), "".join(p.lemma for p in parts))
    return TokenInfo(tuple(parts), WORD, joined)


def analyse(text: str) -> Words:
    """Tokenize and normalise `text` into `Words` (deterministic; token analyses are cached)."""
    nlp = blank_english()
    doc = nlp.make_doc(_STRAY_APOSTROPHE.sub("'", text))
    strings = nlp.vocab.strings
    words = Words(text)
    sentence = segment = 0
    pending_break = False
    previous_space = True
    if len(_token_cache) > _CACHE_LIMIT:
        _token_cache.clear()
    for orth, idx, space in doc.to_array([ORTH, IDX, SPACY]).tolist():
        info = _token_cache.get(orth)
        if info is None:
            info = _token_cache[orth] = _token_info(strings[orth])
        kind = info.kind
        if not info.parts:
            if kind == WORD and strings[orth] == "-" and (space or previous_space):
                kind = SEGMENT  # a dash or bullet, not a hyphen inside a word
            if kind == SENTENCE:
                sentence += 1
                segment += 1
                pending_break = True
            elif kind == SEGMENT:
                segment += 1
                pending_break = True
            previous_space = bool(space)
            continue
        first = len(words.norms)
        for part in info.parts:
            words.norms.append(part.norm)
            words.lemmas.append(part.lemma)
            words.starts.append(idx + part.start)
            words.ends.append(idx + part.end)
            words.sentences.append(sentence)
            words.segments.append(segment)
            words.breaks.append(pending_break)
            pending_break = False
        if info.joined is not None:
            words.joined.append((first, len(words.norms), *info.joined))
        previous_space = bool(space)
    return words
