"""The language resources, loaded once and lazily: spaCy's English tokenizer and the lookup
lemma table from spacy-lookups-data, extended by the domain lemma table."""

from __future__ import annotations

from functools import cache

import spacy_lookups_data
import srsly
from spacy.lang.en import English
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex
from spacy.vocab import Vocab

from service.scoring.lemmas import domain_lemmas

# Contraction pieces spaCy's tokenizer splits off ("don't" -> do + n't, "won't" -> wo + n't,
# "they're" -> they + 're).
CONTRACTIONS = {
    "n't": "not", "nt": "not", "ca": "can", "wo": "will", "'re": "are", "'m": "am", "'ll": "will",
    "'ve": "have",
}
# Words spaCy's tokenizer would split as contractions without an apostrophe.
NOT_CONTRACTIONS = frozenset(["id", "Id"])
# spaCy's stop words that carry meaning when grading ("the same path", "more partitions", "off").
MEANINGFUL_STOP_WORDS = frozenset(
    [
        "all", "alone", "amount", "back", "both", "bottom", "down", "each", "empty", "enough",
        "every", "few", "first", "front", "full", "last", "least", "less", "many", "more",
        "most", "move", "much", "off", "only", "out", "own", "part", "same", "several", "side",
        "together", "top", "up", "whole"
    ]
)
# Words that carry no content: spaCy's stop words (and the lemmas of their forms, e.g. "use" for
# "used"), minus the meaningful ones.
FUNCTION_WORDS = (frozenset(STOP_WORDS) - MEANINGFUL_STOP_WORDS) | {
    "n't", "nt", "s", "etc", "e.g", "i.e", "use", "doe",
    # hedges: they say how sure the writer is, not what they know
    "probably", "possibly", "maybe", "likely", "actually", "basically", "usually", "simply",
    "generally", "definitely", "certainly", "obviously",
}


@cache
def english_tokenizer() -> Tokenizer:
    """The tokenizer of spaCy's blank English pipeline, built without the pipeline and with a
    vocabulary that computes no lexical attributes (only the token texts and offsets are used):
    the same tokens, sooner. Its special case reading "id" as "I'd" is dropped: in data
    engineering "id" is an identifier ("user id")."""
    defaults = English.Defaults
    rules = {k: v for k, v in defaults.tokenizer_exceptions.items() if k not in NOT_CONTRACTIONS}
    return Tokenizer(
        Vocab(),
        rules=rules,
        prefix_search=compile_prefix_regex(defaults.prefixes).search,
        suffix_search=compile_suffix_regex(defaults.suffixes).search,
        infix_finditer=compile_infix_regex(defaults.infixes).finditer,
        token_match=defaults.token_match,
        url_match=defaults.url_match,
    )


@cache
def lemma_table() -> dict[str, str]:
    """Inflected form -> lemma: spaCy's English lookup table with the domain entries on top."""
    path = spacy_lookups_data.get_file("en_lemma_lookup.json.gz")
    lemmas: dict[str, str] = {}
    for form, lemma in srsly.read_gzip_json(str(path)).items():
        key = form.casefold()
        if key == form or key not in lemmas:  # the lower-case entry wins over "Better" etc.
            lemmas[key] = lemma.casefold()
    lemmas.update(domain_lemmas())
    return lemmas


@cache
def english_vocabulary() -> frozenset[str]:
    """Every word form the lemma table knows (forms and lemmas) plus function words.

    A word in here is a real English word and is never taken for a typo of another term.
    """
    table = lemma_table()
    return frozenset(table) | frozenset(table.values()) | FUNCTION_WORDS


@cache
def verb_lemmas() -> frozenset[str]:
    """Lemmas that have an "-ing" form in the lemma table: words that can be verbs."""
    return frozenset(
        lemma for form, lemma in lemma_table().items() if form.endswith("ing") and form != lemma
    )


def lemmatize(norm: str) -> str:
    """The lemma of a folded word: the table's entry or the word itself."""
    return lemma_table().get(norm, norm)
