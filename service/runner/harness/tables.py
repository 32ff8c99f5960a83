"""Test inputs as DataFrames or Delta tables, and the output a test reads back."""

from __future__ import annotations

import os
from typing import Any

from pyspark.sql import DataFrame, SparkSession

from .ddl import parse_ddl
from .values import decode_rows


def _frame(spark: SparkSession, ddl: str, rows: list[list[Any]]) -> DataFrame:
    schema = parse_ddl(ddl)
    return spark.createDataFrame(decode_rows(rows, schema), schema=schema)


def build_inputs(
    spark: SparkSession, inputs: dict[str, dict[str, Any]], table_dir: str
) -> dict[str, Any]:
    """Arguments by parameter name: a DataFrame, or the path of a Delta table written as
    successive versions (one commit per version)."""
    values: dict[str, Any] = {}
    for name, table in inputs.items():
        if table["kind"] == "delta":
            path = os.path.join(table_dir, name)
            for version in table["versions"]:
                frame = _frame(spark, table["ddl"], version["rows"])
                frame.write.format("delta").mode(version["mode"]).save(path)
            values[name] = path
        else:
            values[name] = _frame(spark, table["ddl"], table["rows"])
    return values


def output_frame(spark: SparkSession, output: str, returned: Any, arguments: dict[str, Any]) -> Any:
    """What the test compares: the returned value, or the Delta input `table:NAME` re-read."""
    if output == "return":
        return returned
    name = output.split(":", 1)[1]
    return spark.read.format("delta").load(arguments[name])
