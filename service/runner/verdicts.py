"""Verdicts and result models of one graded code submission."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field


class Verdict(StrEnum):
    """The outcome of one test, or of a whole submission (its first failing test's verdict)."""

    accepted = "accepted"
    wrong_answer = "wrong_answer"
    runtime_error = "runtime_error"
    time_limit = "time_limit"
    memory_limit = "memory_limit"
    output_limit = "output_limit"
    sandbox_error = "sandbox_error"
    unsupported = "unsupported"


class TestResult(BaseModel):
    """One visible example or hidden test of a submission."""

    __test__ = False  # not a pytest test class

    name: str
    hidden: bool
    verdict: Verdict
    points: float = Field(ge=0)
    max_points: float = Field(gt=0)
    message: str | None = Field(
        default=None, description="diff (wrong_answer) or trimmed traceback (runtime_error)"
    )
    stdout: str | None = Field(default=None, description="what the test printed, capped")
    seconds: float | None = None

    @property
    def passed(self) -> bool:
        """Whether the test was accepted."""
        return self.verdict is Verdict.accepted

    def candidate_view(self) -> dict[str, Any]:
        """Visible tests in full; hidden tests only say whether they passed and their points."""
        if self.hidden:
            return {
                "name": self.name,
                "hidden": True,
                "passed": self.passed,
                "points": self.points,
                "max_points": self.max_points,
            }
        return {**self.model_dump(mode="json", exclude={"seconds"}), "passed": self.passed}


class CodeResult(BaseModel):
    """The graded submission: overall verdict, points and one result per test."""

    verdict: Verdict
    points: float = Field(ge=0)
    max_points: float = Field(ge=0)
    tests: list[TestResult] = Field(default_factory=list)
    engine: str
    message: str | None = Field(
        default=None, description="why the whole run failed (sandbox_error, unsupported, ...)"
    )
    seconds: float | None = Field(default=None, description="wall time of the sandbox run")

    @property
    def passed(self) -> bool:
        """Whether the whole submission was accepted."""
        return self.verdict is Verdict.accepted

    def candidate_view(self) -> dict[str, Any]:
        """What a candidate may see: never hidden inputs, expected rows or hidden-test messages."""
        return {
            "verdict": self.verdict.value,
            "points": self.points,
            "max_points": self.max_points,
            "engine": self.engine,
            "message": self.message,
            "tests": [test.candidate_view() for test in self.tests],
        }
