"""Fixtures for regrade tests: the service on copies of the content, with answers stored."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from service import create_app
from service.content.bank import Bank, load_valid_bank
from service.interviews.services import Services
from service.settings import Settings
from tests.regrade.answers import add_alias, copy_content, sample_answers, store_answers

SCENARIO = "api-downtime-handling"
ALIAS = "tripwire"  # a new alias of the concept "circuit breaker" (criterion "resilience")
WITH_ALIAS = " We would also put a tripwire in front of the API calls."


@dataclass
class Stored:
    """The service, its answers, and which of them contain the new alias."""

    services: Services
    settings: Settings
    rubrics_dir: Path
    submission_ids: list[str]
    with_alias: set[str]

    def changed_bank(self) -> Bank:
        """The bank after the rubric change (the alias added to the rubric copy)."""
        add_alias(self.rubrics_dir, SCENARIO, "resilience", "circuit breaker", ALIAS)
        return load_valid_bank(self.settings.scenarios_dir, self.rubrics_dir)


@pytest.fixture
def stored(database_url: str, tmp_path: Path):
    """Six sample answers to one scenario, two of them with the future alias appended, and a
    strong answer to another scenario, graded with the shipped rubrics."""
    scenarios_dir, rubrics_dir = copy_content(tmp_path)
    settings = Settings(database_url=database_url, scenarios_dir=scenarios_dir,
                        rubrics_dir=rubrics_dir)
    app = create_app(settings)
    services = app.extensions["grader.services"]
    samples = sample_answers(SCENARIO)
    answers = [(SCENARIO, text) for text in samples.values()]
    answers += [(SCENARIO, samples["weak"] + WITH_ALIAS), (SCENARIO, samples["partial"] +
                                                            WITH_ALIAS)]
    answers.append(("star-schema-design", sample_answers("star-schema-design")["strong"]))
    ids = store_answers(services, answers)
    yield Stored(services, settings, rubrics_dir, ids, set(ids[len(samples):len(samples) + 2]))
    services.db.dispose()
