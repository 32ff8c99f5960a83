"""An answer (or a rubric phrase) as a list of words with character offsets.

spaCy's English tokenizer splits the text (each distinct chunk once: `tokens.py`); each token is
then split into word parts (camelCase, dotted names, underscores) by `normalize.split_identifier`.
Every word carries its folded form (`norm`), its lemma, its character span in the original text,
the sentence and the segment (list item or clause between commas, semicolons, bullets) it belongs
to, and whether a clause boundary (punctuation) comes right before it. A token made of several
parts is also indexed by its joined form, so "MySQL" matches "mysql" and "mapgroupswithstate"
matches the split term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import NamedTuple

from service.scoring.nlp import CONTRACTIONS, FUNCTION_WORDS, english_tokenizer, lemmatize
from service.scoring.normalize import fold, split_identifier
from service.scoring.tokens import tokenize

# A quote, backtick or accent standing for the apostrophe of a contraction (aren"t, it`s);
# replaced one character for one, so offsets into the original text stay valid.
_STRAY_APOSTROPHE = re.compile(r"(?<=[A-Za-z])[\"`´](?=(?:t|s|ll|re|ve|d|m)\b)")
_STRAY_MARKS = ('"', "`", "´")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_PLURAL_ACRONYM = re.compile(r"[A-Z][A-Z0-9]+s")
_PLAIN_WORDS = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")
_SENTENCE_END = frozenset(".!?")
_SEGMENT_BREAK = frozenset(",;:()[]{}|/•·*–—\"“”")
_CACHE_LIMIT = 200_000
_PHRASE_CACHE_SIZE = 16_384

# Punctuation kinds of a token. A single line break (LINE) starts a new segment, as in a list,
# but does not end a clause: prose is often wrapped mid-sentence.
WORD, LINE, SEGMENT, SENTENCE = 0, 1, 2, 3


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
NORM, LEMMA = 0, 1  # the ways words are indexed: folded form, lemma


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
    tokens: list[int] = field(default_factory=list)  # per word: the number of its token
    slashed: set[int] = field(default_factory=set)  # words whose break before is only a "/"
    joined: list[tuple[int, int, str, str]] = field(default_factory=list)
    _indexes: tuple[dict[str, list[Span]], dict[str, list[Span]]] | None = None

    def __len__(self) -> int:
        return len(self.norms)

    def index(self, kind: int) -> dict[str, list[Span]]:
        """Key -> word spans holding it, by NORM or LEMMA, joined tokens included. Both are
        built on first use, in one pass."""
        if self._indexes is None:
            self._indexes = self._build_indexes()
        return self._indexes[kind]

    def _build_indexes(self) -> tuple[dict[str, list[Span]], dict[str, list[Span]]]:
        by_norm: dict[str, list[Span]] = {}
        by_lemma: dict[str, list[Span]] = {}
        for i, (norm, lemma) in enumerate(zip(self.norms, self.lemmas, strict=True)):
            span = (i, i + 1)
            found = by_norm.get(norm)
            if found is None:
                by_norm[norm] = [span]
            else:
                found.append(span)
            found = by_lemma.get(lemma)
            if found is None:
                by_lemma[lemma] = [span]
            else:
                found.append(span)
        for first, end, norm, lemma in self.joined:
            by_norm.setdefault(norm, []).append((first, end))
            by_lemma.setdefault(lemma, []).append((first, end))
        return by_norm, by_lemma


_token_cache: dict[str, TokenInfo] = {}


def _token_info(text: str) -> TokenInfo:
    folded = fold(text)
    if text.isspace():
        breaks = text.count("\n")
        return TokenInfo((), SENTENCE if breaks > 1 else LINE if breaks else WORD, None)
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
    if any(mark in text for mark in _STRAY_MARKS):
        text_for_tokens = _STRAY_APOSTROPHE.sub("'", text)
    else:
        text_for_tokens = text
    words = Words(text)
    norms, lemmas, starts = words.norms, words.lemmas, words.starts
    ends, sentences, segments, breaks = words.ends, words.sentences, words.segments, words.breaks
    tokens = words.tokens
    sentence = segment = token = 0
    pending_break = slash = False
    previous_space = True
    if len(_token_cache) > _CACHE_LIMIT:
        _token_cache.clear()
    for token_text, idx, space in tokenize(text_for_tokens):
        info = _token_cache.get(token_text)
        if info is None:
            info = _token_cache[token_text] = _token_info(token_text)
        kind = info.kind
        if not info.parts:
            if kind == WORD and token_text == "-" and (space or previous_space):
                kind = SEGMENT  # a dash or bullet, not a hyphen inside a word
            if kind == SENTENCE:
                sentence += 1
                segment += 1
                pending_break, slash = True, False
            elif kind == SEGMENT:
                segment += 1
                slash = token_text == "/" and (slash or not pending_break)
                pending_break = True
            elif kind == LINE:
                segment += 1
            previous_space = space
            continue
        first = len(norms)
        if slash:
            words.slashed.add(first)
        token += 1
        for part in info.parts:
            norms.append(part.norm)
            lemmas.append(part.lemma)
            starts.append(idx + part.start)
            ends.append(idx + part.end)
            sentences.append(sentence)
            segments.append(segment)
            breaks.append(pending_break)
            tokens.append(token)
            pending_break = slash = False
        if info.joined is not None:
            words.joined.append((first, len(norms), *info.joined))
        previous_space = space
    return words


@cache
def _special_cases() -> frozenset[str]:
    """The texts the tokenizer splits its own way ("cannot" -> can + not)."""
    return frozenset(english_tokenizer().rules or {})


def _plain_words(text: str) -> Words | None:
    """ASCII words (lower-case, capitalised or all capitals) separated by single spaces, none of
    which the tokenizer has a special case for ("cannot" -> can + not), as `analyse` would give
    them, without running the tokenizer; None for any other text."""
    if not _PLAIN_WORDS.fullmatch(text):
        return None
    words = text.split(" ")
    special = _special_cases()
    if any(
        word in special or not (word.islower() or word.istitle() or word.isupper())
        for word in words
    ):
        return None
    parts = [word.lower() for word in words]
    if any(part in CONTRACTIONS for part in parts):
        return None
    starts = [0]
    for part in parts[:-1]:
        starts.append(starts[-1] + len(part) + 1)
    size = len(parts)
    return Words(
        text, parts, [lemmatize(part) for part in parts], starts,
        [start + len(part) for start, part in zip(starts, parts, strict=True)],
        [0] * size, [0] * size, [False] * size, list(range(1, size + 1)),
    )


@lru_cache(maxsize=_PHRASE_CACHE_SIZE)
def analyse_phrase(text: str) -> Words:
    """`analyse` for the short texts of rubrics and lexicons, which recur across concepts and
    rubrics: cached, so the result is shared and must not be changed. Plain words skip the
    tokenizer (rubrics and the lexicon hold thousands of them)."""
    return _plain_words(text) or analyse(text)


def content_lemmas(*texts: str) -> set[str]:
    """The lemmas of the words of `texts` that carry content (not function words)."""
    return {lemma for text in texts for lemma in analyse_phrase(text).lemmas} - FUNCTION_WORDS
