"""For tasks whose output order matters (top-N, sorted reports): same rows, same order."""

from __future__ import annotations

from service.content.models import Comparison
from service.runner.checkers import CheckOutcome, Table
from service.runner.checkers._rows import compare_tables


def check(actual: Table, expected: Table, compare: Comparison) -> CheckOutcome:
    """Rows match one by one in order; floats within the comparison's tolerance."""
    return compare_tables(actual, expected, compare, ordered=True)
