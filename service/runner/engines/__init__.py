"""Host-side description of the Spark engines: what each needs bound into the sandbox, its
environment, limits, and which tasks it can run. The sessions themselves start inside the
sandbox (service/runner/harness/engines.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from service.content.models import CodeTask, CodeTest
from service.settings import Settings

ENGINE_NAMES = ("sail", "jvm")


@dataclass(frozen=True)
class Engine:
    """Everything the host needs to run one engine in a sandbox."""

    name: str
    startup_seconds: float
    timeout_seconds: float
    memory_bytes: int
    binds: tuple[Path, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    config: dict[str, Any] = field(default_factory=dict)
    has_delta: bool = True

    def unsupported_reason(self, task: CodeTask, tests: list[CodeTest]) -> str | None:
        """Why this engine cannot run the task, or None when it can."""
        uses_delta = bool(task.requires) or any(
            table.kind == "delta" or test.output != "return"
            for test in tests
            for table in test.inputs.values()
        )
        if uses_delta and not self.has_delta:
            return (
                f"the {self.name} engine has no Delta Lake here: set GRADER_DELTA_JARS to the "
                "delta-spark jars to run tasks that need Delta on it"
            )
        return None


def get_engine(name: str, settings: Settings) -> Engine:
    """The engine called `name` ("sail" or "jvm") configured from settings."""
    if name == "sail":
        from service.runner.engines.sail import sail_engine

        return sail_engine(settings)
    if name == "jvm":
        from service.runner.engines.jvm import jvm_engine

        return jvm_engine(settings)
    raise ValueError(f"unknown Spark engine {name!r}; choose one of {', '.join(ENGINE_NAMES)}")
