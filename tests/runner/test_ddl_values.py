"""The DDL parser and the JSON value codec shared by the harness and the host."""

from __future__ import annotations

import datetime as dt
import json
import math
from decimal import Decimal

import pytest
from pyspark.sql import Row
from pyspark.sql import types as T

from service.runner.harness import ddl as D
from service.runner.harness.ddl import DDLError, parse_ddl
from service.runner.harness.values import decode_rows, encode_rows


def test_ddl_parses_primitives_nullability_and_comments():
    schema = parse_ddl("id INT NOT NULL, name STRING COMMENT 'who', amount DECIMAL(10, 2)")
    assert schema == T.StructType([
        T.StructField("id", T.IntegerType(), False),
        T.StructField("name", T.StringType(), True, {"comment": "who"}),
        T.StructField("amount", T.DecimalType(10, 2), True),
    ])


def test_ddl_parses_nested_types_and_backticked_names():
    schema = parse_ddl("`order id` BIGINT, tags ARRAY<STRING>, m MAP<STRING, ARRAY<DOUBLE>>, "
                       "s STRUCT<a: INT, b DATE>, t TIMESTAMP_NTZ")
    assert schema.names == ["order id", "tags", "m", "s", "t"]
    assert schema["m"].dataType == T.MapType(T.StringType(), T.ArrayType(T.DoubleType()))
    assert schema["s"].dataType.names == ["a", "b"]
    assert schema["t"].dataType == T.TimestampNTZType()


def test_ddl_accepts_a_struct_wrapper_and_is_case_insensitive():
    assert parse_ddl("struct<x: int>") == T.StructType([T.StructField("x", T.IntegerType())])
    assert parse_ddl("X Int, y sTrInG") == T.StructType(
        [T.StructField("X", T.IntegerType()), T.StructField("y", T.StringType())]
    )


@pytest.mark.parametrize(
    "ddl", ["id", "id INT,", "id NUMBER", "a ARRAY<INT", "a INT, A STRING", "id INT NOT"]
)
def test_ddl_rejects_malformed_schemas(ddl):
    with pytest.raises(DDLError):
        parse_ddl(ddl)


def test_values_round_trip_through_json_with_their_spark_types():
    schema = parse_ddl("d DATE, ts TIMESTAMP, amount DECIMAL(10,2), x DOUBLE, raw BINARY, "
                       "m MAP<INT, STRING>, s STRUCT<a: INT, b ARRAY<STRING>>")
    rows = [
        Row(d=dt.date(2024, 1, 2), ts=dt.datetime(2024, 1, 2, 3, 4, 5), amount=Decimal("1.50"),
            x=math.inf, raw=bytearray(b"\x00\xff"), m={1: "one"}, s=Row(a=1, b=["p"])),
        Row(d=None, ts=None, amount=None, x=None, raw=None, m=None, s=None),
    ]
    encoded = json.loads(json.dumps(encode_rows(rows, schema), allow_nan=False))
    assert encoded[0][:4] == ["2024-01-02", "2024-01-02T03:04:05", "1.50", "Infinity"]
    assert decode_rows(encoded, schema) == rows


def test_decoding_accepts_yaml_natives_and_normalises_time_zones():
    schema = parse_ddl("d DATE, ts TIMESTAMP")
    utc_plus_2 = dt.timezone(dt.timedelta(hours=2))
    rows = decode_rows([[dt.date(2024, 5, 1), dt.datetime(2024, 5, 1, 12, tzinfo=utc_plus_2)]],
                       schema)
    assert rows == [Row(d=dt.date(2024, 5, 1), ts=dt.datetime(2024, 5, 1, 10))]


def test_decoding_rejects_values_of_the_wrong_type():
    with pytest.raises(ValueError):
        decode_rows([[1.5]], parse_ddl("n INT"))
    with pytest.raises(ValueError):
        decode_rows([["yes"]], parse_ddl("flag BOOLEAN"))


def test_columns_are_parsed_without_spark_and_convert_to_the_same_struct():
    text = "id INT NOT NULL, m MAP<STRING, ARRAY<DECIMAL(5,1)>>, s STRUCT<a: INT> COMMENT 'x'"
    columns = D.parse_columns(text)
    assert columns == (
        D.Column("id", D.Primitive("IntegerType"), nullable=False),
        D.Column("m", D.Map(D.Primitive("StringType"), D.Array(D.Decimal(5, 1)))),
        D.Column("s", D.Struct((D.Column("a", D.Primitive("IntegerType")),)), comment="x"),
    )
    assert D.spark_struct(columns) == parse_ddl(text)
