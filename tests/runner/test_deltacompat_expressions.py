"""deltacompat.expressions: Spark SQL and Columns rewritten for delta-rs's SQL dialect."""

from __future__ import annotations

import datetime as dt

import pytest
from pyspark.sql import functions as F

from service.runner.deltacompat.errors import DeltaCompatError
from service.runner.deltacompat.expressions import Names, target_column, to_delta_sql

MERGE_NAMES = Names.build(
    [("t", "t", ["orderId", "Name", "date"]), ("s", "s", ["orderId", "Name", "op", "date"])]
)


@pytest.mark.parametrize(
    ("spark_sql", "delta_sql"),
    [
        ("t.orderId = s.orderId", "t.orderId = s.orderId"),
        ("T.ORDERID = s.orderid", "t.`orderId` = s.`orderId`"),
        ("`T`.`name` = s.`Name`", "`t`.`Name` = s.`Name`"),
        ('s.op = "d"', "s.op = 'd'"),
        ("s.op IN (\"c\", 'u')", "s.op IN ('c', 'u')"),
        ("s.Name = 'it\\'s'", "s.Name = 'it''s'"),
        ("s.op == 'd' OR s.date > DATE '2024-01-02'", "s.op == 'd' OR s.date > DATE '2024-01-02'"),
        ("CAST(s.ORDERID AS DATE) IS NULL", "CAST(s.`orderId` AS DATE) IS NULL"),
        ("upper(name) <=> 'X'", "upper(`Name`) <=> 'X'"),
        ("s.orderId > 10L", "s.orderId > 10"),
    ],
)
def test_spark_sql_is_rewritten_only_where_delta_rs_reads_it_differently(spark_sql, delta_sql):
    assert to_delta_sql(spark_sql, MERGE_NAMES) == delta_sql


def test_a_dropped_alias_leaves_bare_column_names():
    names = Names.build([("t", None, ["orderId", "Name"])])

    assert to_delta_sql("T.orderid > 1 AND t.name IS NULL", names) == (
        "`orderId` > 1 AND `Name` IS NULL"
    )


def test_assignment_keys_name_target_columns_with_or_without_the_alias():
    assert target_column("T.name", MERGE_NAMES, "t") == "`Name`"
    assert target_column("`ORDERID`", MERGE_NAMES, "t") == "`orderId`"
    assert target_column("brand_new", MERGE_NAMES, "t") == "`brand_new`"


def test_columns_are_written_out_as_sql(spark):
    del spark  # Column functions need an active Spark Connect session
    condition = (
        (F.col("t.orderId") == F.col("s.orderId"))
        & F.col("s.op").isin("c", "u")
        & ~F.col("s.Name").isNull()
        & (F.col("s.date") >= F.lit(dt.date(2024, 1, 2)))
    )

    assert to_delta_sql(condition, MERGE_NAMES) == (
        "((((t.orderId = s.orderId) AND (s.op IN ('c', 'u'))) AND (NOT (s.Name IS NULL))) "
        "AND (s.date >= DATE '2024-01-02'))"
    )


def test_column_timestamps_literals_keep_their_instant(spark):
    del spark
    moment = dt.datetime(2024, 1, 1, 5, 30, tzinfo=dt.UTC)

    assert to_delta_sql(F.col("s.date") < F.lit(moment), MERGE_NAMES) == (
        "(s.date < TIMESTAMP '2024-01-01 05:30:00+00:00')"
    )


def test_unsupported_conditions_are_named_in_the_error():
    with pytest.raises(DeltaCompatError, match="SQL string or a Column"):
        to_delta_sql(42, MERGE_NAMES)  # type: ignore[arg-type]
