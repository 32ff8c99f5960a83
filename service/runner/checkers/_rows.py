"""Shared comparison: column names first, then rows with pyspark's assertDataFrameEqual."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from pyspark.errors import PySparkAssertionError
from pyspark.sql import Row
from pyspark.sql import types as T
from pyspark.testing import assertDataFrameEqual

from service.content.models import Comparison
from service.runner.checkers import CheckOutcome, Table

MAX_DIFF_CHARS = 4000
_ANSI_COLOR = re.compile(r"\x1b\[[0-9;]*m")
_FRACTIONAL = (T.FloatType, T.DoubleType)
_INTEGRAL = (T.ByteType, T.ShortType, T.IntegerType, T.LongType)
Cast = Callable[[Any], Any]


def _keep(value: Any) -> Any:
    return value


def _to_float(value: Any) -> Any:
    return None if value is None else float(value)


def _to_decimal(value: Any) -> Any:
    return None if value is None else Decimal(value)


def _casts(actual: T.DataType, expected: T.DataType) -> tuple[Cast, Cast]:
    """How to bring an actual and an expected column to one comparable numeric type: a
    BIGINT or DECIMAL result matches a DOUBLE expectation within the tolerance, and so on."""
    if isinstance(expected, _FRACTIONAL) and isinstance(actual, (*_INTEGRAL, T.DecimalType)):
        return _to_float, _keep
    if isinstance(expected, T.DecimalType) and isinstance(actual, _FRACTIONAL):
        return _keep, _to_float
    if isinstance(expected, T.DecimalType) and isinstance(actual, _INTEGRAL):
        return _to_decimal, _keep
    return _keep, _keep


def _positions(actual: Table, expected: Table, compare: Comparison) -> list[int] | None:
    """Where each expected column is in the actual rows (names compared case-insensitively)."""
    wanted = [name.lower() for name in expected.schema.names]
    got = [name.lower() for name in actual.schema.names]
    if wanted == got:
        return list(range(len(got)))
    if compare.ignore_column_order and sorted(wanted) == sorted(got):
        return [got.index(name) for name in wanted]
    return None


def _readable(text: str) -> str:
    text = _ANSI_COLOR.sub("", text)
    return text if len(text) <= MAX_DIFF_CHARS else text[:MAX_DIFF_CHARS] + "\n…"


def compare_tables(
    actual: Table, expected: Table, compare: Comparison, *, ordered: bool
) -> CheckOutcome:
    """Compare column names, then rows (within rtol/atol; in order when `ordered`)."""
    positions = _positions(actual, expected, compare)
    if positions is None:
        return CheckOutcome(
            False, f"Columns differ: expected {expected.schema.names}, got {actual.schema.names}"
        )
    names = expected.schema.names
    casts = [
        _casts(actual.schema.fields[p].dataType, field.dataType)
        for p, field in zip(positions, expected.schema.fields, strict=True)
    ]
    actual_rows = [
        Row(**{n: cast[0](row[p]) for n, p, cast in zip(names, positions, casts, strict=True)})
        for row in actual.rows
    ]
    expected_rows = [
        Row(**{name: cast[1](v) for name, v, cast in zip(names, row, casts, strict=True)})
        for row in expected.rows
    ]
    try:
        assertDataFrameEqual(
            actual_rows, expected_rows, checkRowOrder=ordered, rtol=compare.rtol,
            atol=compare.atol,
        )
    except PySparkAssertionError as error:
        return CheckOutcome(False, _readable(str(error)))
    return CheckOutcome(True)
