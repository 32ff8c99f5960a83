"""The shipped content bank, and the per-scenario answer files the content tests read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from service.content.bank import load_bank
from service.settings import Settings

SETTINGS = Settings()
BANK = load_bank(SETTINGS.scenarios_dir, SETTINGS.rubrics_dir)
WRITTEN = sorted(i for i, e in BANK.entries.items() if e.rubric.criteria)


def answer_files(folder: str, key: str) -> dict[str, Any]:
    """Scenario id -> the `key` entry of each YAML file in tests/content/<folder>/."""
    files = sorted((Path(__file__).parent / folder).glob("*.yaml"))
    return {doc["scenario"]: doc[key] for doc in (yaml.safe_load(p.read_text()) for p in files)}
