"""Rubric scoring engine: explainable, deterministic, LLM-free.

Text and a rubric in, a breakdown out; no Flask, no database, no I/O beyond loading the language
resources (spaCy's tokenizer, the lemma tables, the domain lexicon, the WordNet
related-words table) once. The matching modules may run compiled (service/scoring/native.py).
"""

from service.scoring.native import check_twins

check_twins()  # before any compiled module is imported

from service.scoring.breakdown import (  # noqa: E402
    Breakdown,
    CriterionResult,
    Evidence,
    Flags,
    MisconceptionHit,
)
from service.scoring.draft import draft_rubric  # noqa: E402
from service.scoring.engine import ENGINE_VERSION, score_answer  # noqa: E402

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
