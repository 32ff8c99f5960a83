"""What item analytics needs of one graded answer, computed where the answers are (in Spark
executors or a loop): the stored breakdown (JSON) in, a compact row out."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pandas as pd

from service.regrade.rescore import criterion_points

# columns of a feature row, with their Spark SQL types
FEATURE_SCHEMA = (
    "scenario_id string, score double, passed boolean, reviewed_score double, "
    "criteria string, concepts string"
)
FEATURE_COLUMNS = tuple(part.split()[0] for part in FEATURE_SCHEMA.split(", "))


def matched_concepts(detail: dict) -> list[str]:
    """The concept terms a breakdown matched, sorted, each once."""
    return sorted({e["concept"] for c in detail.get("criteria", []) for e in c["matched"]})


def feature_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Staged answers with reviews (service/regrade/source.answers_query) → FEATURE_COLUMNS:
    criteria as JSON {id: [earned, possible]}, concepts as a JSON list."""
    rows = []
    for answer in frame.itertuples(index=False):
        detail = json.loads(answer.old_detail_json) if answer.old_detail_json else {}
        rows.append((
            answer.scenario_id, answer.old_score, bool(answer.old_passed), answer.reviewed_score,
            json.dumps(criterion_points(detail), sort_keys=True),
            json.dumps(matched_concepts(detail)),
        ))
    return pd.DataFrame.from_records(rows, columns=list(FEATURE_COLUMNS))


def features(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """The `mapInPandas` function of `grader analytics`."""
    for frame in frames:
        yield feature_frame(frame)
