"""Pydantic models of the two content files: public scenarios and private rubrics.

`scenarios/<id>.yaml` is what a candidate may see; `rubrics/<id>.yaml` never leaves the server.
The format is documented in docs/content-format.md.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

Slug = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=1, max_length=80)
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Strict(BaseModel):
    """Base for content models: unknown keys are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Difficulty(StrEnum):
    easy = "easy"
    medium = "medium"
    hard = "hard"


class Kind(StrEnum):
    written = "written"
    code = "code"
    both = "both"


# --- tables and code tasks -------------------------------------------------------------------


class TableVersion(Strict):
    """One commit of a Delta input table: its rows, written with `mode`."""

    mode: Annotated[str, StringConstraints(pattern=r"^(overwrite|append)$")] = "append"
    rows: list[list[Any]]


class InputTable(Strict):
    """A named input of a code task.

    `kind: dataframe` hands the solution a DataFrame; `kind: delta` writes the rows (or the
    successive `versions`) as a Delta table and hands the solution its path as a string.
    """

    ddl: Text = Field(description="Spark DDL schema, e.g. 'id INT, name STRING'")
    rows: list[list[Any]] = Field(default_factory=list)
    kind: Annotated[str, StringConstraints(pattern=r"^(dataframe|delta)$")] = "dataframe"
    versions: list[TableVersion] = Field(default_factory=list)

    @model_validator(mode="after")
    def _versions_only_for_delta(self) -> InputTable:
        if self.versions and self.kind != "delta":
            raise ValueError("versions are only allowed on kind: delta inputs")
        if self.versions and self.rows:
            raise ValueError("give either rows or versions, not both")
        return self


class ExpectedTable(Strict):
    """The rows a correct solution produces, with their schema."""

    ddl: Text
    rows: list[list[Any]]


class Comparison(Strict):
    """How a result is compared with the expected table: a named checker and its options."""

    checker: Slug = "unordered"
    rtol: float = Field(default=1e-5, ge=0)
    atol: float = Field(default=1e-8, ge=0)
    ignore_column_order: bool = False


class CodeTest(Strict):
    """One test: inputs by parameter name, the expected output, its points."""

    name: Text
    inputs: dict[str, InputTable]
    expected: ExpectedTable
    output: str = Field(
        default="return",
        pattern=r"^(return|table:[A-Za-z_][A-Za-z0-9_]*)$",
        description="'return' compares the returned DataFrame; 'table:NAME' reads the Delta "
        "input NAME after the solution ran",
    )
    args: dict[str, Any] = Field(default_factory=dict, description="extra scalar arguments")
    compare: Comparison = Comparison()
    points: float = Field(default=1.0, gt=0)


class VisibleExample(CodeTest):
    """A test the candidate sees in full; failing it shows a diff."""

    explanation: str | None = None


class CodeTask(Strict):
    """The public part of a code task."""

    statement: Text
    signature: Text = Field(description="e.g. 'def solve(spark, orders) -> DataFrame'")
    entrypoint: Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")] = "solve"
    starter_code: Text
    examples: list[VisibleExample] = Field(min_length=1)
    requires: list[Annotated[str, StringConstraints(pattern=r"^(delta|delta_history)$")]] = Field(
        default_factory=list, description="engine features the task needs"
    )


# --- scenarios ------------------------------------------------------------------------------


class Scenario(Strict):
    """What a candidate may see."""

    id: Slug
    source_number: int = Field(ge=1)
    title: Text
    prompt: Text
    context: Text
    tags: list[Text] = Field(min_length=1)
    difficulty: Difficulty
    kind: Kind
    time_limit_minutes: int = Field(ge=1, le=240)
    code: CodeTask | None = None

    @model_validator(mode="after")
    def _code_matches_kind(self) -> Scenario:
        if self.kind in (Kind.code, Kind.both) and self.code is None:
            raise ValueError(f"kind {self.kind.value} needs a code section")
        if self.kind is Kind.written and self.code is not None:
            raise ValueError("kind written must not have a code section")
        return self


# --- rubrics --------------------------------------------------------------------------------


SLOT_SEPARATOR, ALTERNATIVE_SEPARATOR = "+", "|"


def idea_slots(pattern: str) -> list[list[str]]:
    """The slots of an idea pattern, each as its alternatives: "refuse|reject + change" ->
    [["refuse", "reject"], ["change"]]."""
    return [
        [alternative.strip() for alternative in slot.split(ALTERNATIVE_SEPARATOR)]
        for slot in pattern.split(SLOT_SEPARATOR)
    ]


def _valid_idea(pattern: str) -> str:
    if any(not alternative for slot in idea_slots(pattern) for alternative in slot):
        raise ValueError(
            f"idea '{pattern}' has an empty slot or alternative: write slots as 'a|b + c|d'"
        )
    return pattern


IdeaPattern = Annotated[Text, AfterValidator(_valid_idea)]


class Concept(Strict):
    """A concept a good answer mentions: canonical term plus the ways candidates say it."""

    term: Text
    aliases: list[Text] = Field(default_factory=list)
    near: list[Text] = Field(
        default_factory=list,
        description="context words; when given, a mention counts only with one of them nearby",
    )
    any_order: bool = Field(
        default=False, description="multi-word term may appear in any order within a window"
    )
    required: bool = False
    weight: float = Field(default=1.0, gt=0)
    ideas: list[IdeaPattern] = Field(
        default_factory=list,
        description="the concept said without its name: slots of words ('a|b + c|d'), each "
        "slot with its alternatives, that must all occur close together in one sentence",
    )


class Misconception(Strict):
    """A wrong belief that deducts points when stated (and not negated)."""

    id: Slug
    statement: Text = Field(description="the wrong belief, for interviewers")
    signals: list[list[Text]] = Field(
        min_length=1,
        description="groups of phrases; it fires when every group has a phrase in one sentence",
    )
    deduction: float = Field(gt=0)
    feedback: Text


class Criterion(Strict):
    """A weighted part of the rubric, earned through its concepts."""

    id: Slug
    title: Text
    points: float = Field(gt=0)
    concepts: list[Concept] = Field(min_length=1)
    min_concepts: int | None = Field(
        default=None, ge=1, description="concepts needed for full points (default: all)"
    )
    answer_sets: list[Annotated[list[Text], Field(min_length=1)]] = Field(
        default_factory=list,
        description="alternative complete answers, each as the terms of the concepts it says: "
        "when given, the criterion earns its points times the largest share of one set's weight "
        "the answer matched (instead of min_concepts)",
    )
    feedback: Text = Field(description="hint for the candidate; must not give the answer away")
    expected: Text = Field(description="what the interviewer should expect")

    @model_validator(mode="after")
    def _min_concepts_fits(self) -> Criterion:
        if self.min_concepts is not None and self.min_concepts > len(self.concepts):
            raise ValueError("min_concepts is larger than the number of concepts")
        terms = {concept.term for concept in self.concepts}
        unknown = [term for terms_of_set in self.answer_sets for term in terms_of_set]
        unknown = [term for term in unknown if term not in terms]
        if unknown:
            raise ValueError(f"answer_sets name '{unknown[0]}', which is not a concept term here")
        return self


class HiddenTest(CodeTest):
    """A private test; candidates only learn whether it passed."""


class CodeRubric(Strict):
    """The private part of a code task."""

    reference_solution: Text
    tests: list[HiddenTest] = Field(min_length=1)
    plan_checks: list[Annotated[str, StringConstraints(pattern=r"^(no_python_udf)$")]] = Field(
        default_factory=list
    )
    wrong_solution: Text | None = Field(
        default=None, description="a plausible wrong answer, used by the content tests"
    )


class Rubric(Strict):
    """How answers to one scenario are graded. Never served to candidates."""

    id: Slug
    reference_answer: Text
    pass_score: float = Field(ge=0, le=100)
    min_words: int | None = Field(
        default=None,
        ge=1,
        description="an answer with fewer words is too short and cannot pass (default: 30 % of "
        "the reference answer's words, at most 25)",
    )
    criteria: list[Criterion] = Field(default_factory=list)
    misconceptions: list[Misconception] = Field(default_factory=list)
    code: CodeRubric | None = None
