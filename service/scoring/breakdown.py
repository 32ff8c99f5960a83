"""The result of scoring one answer: pydantic models, serialisable as JSON."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

MatchKind = Literal["exact", "lemma", "alias", "abbreviation", "fuzzy", "idea"]


class Result(BaseModel):
    """Base of the result models: immutable once built."""

    model_config = ConfigDict(frozen=True)


class Evidence(Result):
    """A span of the answer that mentions a concept (offsets into the original answer)."""

    concept: str = Field(description="the concept's canonical term")
    start: int
    end: int
    text: str = Field(description="answer[start:end]")
    kind: MatchKind
    similarity: float | None = Field(default=None, description="0-100, for fuzzy matches")
    negated_by: str | None = Field(
        default=None, description="the negation word(s) that negate this mention, if any"
    )
    words: list[str] | None = Field(
        default=None,
        description="for an idea match: the answer's words that filled the pattern's slots",
    )
    pattern: str | None = Field(default=None, description="for an idea match: the pattern")


class CriterionResult(Result):
    """Points of one rubric criterion and the evidence behind them."""

    id: str
    title: str
    points_earned: float
    points_possible: float
    matched: list[Evidence] = Field(description="mentions that earned points")
    missing: list[str] = Field(description="terms of the concepts not found")
    negated: list[Evidence] = Field(
        description="mentions with the wrong polarity: negated ('not X'), or a concept stated "
        "as a negation ('no data loss') mentioned without one"
    )
    misconceptions: list[str] = Field(description="ids of misconceptions hit under this criterion")
    feedback: str = Field(description="hint for the candidate")
    expected: str = Field(description="what the interviewer should expect")


class MisconceptionHit(Result):
    """A misconception stated in the answer (or stated but negated, then without deduction)."""

    id: str
    statement: str
    feedback: str
    deduction: float = Field(description="points taken off the total (0 when negated)")
    negated: bool
    evidence: list[Evidence]


class Flags(Result):
    """Answer-level observations."""

    too_short: bool = Field(description="far shorter than the reference answer")
    keyword_stuffing: bool = Field(
        description="a bare list of terms rather than an explanation; the score is capped"
    )
    copied_question: bool = Field(description="mostly the question's own text")


class Breakdown(Result):
    """Total score, pass/fail, and per criterion the points with their evidence."""

    score: float = Field(ge=0, le=100)
    passed: bool
    pass_score: float
    criteria: list[CriterionResult]
    misconceptions: list[MisconceptionHit]
    flags: Flags
    capped: str | None = Field(
        default=None,
        description="why the score was capped at half the pass score (a keyword list, or too "
        "short), in plain words; None when it was not",
    )
    word_count: int
    engine_version: str

    def candidate_view(self) -> dict[str, Any]:
        """What a candidate may see: no concept terms, aliases, evidence or signals."""
        return {
            "score": self.score,
            "passed": self.passed,
            "criteria": [
                {
                    "title": c.title,
                    "points_earned": c.points_earned,
                    "points_possible": c.points_possible,
                    "feedback": c.feedback,
                }
                for c in self.criteria
            ],
            "misconceptions": [
                {"feedback": m.feedback, "deduction": m.deduction}
                for m in self.misconceptions
                if not m.negated
            ],
            "flags": self.flags.model_dump(),
            "capped": self.capped,
            "engine_version": self.engine_version,
        }
