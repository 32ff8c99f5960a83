"""NegEx-style negation scopes over the words of an answer.

A trigger opens a scope over the words that follow it, up to the clause end: punctuation (but
not "/": "not X / Y" negates both), a conjunction such as "but" / "because" / "which", a new
subject ("and we ...", "or we ...", "not fast enough we can ..."; but "I don't think we need X"
keeps X negated, and "not X or use Y" negates Y), or twelve tokens (an identifier counts once).
- Verbal triggers ("not", "never", "n't", "avoid", "no longer") negate the rest of the clause:
  "I would not use a Python UDF here" negates "use a Python UDF here". In a relative clause
  after a noun ("messages they can't deserialize to a DLQ") the verb's object is the noun before
  it, so the scope ends at the next preposition, as for a nominal trigger.
- Nominal triggers ("no", "without", "instead of", "rather than", "lack of", "neither", "nor")
  negate only the phrase right after them: the scope also ends at a preposition once a content
  word has been seen, so "no gap between the terminals" negates "gap" but not "terminals".
- Post triggers after a form of "be" or an auxiliary ("... is not needed", "is unnecessary",
  "is overkill", "won't matter", "would not help") negate the clause before them.
- Pseudo triggers ("not only", "not just", "no doubt", "whether or not", "not enough") negate
  nothing, nor do SQL keywords ("NOT NULL", "NOT EXISTS") or parts of identifiers (not_null,
  whenNotMatchedInsertAll).
Triggers are compared by word or lemma ("avoided" is "avoid").
"""

from __future__ import annotations

from service.scoring.nlp import FUNCTION_WORDS
from service.scoring.words import LEMMA, NORM, Words

MAX_SCOPE = 12

PSEUDO = (
    ("not", "only"),
    ("not", "just"),
    ("not", "to", "mention"),
    ("no", "doubt"),
    ("no", "matter"),
    ("whether", "or", "not"),
    ("if", "not"),
    ("not", "enough"),
    ("not", "necessarily"),
    # SQL keywords, not negations: NOT NULL, IS NOT NULL, NOT EXISTS, WHEN NOT MATCHED
    ("not", "null"),
    ("not", "exists"),
    ("when", "not", "matched"),
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
# "or" followed by one of these starts a new clause; "or use ..." continues the negated verb phrase.
OR_CLAUSE_STARTERS = CLAUSE_STARTERS - {"use"}
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
RELATIVE_SUBJECTS = SUBJECTS | {"it"}
PURPOSE_AUXILIARIES = frozenset(["be", "do", "will", "can"])
# "so we don't use Spark", "to avoid adding Redis": a decision against a tool, not a named risk
CHOICE_VERBS = frozenset(
    [
        "use", "need", "choose", "pick", "adopt", "add", "introduce", "deploy", "run", "build",
        "implement", "apply", "require", "rely", "bother", "want", "go", "involve", "bring",
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
_CANDIDATE_LEMMAS = _FIRST_WORDS | AUXILIARIES


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
    if (words.breaks[j] and j not in words.slashed) or lemma in TERMINATORS:
        return True
    following = words.lemmas[j + 1] if j + 1 < len(words) else ""
    if (lemma == "and" and following in CLAUSE_STARTERS) or (
        lemma == "or" and following in OR_CLAUSE_STARTERS
    ):
        return True
    if lemma in SUBJECTS and words.lemmas[j - 1] not in RAISING:  # a new clause: "... we can"
        return True
    return narrow and content_seen and words.norms[j] in PREPOSITIONS and not _in_identifier(
        words, j
    )


def _in_identifier(words: Words, i: int) -> bool:
    """True when word i is a part of a longer token such as not_null or whenNotMatched."""
    tokens = words.tokens
    joined = (i > 0 and tokens[i - 1] == tokens[i]) or (
        i + 1 < len(tokens) and tokens[i + 1] == tokens[i]
    )
    return joined and words.text[words.starts[i] : words.ends[i]].casefold() != "n't"


def _in_relative_clause(words: Words, trigger: int) -> bool:
    """True when a verbal trigger sits in a relative clause after a noun, its object left out:
    "messages they can't deserialize (go) to a dead letter queue"."""
    j = trigger - 1
    if j >= 0 and words.lemmas[j] in AUXILIARIES:
        j -= 1
    if j < 1 or words.norms[j] not in RELATIVE_SUBJECTS or words.breaks[j]:
        return False
    before = words.norms[j - 1]  # a noun: not a function word, adverb or "think"
    return before not in FUNCTION_WORDS and not before.endswith("ly") and (
        words.lemmas[j - 1] not in RAISING
    )


def _scope_forward(words: Words, trigger: int, start: int, narrow: bool, out: list[int]) -> None:
    content_seen = False
    last_token = words.tokens[start] + MAX_SCOPE if start < len(words) else 0
    for j in range(start, len(words)):
        if words.tokens[j] >= last_token or _ends_scope(words, j, narrow, content_seen):
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


def _purpose_clause(words: Words, trigger: int) -> bool:
    norms = words.norms
    verb = trigger + 1 + (norms[trigger + 1 : trigger + 2] == ["to"])  # "in order not to need"
    if verb < len(words) and words.lemmas[verb] in CHOICE_VERBS:
        return False
    before = norms[max(0, trigger - 4) : trigger]
    if words.lemmas[trigger] == "avoid":  # "to avoid X"
        return before[-1:] == ["to"]
    if before[-2:] == ["in", "order"]:  # "in order not to X"
        return True
    j = trigger - 1  # "so (that) we don't X", "so they're not X"; not "so we would not X"
    if j >= 0 and words.lemmas[j] in PURPOSE_AUXILIARIES:
        j -= 1
    if j < 1 or norms[j] not in RELATIVE_SUBJECTS:
        return False
    if j > 1 and norms[j - 1] == "that":
        j -= 1
    return norms[j - 1] == "so" and not words.breaks[j]


def purpose_triggers(words: Words, scopes: list[int]) -> frozenset[int]:
    """The triggers that open a purpose clause: "so (that) we don't X", "to avoid X", "in order
    not to X". What they negate is a risk the writer names in order to avoid it."""
    return frozenset(t for t in set(scopes) if t >= 0 and _purpose_clause(words, t))


def negation_scopes(words: Words) -> list[int]:
    """For every word, the position of the trigger negating it, or -1 when it is not negated."""
    out = [-1] * len(words)
    lemmas = words.lemmas
    by_norm, by_lemma = words.index(NORM), words.index(LEMMA)
    candidates = sorted(
        {first for key in _FIRST_WORDS for first, _ in by_norm.get(key, ())}
        | {first for key in _CANDIDATE_LEMMAS for first, _ in by_lemma.get(key, ())}
    )
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
        elif _in_identifier(words, i):
            continue
        elif size := _match(words, i, _VERBAL):
            _scope_forward(words, i, i + size, _in_relative_clause(words, i), out)
            resume = i + size
        elif size := _match(words, i, _NOMINAL):
            _scope_forward(words, i, i + size, True, out)
            resume = i + size
    return out
