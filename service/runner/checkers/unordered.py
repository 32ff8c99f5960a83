"""The default checker: the same rows in any order."""

from __future__ import annotations

from service.content.models import Comparison
from service.runner.checkers import CheckOutcome, Table
from service.runner.checkers._rows import compare_tables


def check(actual: Table, expected: Table, compare: Comparison) -> CheckOutcome:
    """Rows match as a multiset; floats within the comparison's tolerance."""
    return compare_tables(actual, expected, compare, ordered=False)
