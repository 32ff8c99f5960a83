"""Pluggable result checkers, picked by name with `compare.checker` in the content.

A checker is a module here with `check(actual: Table, expected: Table, compare: Comparison)
-> CheckOutcome`. Comparisons run outside the sandbox, on lists of pyspark Rows.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from service.content.models import Comparison

if TYPE_CHECKING:  # pyspark loads in 0.1 s: listing checkers (`grader lint`) does not need it
    from pyspark.sql import Row
    from pyspark.sql.types import StructType


@dataclass(frozen=True)
class Table:
    """Rows with their schema: an expected table or what a solution produced."""

    schema: StructType
    rows: list[Row]


@dataclass(frozen=True)
class CheckOutcome:
    """Whether the result matched, and a readable diff when it did not."""

    passed: bool
    diff: str | None = None


Checker = Callable[[Table, Table, Comparison], CheckOutcome]


@cache
def _module_names() -> tuple[str, ...]:
    """The checker modules of this package, listed once per process."""
    return tuple(
        sorted(
            module.name
            for module in pkgutil.iter_modules(__path__)
            if not module.name.startswith("_")
        )
    )


def checker_names() -> list[str]:
    """Names usable as `compare.checker`."""
    return list(_module_names())


def get_checker(name: str) -> Checker:
    """The `check` function of the checker module `name`; KeyError when there is none."""
    if name not in _module_names():
        raise KeyError(f"unknown checker {name!r}; known: {', '.join(_module_names())}")
    return importlib.import_module(f"{__name__}.{name}").check
