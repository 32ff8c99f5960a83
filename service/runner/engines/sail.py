"""The default engine: a Sail Spark Connect server inside the sandbox (Delta via deltacompat)."""

from __future__ import annotations

from service.runner.engines import Engine
from service.settings import Settings


def sail_engine(settings: Settings) -> Engine:
    """Sail needs nothing beyond the Python environment; logs only errors."""
    return Engine(
        name="sail",
        startup_seconds=settings.code_startup_seconds,
        timeout_seconds=settings.code_timeout_seconds,
        memory_bytes=settings.code_memory_mb * 1024 * 1024,
        env={"RUST_LOG": "error"},
        config={"name": "sail"},
    )
