"""Compiled twins of scoring modules (scripts/compile_scoring.py): never older than the source.

Python imports `words.cpython-311-<platform>.so` before `words.py` when both are there, so a twin
built before the source was edited would run the old code. The scoring package refuses that at
import, naming the modules and the command that builds them again.
"""

from __future__ import annotations

from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
REBUILD = "make setup (or python scripts/compile_scoring.py)"


def stale_twins(folders: list[Path]) -> list[Path]:
    """The sources in `folders` whose compiled twin is older than them (or that are gone)."""
    stale = []
    for folder in folders:
        for twin in folder.iterdir():
            suffix = next((s for s in EXTENSION_SUFFIXES if twin.name.endswith(s)), None)
            if suffix is None or twin.name.endswith(f"__mypyc{suffix}"):  # the shared runtime
                continue
            source = twin.with_name(twin.name.removesuffix(suffix) + ".py")
            if not source.exists() or source.stat().st_mtime > twin.stat().st_mtime:
                stale.append(source)
    return sorted(stale)


def check_twins() -> None:
    """Raise ImportError when a compiled scoring module is older than its source."""
    stale = stale_twins([PACKAGE, PACKAGE / "matchers"])
    if stale:
        names = ", ".join(str(path.relative_to(PACKAGE.parent.parent)) for path in stale)
        raise ImportError(f"compiled scoring modules are older than their source ({names}): "
                          f"run {REBUILD}")
