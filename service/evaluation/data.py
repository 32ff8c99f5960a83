"""Reading human-graded answers: the project's JSON Lines import format.

One answer per line: question_id, question, reference_answers (list), answer, score, max_score,
and optionally label (e.g. "correct" / "contradictory" / "incorrect").
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class GradedAnswer(BaseModel):
    """One human-graded answer."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    question_id: str = Field(min_length=1)
    question: str
    reference_answers: list[str] = Field(min_length=1)
    answer: str
    score: float
    max_score: float = Field(gt=0)
    label: str | None = None


class DataError(ValueError):
    """A line of a data file is not a valid graded answer; says which line and field."""


def read_graded(path: Path) -> list[GradedAnswer]:
    """Every graded answer of a JSONL file, in file order (blank lines skipped)."""
    answers = []
    with Path(path).open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                answers.append(GradedAnswer.model_validate(json.loads(line)))
            except json.JSONDecodeError as exc:
                raise DataError(f"{path}:{number}: not valid JSON: {exc.msg}") from exc
            except ValidationError as exc:
                err = exc.errors()[0]
                field = ".".join(str(p) for p in err["loc"]) or "(line)"
                raise DataError(f"{path}:{number}: {field}: {err['msg']}") from exc
    if not answers:
        raise DataError(f"{path}: no graded answers")
    return answers
