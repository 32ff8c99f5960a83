"""JSON-safe encoding of Spark values by data type, in both directions.

`encode` turns a Python value (as pyspark returns it, or as YAML content gives it) into plain
JSON; `decode` turns JSON (or YAML natives) into the Python type pyspark uses for the data type.
Dates, timestamps and decimals travel as ISO / decimal strings, non-finite floats as "NaN",
"Infinity", "-Infinity", binary as base64, maps as [key, value] pairs, structs as lists.
"""

from __future__ import annotations

import base64
import datetime as dt
import math
from decimal import Decimal
from typing import Any

from pyspark.sql import Row
from pyspark.sql import types as T

_INTEGRAL = (T.ByteType, T.ShortType, T.IntegerType, T.LongType)
_FRACTIONAL = (T.FloatType, T.DoubleType)
_SPECIAL_FLOATS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def _encode_float(value: float) -> float | str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


def _to_utc_naive(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def encode(value: Any, data_type: T.DataType) -> Any:
    """A JSON-safe form of `value` of Spark type `data_type`."""
    if value is None:
        return None
    if isinstance(data_type, T.StructType):
        items = value.values() if isinstance(value, dict) else value
        return [encode(v, f.dataType) for v, f in zip(items, data_type.fields, strict=True)]
    if isinstance(data_type, T.ArrayType):
        return [encode(v, data_type.elementType) for v in value]
    if isinstance(data_type, T.MapType):
        return [
            [encode(k, data_type.keyType), encode(v, data_type.valueType)]
            for k, v in value.items()
        ]
    if isinstance(data_type, _FRACTIONAL):
        return _encode_float(float(value))
    if isinstance(data_type, T.DecimalType):
        return str(value)
    if isinstance(data_type, (T.TimestampType, T.TimestampNTZType)):
        return decode(value, data_type).isoformat()
    if isinstance(data_type, T.DateType):
        return decode(value, data_type).isoformat()
    if isinstance(data_type, T.BinaryType):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _decode_struct(value: Any, data_type: T.StructType) -> Row:
    names = data_type.names
    if isinstance(value, dict):
        items = [value.get(name) for name in names]
    else:
        items = list(value)
        if len(items) != len(names):
            raise ValueError(f"struct of {len(names)} fields got {len(items)} values")
    fields = data_type.fields
    return Row(**{f.name: decode(v, f.dataType) for f, v in zip(fields, items, strict=True)})


def decode(value: Any, data_type: T.DataType) -> Any:
    """The Python value pyspark uses for `data_type`, from JSON or YAML natives."""
    if value is None:
        return None
    if isinstance(data_type, T.StructType):
        return _decode_struct(value, data_type)
    if isinstance(data_type, T.ArrayType):
        return [decode(v, data_type.elementType) for v in value]
    if isinstance(data_type, T.MapType):
        pairs = value.items() if isinstance(value, dict) else value
        return {
            decode(k, data_type.keyType): decode(v, data_type.valueType) for k, v in pairs
        }
    if isinstance(data_type, _INTEGRAL):
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise ValueError(f"expected an integer, got {value!r}")
        return int(value)
    if isinstance(data_type, _FRACTIONAL):
        if isinstance(value, str):
            return _SPECIAL_FLOATS[value] if value in _SPECIAL_FLOATS else float(value)
        return float(value)
    if isinstance(data_type, T.DecimalType):
        return Decimal(str(value))
    if isinstance(data_type, T.BooleanType):
        if not isinstance(value, bool):
            raise ValueError(f"expected true or false, got {value!r}")
        return value
    if isinstance(data_type, (T.TimestampType, T.TimestampNTZType)):
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            value = dt.datetime.combine(value, dt.time())
        return _to_utc_naive(value)
    if isinstance(data_type, T.DateType):
        if isinstance(value, dt.datetime):
            return value.date()
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    if isinstance(data_type, T.BinaryType):
        return bytearray(base64.b64decode(value) if isinstance(value, str) else value)
    if isinstance(data_type, (T.StringType, T.VarcharType, T.CharType)):
        return value if isinstance(value, str) else str(value)
    return value


def encode_rows(rows: list[Any], schema: T.StructType) -> list[list[Any]]:
    """Rows (tuples, lists or pyspark Rows) as JSON-safe lists in schema order."""
    return [encode(row, schema) for row in rows]


def decode_rows(rows: list[list[Any]], schema: T.StructType) -> list[Row]:
    """JSON (or YAML) rows as pyspark Rows typed by `schema`."""
    return [decode(row, schema) for row in rows]
