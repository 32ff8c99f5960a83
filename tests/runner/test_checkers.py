"""Checkers compare column names, then rows, outside the sandbox with assertDataFrameEqual."""

from __future__ import annotations

import pytest

from service.content.models import Comparison
from service.runner.checkers import Table, checker_names, get_checker
from service.runner.harness.ddl import parse_ddl
from service.runner.harness.values import decode_rows


def table(ddl: str, rows: list[list]) -> Table:
    schema = parse_ddl(ddl)
    return Table(schema, decode_rows(rows, schema))


EXPECTED = table("customer STRING, total DOUBLE", [["a", 4.5], ["b", 2.0]])


def test_both_shipped_checkers_are_discoverable_by_name():
    assert {"ordered", "unordered"} <= set(checker_names())
    with pytest.raises(KeyError, match="unknown checker"):
        get_checker("no-such-checker")


def test_unordered_accepts_the_same_rows_in_another_order():
    actual = table("customer STRING, total DOUBLE", [["b", 2.0], ["a", 4.5]])
    assert get_checker("unordered")(actual, EXPECTED, Comparison()).passed


def test_ordered_rejects_the_same_rows_in_another_order_with_a_diff():
    actual = table("customer STRING, total DOUBLE", [["b", 2.0], ["a", 4.5]])
    outcome = get_checker("ordered")(actual, EXPECTED, Comparison(checker="ordered"))
    assert not outcome.passed
    assert "Row(customer='a', total=4.5)" in outcome.diff
    assert "\x1b[" not in outcome.diff


def test_wrong_value_gives_a_readable_row_diff():
    actual = table("customer STRING, total DOUBLE", [["a", 3.0], ["b", 2.0]])
    outcome = get_checker("unordered")(actual, EXPECTED, Comparison())
    assert not outcome.passed
    assert "Results do not match" in outcome.diff
    assert "total=3.0" in outcome.diff and "total=4.5" in outcome.diff


def test_floats_match_within_the_tolerance_only():
    close = table("customer STRING, total DOUBLE", [["a", 4.5 + 1e-9], ["b", 2.0]])
    far = table("customer STRING, total DOUBLE", [["a", 4.6], ["b", 2.0]])
    assert get_checker("unordered")(close, EXPECTED, Comparison()).passed
    assert get_checker("unordered")(far, EXPECTED, Comparison(rtol=0.05)).passed
    assert not get_checker("unordered")(far, EXPECTED, Comparison()).passed


def test_integer_and_decimal_results_match_a_double_expectation():
    as_long = table("customer STRING, total BIGINT", [["b", 2], ["a", 4]])
    expected = table("customer STRING, total DOUBLE", [["a", 4.0], ["b", 2.0]])
    assert get_checker("unordered")(as_long, expected, Comparison()).passed
    as_decimal = table("customer STRING, total DECIMAL(10,1)", [["b", "2.0"], ["a", "4.5"]])
    assert get_checker("unordered")(as_decimal, EXPECTED, Comparison()).passed


def test_column_names_must_match_unless_order_is_ignored():
    renamed = table("customer STRING, sum DOUBLE", [["a", 4.5], ["b", 2.0]])
    outcome = get_checker("unordered")(renamed, EXPECTED, Comparison())
    assert not outcome.passed and "Columns differ" in outcome.diff
    swapped = table("total DOUBLE, CUSTOMER STRING", [[4.5, "a"], [2.0, "b"]])
    assert not get_checker("unordered")(swapped, EXPECTED, Comparison()).passed
    loose = Comparison(ignore_column_order=True)
    assert get_checker("unordered")(swapped, EXPECTED, loose).passed


def test_missing_and_extra_rows_fail():
    fewer = table("customer STRING, total DOUBLE", [["a", 4.5]])
    more = table("customer STRING, total DOUBLE", [["a", 4.5], ["b", 2.0], ["c", 1.0]])
    assert not get_checker("unordered")(fewer, EXPECTED, Comparison()).passed
    assert not get_checker("unordered")(more, EXPECTED, Comparison()).passed
