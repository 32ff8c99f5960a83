"""The tokens spaCy's English tokenizer gives a text, with each distinct chunk tokenized once.

spaCy splits a text at whitespace into chunks and tokenizes every chunk on its own (prefixes,
suffixes, infixes, special cases such as "don't" -> do + n't). It caches the tokens of a chunk,
but once a text has hit a special case it caches nothing more of that text (`_save_cached` in
spaCy's tokenizer.pyx, "See #1250"), so an answer with an early contraction ("there's",
"I'd") is split from scratch at every call, at 10-16 µs a word. Here the text is cut into
chunks the way spaCy cuts it, and spaCy's tokenizer runs on each chunk not seen before (chunks
of up to 64 characters are kept, 100,000 at most). The tokens are the same as the tokenizer's on
the whole text: tests/scoring/test_tokens.py checks that on every text of the bank and its
sample answers.
"""

from __future__ import annotations

import re

from service.scoring.nlp import english_tokenizer

# A chunk of non-space characters with the one space that may follow it (the trailing space of
# the chunk's last token), or any other run of whitespace (tokens of its own). `\s` is
# `str.isspace`, spaCy's test, for every character.
_PIECES = re.compile(r"(\S+)( ?)|(\s+)")
# The memo: at most this many distinct chunks, none longer than this many characters (longer
# ones, rare in prose, are tokenized each time), so it stays within a few tens of MB whatever
# answers arrive.
_CHUNK_CACHE_LIMIT = 100_000
_CHUNK_MAX_KEPT = 64

Token = tuple[str, int, bool]  # text, offset of its first character, one space after it

_chunks: dict[str, tuple[tuple[str, int], ...]] = {}


def _new_chunk_tokens(chunk: str) -> tuple[tuple[str, int], ...]:
    """The tokens of a chunk not in the memo (text and offset in the chunk), from spaCy's
    tokenizer; kept unless the chunk is long."""
    found = tuple((token.text, token.idx) for token in english_tokenizer()(chunk))
    if len(chunk) <= _CHUNK_MAX_KEPT:
        if len(_chunks) >= _CHUNK_CACHE_LIMIT:
            _chunks.clear()
        _chunks[chunk] = found
    return found


def tokenize(text: str) -> list[Token]:
    """The tokens of `text` as `english_tokenizer()(text)` gives them: as in spaCy, one space
    after a chunk is the trailing space of its last token, and other whitespace is a token."""
    found: list[Token] = []
    append = found.append
    position = 0
    for chunk, space, blank in _PIECES.findall(text):
        chunk = chunk or blank
        tokens = _chunks.get(chunk) or _new_chunk_tokens(chunk)
        if len(tokens) == 1:  # most chunks are one word
            append((tokens[0][0], position, space == " "))
        else:
            for token, offset in tokens[:-1]:
                append((token, position + offset, False))
            token, offset = tokens[-1]
            append((token, position + offset, space == " "))
        position += len(chunk) + len(space)
    return found
