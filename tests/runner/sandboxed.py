"""Helpers for tests that run code in the real sandbox."""

from __future__ import annotations

import json
from typing import Any

from service.runner import grade
from service.runner.verdicts import CodeResult
from service.settings import Settings
from tests.runner.demo_tasks import totals_task

# What tests run with: generous for a loaded 2-core CI machine, short enough for time limits.
TEST_SETTINGS = {"code_timeout_seconds": 12.0, "code_pool_size": 2}


def settings(**overrides: Any) -> Settings:
    """Settings for sandbox tests (strict mode unless overridden)."""
    return Settings(**{**TEST_SETTINGS, **overrides})


def run_totals(code: str, engine: str | None = None, **overrides: Any) -> CodeResult:
    """Grade `code` against the demo totals task."""
    scenario, rubric = totals_task()
    return grade(scenario, rubric, code, settings(**overrides), engine=engine)


def facts_from(result: CodeResult) -> dict[str, Any]:
    """The JSON a probe printed in the visible test (probes print one JSON document)."""
    return json.loads(result.tests[0].stdout)
