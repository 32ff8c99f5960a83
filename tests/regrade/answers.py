"""Helpers for regrade and analytics tests: content copies and answers stored the real way
(organisation, candidate, invite, the candidate submitting through the interview rules)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from sqlalchemy import func
from sqlmodel import select

from service.interviews import flow
from service.interviews.services import Services
from service.store.candidates import create_candidate
from service.store.db import session_scope
from service.store.keys import Principal, authenticate, create_org

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLES = ROOT / "tests" / "content" / "samples"


def copy_content(tmp_path: Path) -> tuple[Path, Path]:
    """Copies of the shipped scenarios and rubrics (scenarios_dir, rubrics_dir)."""
    scenarios, rubrics = tmp_path / "scenarios", tmp_path / "rubrics"
    shutil.copytree(ROOT / "scenarios", scenarios)
    shutil.copytree(ROOT / "rubrics", rubrics)
    return scenarios, rubrics


def add_alias(rubrics_dir: Path, scenario_id: str, criterion_id: str, term: str,
              alias: str) -> None:
    """Give concept `term` of a rubric copy one more alias."""
    path = rubrics_dir / f"{scenario_id}.yaml"
    rubric = yaml.safe_load(path.read_text())
    criterion = next(c for c in rubric["criteria"] if c["id"] == criterion_id)
    concept = next(c for c in criterion["concepts"] if c["term"] == term)
    concept.setdefault("aliases", []).append(alias)
    path.write_text(yaml.safe_dump(rubric, sort_keys=False))


def sample_answers(scenario_id: str) -> dict[str, str]:
    """The bank's sample answers of a scenario, by label (strong, partial, weak, ...)."""
    return yaml.safe_load((SAMPLES / f"{scenario_id}.yaml").read_text())["answers"]


def store_answers(services: Services, answers: list[tuple[str, str]],
                  org_name: str = "Org A") -> list[str]:
    """Store each (scenario_id, text) as the answer of its own interview; submission ids out."""
    with session_scope(services.db) as session:
        org = create_org(session, org_name)
    portal = Principal(org_id=org.id, role="portal", key_id=None)
    ids = []
    for number, (scenario_id, text) in enumerate(answers):
        with session_scope(services.db) as session:
            candidate = create_candidate(session, org.id, f"c{number}@example.com", None, "test")
        _, token = flow.create_interview(services, portal, candidate.id,
                                         scenario_ids=[scenario_id])
        with session_scope(services.db) as session:
            candidate_principal = authenticate(session, token)
        submission, _ = flow.submit_text(services, candidate_principal, scenario_id, text)
        ids.append(submission.id)
    return ids


def count_rows(services: Services, model: type) -> int:
    """How many rows a table holds."""
    with session_scope(services.db) as session:
        return session.exec(select(func.count()).select_from(model)).one()
