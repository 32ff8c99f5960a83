"""NegEx-style negation scopes over the words of an answer.

A trigger opens a scope over the words that follow it, up to the clause end: punctuation, a
conjunction such as "but" / "because" / "which", a new subject ("and we ..."), or eight words.
- Verbal triggers ("not", "never", "n't", "avoid", "no longer") negate the rest of the clause:
  "I would not use a Python UDF here" negates "use a Python UDF here".
- Nominal triggers ("no", "without", "instead of", "rather than", "lack of", "neither", "nor")
  negate only the phrase right after them: the scope also ends at a preposition once a content
  word has been seen, so "no gap between the terminals" negates "gap" but not "terminals".
- Post triggers after a form of "be" ("... is not needed", "is unnecessary", "is overkill", "is a
  bad idea") negate the clause before them.
- Pseudo triggers ("not only", "not just", "no doubt", "whether or not") negate nothing.
Triggers are compared by word or lemma ("avoided" is "avoid").
"""

from __future__ import annotations

from service.scoring.nlp import FUNCTION_WORDS
from service.scoring.words import Words

MAX_SCOPE = 8

PSEUDO = (
    ("not", "only"),
    ("not", "just"),
    ("not", "to", "mention"),
    ("no", "doubt"),
    ("no", "matter"),
    ("whether", "or", "not"),
    ("if", "not"),
)
VERBAL = (("no", "longer"), ("not",), ("never",), ("avoid",), ("cannot",))
NOMINAL = (
    ("no", "need", "for"),
    ("no", "need", "to"),
    ("instead", "of"),
    ("rather", "than"),
    ("lack", "of"),
    ("absence", "of"),
    ("none", "of"),
    ("no",),
    ("without",),
    ("neither",),
    ("nor",),
    ("nothing",),
)
POST = (
    ("not", "need"),
    ("not", "require"),
    ("not", "necessary"),
    ("not", "recommend"),
    ("not", "a", "good", "idea"),
    ("a", "bad", "idea"),
    ("unnecessary",),
    ("overkill",),
)
TERMINATORS = frozenset(
    "but however although though whereas yet because since so which who whom whose while "
    "except unless then instead therefore thus hence".split()
)
CLAUSE_STARTERS = frozenset(
    "i we you they he she would will should could can must might may also then instead use".split()
)
PREPOSITIONS = frozenset(
    "of to from in on at by for with between into onto through across over under than via "
    "within about against after before during among around toward towards as like".split()
)


def _match(words: Words, i: int, patterns: tuple[tuple[str, ...], ...]) -> int:
    """Length of the first pattern found at word i (by word or lemma), 0 when none."""
    norms, lemmas = words.norms, words.lemmas
    for pattern in patterns:
        if i + len(pattern) <= len(norms) and all(
            key in (norms[i + j], lemmas[i + j]) for j, key in enumerate(pattern)
        ):
            return len(pattern)
    return 0


def leading_trigger(words: Words) -> int:
    """How many leading words of a phrase form a negation trigger ("no data loss" -> 1)."""
    if _match(words, 0, PSEUDO):
        return 0
    return _match(words, 0, VERBAL) or _match(words, 0, NOMINAL)


def _ends_scope(words: Words, j: int, narrow: bool, content_seen: bool) -> bool:
    lemma = words.lemmas[j]
    if words.breaks[j] or lemma in TERMINATORS:
        return True
    if lemma in ("and", "or") and j + 1 < len(words) and words.lemmas[j + 1] in CLAUSE_STARTERS:
        return True
    return narrow and content_seen and words.norms[j] in PREPOSITIONS


def _scope_forward(words: Words, trigger: int, start: int, narrow: bool, out: list[int]) -> None:
    content_seen = False
    for j in range(start, min(len(words), start + MAX_SCOPE)):
        if _ends_scope(words, j, narrow, content_seen):
            return
        if out[j] < 0:
            out[j] = trigger
        content_seen = content_seen or words.norms[j] not in FUNCTION_WORDS


def _scope_backward(words: Words, be: int, trigger: int, out: list[int]) -> None:
    for j in range(be - 1, max(-1, be - 1 - MAX_SCOPE), -1):
        if out[j] < 0:
            out[j] = trigger
        if words.breaks[j] or words.lemmas[j] in TERMINATORS:
            return


def negation_scopes(words: Words) -> list[int]:
    """For every word, the position of the trigger negating it, or -1 when it is not negated."""
    out = [-1] * len(words)
    i = 0
    while i < len(words):
        if skip := _match(words, i, PSEUDO):
            i += skip
            continue
        if words.lemmas[i] == "be" and _match(words, i + 1, POST):
            _scope_backward(words, i, i + 1, out)
        if size := _match(words, i, VERBAL):
            _scope_forward(words, i, i + size, False, out)
        elif size := _match(words, i, NOMINAL):
            _scope_forward(words, i, i + size, True, out)
        i += max(size, 1)
    return out
