"""Rubric scoring engine: pure Python, explainable, LLM-free.

Text and a rubric in, a breakdown out; no Flask, no database, no I/O beyond loading the language
resources (spaCy's tokenizer, the lemma tables, the domain lexicon, the WordNet
related-words table) once.
"""

from service.scoring.breakdown import (
    Breakdown,
    CriterionResult,
    Evidence,
    Flags,
    MisconceptionHit,
)
from service.scoring.draft import draft_rubric
from service.scoring.engine import ENGINE_VERSION, score_answer

__all__ = [
    "ENGINE_VERSION",
    "Breakdown",
    "CriterionResult",
    "Evidence",
    "Flags",
    "MisconceptionHit",
    "draft_rubric",
    "score_answer",
]
