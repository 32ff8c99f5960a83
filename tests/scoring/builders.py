"""Small rubrics built in code for the scoring tests (independent of the content bank)."""

from __future__ import annotations

from typing import Any

from service.content.models import Concept, Criterion, Misconception, Rubric


def concept(term: str, **fields: Any) -> Concept:
    return Concept(term=term, **fields)


def criterion(cid: str, concepts: list[Concept], points: float = 10, **fields: Any) -> Criterion:
    return Criterion(
        id=cid,
        title=f"Title of {cid}",
        points=points,
        concepts=concepts,
        feedback=f"Hint for {cid}",
        expected=f"Interviewer note for {cid}",
        **fields,
    )


def rubric(
    *criteria: Criterion,
    misconceptions: tuple[Misconception, ...] = (),
    pass_score: float = 60,
    reference: str = "A reference answer that is long enough to compare lengths with.",
    min_words: int | None = None,
) -> Rubric:
    return Rubric(
        id="test-rubric",
        reference_answer=reference,
        pass_score=pass_score,
        min_words=min_words,
        criteria=list(criteria),
        misconceptions=list(misconceptions),
    )


def one_concept(term: str, **fields: Any) -> Rubric:
    """A rubric with a single criterion holding a single concept."""
    return rubric(criterion("only", [concept(term, **fields)]))


def misconception(mid: str, signals: list[list[str]], deduction: float = 5) -> Misconception:
    feedback = f"Reconsider claim {len(signals)}."
    return Misconception(
        id=mid, statement=f"Wrong belief {mid}", signals=signals, deduction=deduction,
        feedback=feedback,
    )
