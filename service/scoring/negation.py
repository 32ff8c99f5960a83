"""NegEx-style negation scopes over the words of an answer.

A trigger opens a scope over the words that follow it, up to the clause end: punctuation, a
conjunction such as "but" / "because" / "which", a new subject ("and we ...", "not fast enough
we can ..."; but "I don't think we need X" keeps X negated), or twelve words.
- Verbal triggers ("not", "never", "n't", "avoid", "no longer") negate the rest of the clause:
  "I would not use a Python UDF here" negates "use a Python UDF here".
- Nominal triggers ("no", "without", "instead of", "rather than", "lack of", "neither", "nor")
  negate only the phrase right after them: the scope also ends at a preposition once a content
  word has been seen, so "no gap between the terminals" negates "gap" but not "terminals".
- Post triggers after a form of "be" or an auxiliary ("... is not needed", "is unnecessary",
  "is overkill", "won't matter", "would not help") negate the clause before them.
- Pseudo triggers ("not only", "not just", "no doubt", "whether or not") negate nothing.
Triggers are compared by word or lemma ("avoided" is "avoid").
"""

from __future__ import annotations

from service.scoring.nlp import FUNCTION_WORDS
from service.scoring.words import Words

MAX_SCOPE = 12

PSEUDO = (
    ("not", "only"),
    ("not", "just"),
    ("not", "to", "mention"),
    ("no", "doubt"),
    ("no", "matter"),
    ("whether", "or", "not"),
    ("if", "not"),
)
VERBAL = (
    ("no", "longer"),
    ("no", "need", "for"),
    ("no", "need", "to"),
    ("not",),
    ("never",),
    ("avoid",),
    ("cannot",),
)
NOMINAL = (
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
    ("not", "acceptable"),
    ("not", "help"),
    ("not", "matter"),
    ("not", "work"),
    ("not", "worth"),
    ("not", "useful"),
    ("not", "helpful"),
    ("not", "an", "option"),
    ("not", "a", "good", "idea"),
    ("a", "bad", "idea"),
    ("unnecessary",),
    ("overkill",),
    ("pointless",),
    ("useless",),
)
AUXILIARIES = frozenset(
    [
        "be", "will", "would", "do", "can", "could", "should", "might", "may", "must"
    ]
)
TERMINATORS = frozenset(
    [
        "but", "however", "although", "though", "whereas", "yet", "because", "since", "so",
        "which", "who", "whom", "whose", "while", "except", "unless", "then", "instead",
        "therefore", "thus", "hence", "than"
    ]
)
CLAUSE_STARTERS = frozenset(
    [
        "i", "we", "you", "they", "he", "she", "would", "will", "should", "could", "can",
        "must", "might", "may", "also", "then", "instead", "use"
    ]
)
SUBJECTS = frozenset(["i", "we", "you", "they", "he", "she"])
# "I don't think we need X": after these a new subject stays inside the negation's scope.
RAISING = frozenset(
    [
        "think", "believe", "feel", "expect", "suppose", "say", "guess", "agree", "want",
        "that"
    ]
)
PREPOSITIONS = frozenset(
    [
        "of", "to", "from", "in", "on", "at", "by", "for", "with", "between", "into", "onto",
        "through", "across", "over", "under", "than", "via", "within", "about", "against",
        "after", "before", "during", "among", "around", "toward", "towards", "as", "like"
    ]
)


Patterns = dict[str, tuple[tuple[str, ...], ...]]  # first word -> patterns, longest first


def _by_first_word(patterns: tuple[tuple[str, ...], ...]) -> Patterns:
    table: dict[str, list[tuple[str, ...]]] = {}
    for pattern in sorted(patterns, key=len, reverse=True):
        table.setdefault(pattern[0], []).append(pattern)
    return {first: tuple(found) for first, found in table.items()}


_PSEUDO, _VERBAL, _NOMINAL, _POST = map(_by_first_word, (PSEUDO, VERBAL, NOMINAL, POST))
_FIRST_WORDS = frozenset(_PSEUDO) | frozenset(_VERBAL) | frozenset(_NOMINAL)


def _match(words: Words, i: int, table: Patterns) -> int:
    """Length of the longest pattern found at word i (by word or lemma), 0 when none."""
    if i >= len(words):
        return 0
    norms, lemmas = words.norms, words.lemmas
    for pattern in table.get(norms[i], ()) + table.get(lemmas[i], ()):
        size = len(pattern)
        if i + size <= len(norms) and all(
            pattern[j] in (norms[i + j], lemmas[i + j]) for j in range(1, size)
        ):
            return size
    return 0


def leading_trigger(words: Words) -> int:
    """How many leading words of a phrase form a negation trigger ("no data loss" -> 1)."""
    if _match(words, 0, _PSEUDO):
        return 0
    return _match(words, 0, _VERBAL) or _match(words, 0, _NOMINAL)


def _ends_scope(words: Words, j: int, narrow: bool, content_seen: bool) -> bool:
    lemma = words.lemmas[j]
    if words.breaks[j] or lemma in TERMINATORS:
        return True
    if lemma in ("and", "or") and j + 1 < len(words) and words.lemmas[j + 1] in CLAUSE_STARTERS:
        return True
    if lemma in SUBJECTS and words.lemmas[j - 1] not in RAISING:  # a new clause: "... we can"
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


def _scope_backward(words: Words, aux: int, trigger: int, out: list[int]) -> None:
    for j in range(aux - 1, max(-1, aux - 1 - MAX_SCOPE), -1):
        if out[j] < 0:
            out[j] = trigger
        if words.breaks[j] or words.lemmas[j] in TERMINATORS:
            return


def negation_scopes(words: Words) -> list[int]:
    """For every word, the position of the trigger negating it, or -1 when it is not negated."""
    out = [-1] * len(words)
    norms, lemmas = words.norms, words.lemmas
    candidates = [
        i
        for i, (norm, lemma) in enumerate(zip(norms, lemmas, strict=True))
        if norm in _FIRST_WORDS or lemma in _FIRST_WORDS or lemma in AUXILIARIES
    ]
    resume = 0
    for i in candidates:
        if i < resume:
            continue
        if skip := _match(words, i, _PSEUDO):
            resume = i + skip
            continue
        if lemmas[i] in AUXILIARIES:
            if _match(words, i + 1, _POST):
                _scope_backward(words, i, i + 1, out)
        elif size := _match(words, i, _VERBAL):
            _scope_forward(words, i, i + size, False, out)
            resume = i + size
        elif size := _match(words, i, _NOMINAL):
            _scope_forward(words, i, i + size, True, out)
            resume = i + size
    return out
