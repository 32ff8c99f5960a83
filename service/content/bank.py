"""Loading the scenario bank: YAML files in, validated models and lint problems out."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from service.content.models import Kind, Rubric, Scenario
from service.yamltext import load_yaml


@dataclass(frozen=True)
class Problem:
    """One lint finding, printed as `file: field: problem`."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


@dataclass(frozen=True)
class Entry:
    """A scenario with its rubric and the content version of the pair."""

    scenario: Scenario
    rubric: Rubric
    version: str
    scenario_text: str
    rubric_text: str


@dataclass
class Bank:
    """All scenarios by id, in source order, plus the problems found loading them."""

    entries: dict[str, Entry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def get(self, scenario_id: str) -> Entry | None:
        """The entry with this id, or None."""
        return self.entries.get(scenario_id)

    def scenarios(self) -> list[Scenario]:
        """The public scenarios, in source order."""
        return [entry.scenario for entry in self.entries.values()]


class InvalidContent(Exception):
    """Raised when the bank has lint problems; the message lists them one per line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def content_version(scenario_text: str, rubric_text: str) -> str:
    """Hash of both files, stored with every score so old scores stay explainable."""
    digest = hashlib.sha256()
    for text in (scenario_text, rubric_text):
        data = text.encode("utf-8")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()[:16]


def _location(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(root)"


def _parse(path: Path, model: type[BaseModel], problems: list[Problem]) -> BaseModel | None:
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        problems.append(Problem(str(path), "(file)", f"not valid YAML: {exc}".replace("\n", " ")))
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            problems.append(Problem(str(path), _location(err["loc"]), err["msg"]))
        return None


def _check_pair(
    scenario: Scenario, rubric: Rubric, scenario_file: str, rubric_file: str
) -> list[Problem]:
    from service.content.code_checks import check_code

    files = {"scenario": scenario_file, "rubric": rubric_file}
    problems = [Problem(files[k], field, msg) for k, field, msg in check_code(scenario, rubric)]
    if scenario.kind in (Kind.written, Kind.both) and not rubric.criteria:
        problems.append(Problem(rubric_file, "criteria", "a written task needs criteria"))
    if scenario.kind in (Kind.code, Kind.both) and rubric.code is None:
        problems.append(Problem(rubric_file, "code", "a code task needs hidden tests"))
    if scenario.kind is Kind.written and rubric.code is not None:
        problems.append(Problem(rubric_file, "code", "the scenario is written-only"))
    seen: dict[str, str] = {}
    for ci, criterion in enumerate(rubric.criteria):
        for ki, concept in enumerate(criterion.concepts):
            for term in (concept.term, *concept.aliases):
                key = " ".join(term.casefold().split())
                where = f"criteria.{ci}.concepts.{ki}"
                if key in seen and seen[key] != where:
                    problems.append(
                        Problem(rubric_file, where, f"alias '{term}' also used at {seen[key]}")
                    )
                seen.setdefault(key, where)
    ids = [c.id for c in rubric.criteria]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(Problem(rubric_file, "criteria", f"duplicate criterion id '{dup}'"))
    return problems


def _check_ideas(rubric: Rubric, rubric_file: str) -> list[Problem]:
    """Every idea pattern needs two slots or more, each with a content word, or is one word
    (a slot of alternatives alone would just be aliases that match too much)."""
    from service.scoring.compiled import compile_rubric
    from service.scoring.ideas import idea_problem

    return [
        Problem(rubric_file, f"criteria.{ci}.concepts.{ki}.ideas.{ii}", problem)
        for ci, criterion in enumerate(compile_rubric(rubric).criteria)
        for ki, concept in enumerate(criterion.concepts)
        for ii, idea in enumerate(concept.ideas)
        if (problem := idea_problem(idea)) is not None
    ]


def _check_reference(rubric: Rubric, rubric_file: str) -> list[Problem]:
    """Every concept of the rubric must be found in its own reference answer."""
    from service.scoring import score_answer

    breakdown = score_answer(rubric, rubric.reference_answer)
    problems = []
    for ci, result in enumerate(breakdown.criteria):
        for term in result.missing:
            problems.append(
                Problem(
                    rubric_file,
                    f"criteria.{ci}.concepts",
                    f"concept '{term}' is not found in the reference_answer",
                )
            )
    return problems


def _yaml_files(folder: Path, only: str | None) -> dict[str, Path]:
    """File stem -> path of the folder's YAML files, or of the one named `only` when it exists."""
    if only is None:
        return {p.stem: p for p in sorted(Path(folder).glob("*.yaml"))}
    path = Path(folder) / f"{only}.yaml"
    return {only: path} if path.name == f"{only}.yaml" and path.is_file() else {}


def load_bank(scenarios_dir: Path, rubrics_dir: Path, only: str | None = None) -> Bank:
    """Read and cross-check every scenario and rubric (or `only` the pair with this id, for a
    command that needs one); problems are collected, not raised."""
    bank = Bank()
    scenario_files = _yaml_files(scenarios_dir, only)
    rubric_files = _yaml_files(rubrics_dir, only)
    for stem in sorted(rubric_files.keys() - scenario_files.keys()):
        bank.problems.append(Problem(str(rubric_files[stem]), "id", "no scenario with this id"))
    loaded: list[Entry] = []
    numbers: dict[int, str] = {}
    for stem, s_path in scenario_files.items():
        scenario = _parse(s_path, Scenario, bank.problems)
        r_path = rubric_files.get(stem)
        if r_path is None:
            bank.problems.append(Problem(str(s_path), "id", "no rubric file with this id"))
            continue
        rubric = _parse(r_path, Rubric, bank.problems)
        if scenario is None or rubric is None:
            continue
        assert isinstance(scenario, Scenario) and isinstance(rubric, Rubric)
        file_problems = []
        for path, model in ((s_path, scenario), (r_path, rubric)):
            if model.id != stem:
                file_problems.append(
                    Problem(str(path), "id", f"'{model.id}' does not match file name '{stem}'")
                )
        if scenario.source_number in numbers:
            file_problems.append(
                Problem(
                    str(s_path),
                    "source_number",
                    f"{scenario.source_number} is also used by '{numbers[scenario.source_number]}'",
                )
            )
        numbers.setdefault(scenario.source_number, stem)
        file_problems += _check_pair(scenario, rubric, str(s_path), str(r_path))
        file_problems += _check_ideas(rubric, str(r_path))
        if not file_problems and rubric.criteria:
            file_problems += _check_reference(rubric, str(r_path))
        bank.problems += file_problems
        if file_problems:
            continue
        s_text = s_path.read_text(encoding="utf-8")
        r_text = r_path.read_text(encoding="utf-8")
        loaded.append(Entry(scenario, rubric, content_version(s_text, r_text), s_text, r_text))
    for entry in sorted(loaded, key=lambda e: (e.scenario.source_number, e.scenario.id)):
        bank.entries[entry.scenario.id] = entry
    return bank


def load_valid_bank(scenarios_dir: Path, rubrics_dir: Path) -> Bank:
    """Like load_bank, but raise InvalidContent when anything is wrong."""
    bank = load_bank(scenarios_dir, rubrics_dir)
    if bank.problems:
        raise InvalidContent(bank.problems)
    return bank
