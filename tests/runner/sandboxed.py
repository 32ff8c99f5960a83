"""Helpers for tests that run code in the real sandbox."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from service.runner import cgroups, grade
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


def alive(pid: int) -> bool:
    """Whether `pid` is a live process (not gone, not a zombie waiting for its reaper)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def processes_of(uids: range) -> list[int]:
    """Host pids of the live processes running as one of `uids`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid in uids and alive(int(entry.name)):
                    found.append(int(entry.name))
            except FileNotFoundError:
                continue
    return found


def cgroup_bases() -> list[Path]:
    """The directories sandbox cgroups are created in (one for v2, memory and pids for v1)."""
    backend, _ = cgroups.detect()
    return [getattr(backend, name) for name in ("memory_base", "pids_base", "base")
            if hasattr(backend, name)]


def sandbox_cgroup(pid: int) -> str:
    """The name of the sandbox cgroup (grader-...) process `pid` is in."""
    text = Path(f"/proc/{pid}/cgroup").read_text()
    return re.search(r"grader-[0-9.]+-[0-9a-f]{12}", text).group(0)


def cgroup_members(name: str) -> list[int]:
    """Host pids in the sandbox cgroup called `name`."""
    return sorted({int(pid) for base in cgroup_bases() if (base / name).exists()
                   for pid in (base / name / "cgroup.procs").read_text().split()})


def cgroup_exists(name: str) -> bool:
    """Whether the sandbox cgroup called `name` still has a directory."""
    return any((base / name).exists() for base in cgroup_bases())


def sandbox_cgroups() -> set[str]:
    """Names of the sandbox cgroups under this service's cgroup."""
    backend, _ = cgroups.detect()
    return backend.names()


# Left by processes killed before this test run started (a SIGKILLed worker cannot remove its
# sandbox's cgroup); read at collection, before any test of this run builds a sandbox.
LEFT_BEFORE_THIS_RUN = frozenset(sandbox_cgroups())
