"""Outcomes of a regrade, answer by answer, on any engine (for engine equality tests)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd

from service.content.bank import Bank
from service.regrade.rescore import OUTCOME_SCHEMA, rescorer, rubric_pack
from service.regrade.run import stage, written_scenarios


def outcomes(db, bank: Bank, engine) -> pd.DataFrame:
    """Every answer's outcome with its full new breakdown, sorted by submission id."""
    ids = written_scenarios(bank)
    with tempfile.TemporaryDirectory() as tmp:
        staged = Path(tmp) / "answers"
        stage(db, staged, ids, None, chunk=3)  # several files: several partitions
        frames = list(engine.map(staged, rescorer(rubric_pack(bank, ids), True), OUTCOME_SCHEMA))
    return pd.concat(frames).sort_values("submission_id").reset_index(drop=True)
