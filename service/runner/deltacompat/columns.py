"""A pyspark Column written out as Spark SQL text, from its Spark Connect expression tree.

Delta's Python API takes conditions and values as SQL strings or Columns; delta-rs only takes
SQL. The common shapes of conditions are covered: column references, literals, comparisons,
AND/OR/NOT, IS [NOT] NULL, IN, CASE WHEN, CAST, `F.expr(...)` and function calls.
"""

from __future__ import annotations

import datetime as dt
import decimal

from pyspark.sql import Column
from pyspark.sql.types import DataType, DateType, TimestampNTZType, TimestampType

from .errors import DeltaCompatError

Expression = str | Column
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_BINARY = {
    "==": "=",
    "!=": "!=",
    "<=>": "<=>",
    "<": "<",
    "<=": "<=",
    ">": ">",
    ">=": ">=",
    "+": "+",
    "-": "-",
    "*": "*",
    "/": "/",
    "%": "%",
    "and": "AND",
    "or": "OR",
    "like": "LIKE",
    "rlike": "RLIKE",
}
_POSTFIX = {"isNull": "IS NULL", "isNotNull": "IS NOT NULL"}


def column_sql(tree: object) -> str:
    """Spark SQL for a Spark Connect expression tree (the common shapes of conditions)."""
    from pyspark.sql.connect import expressions as ex

    if isinstance(tree, ex.ColumnReference):
        return tree._unparsed_identifier
    if isinstance(tree, ex.SQLExpression):
        return f"({tree._expr})"
    if isinstance(tree, ex.LiteralExpression):
        return _literal_sql(_python_value(tree._value, tree._dataType))
    if isinstance(tree, ex.ColumnAlias):
        return column_sql(tree._child)
    if isinstance(tree, ex.CastExpression):
        data_type = tree._data_type
        type_sql = data_type if isinstance(data_type, str) else data_type.simpleString()
        return f"CAST({column_sql(tree._expr)} AS {type_sql})"
    if isinstance(tree, ex.CaseWhen):
        branches = " ".join(f"WHEN {column_sql(c)} THEN {column_sql(v)}" for c, v in tree._branches)
        default = "" if tree._else_value is None else f" ELSE {column_sql(tree._else_value)}"
        return f"(CASE {branches}{default} END)"
    if isinstance(tree, ex.UnresolvedFunction) and not tree._is_distinct:
        return _function_sql(tree._name, [column_sql(arg) for arg in tree._args])
    raise DeltaCompatError(
        f"cannot use the Column {tree!r} in a Delta condition here; write it as a SQL string"
    )


def _function_sql(name: str, args: list[str]) -> str:
    if name in _BINARY and len(args) == 2:
        return f"({args[0]} {_BINARY[name]} {args[1]})"
    if name in _POSTFIX and len(args) == 1:
        return f"({args[0]} {_POSTFIX[name]})"
    if name == "not" and len(args) == 1:
        return f"(NOT {args[0]})"
    if name == "negative" and len(args) == 1:
        return f"(- {args[0]})"
    if name == "in" and args:
        return f"({args[0]} IN ({', '.join(args[1:])}))"
    return f"{name}({', '.join(args)})"


def _python_value(value: object, data_type: DataType) -> object:
    """Spark Connect stores dates and timestamps as day and microsecond numbers."""
    if value is None:
        return None
    if isinstance(data_type, TimestampType):
        return _EPOCH + dt.timedelta(microseconds=value)
    if isinstance(data_type, DateType | TimestampNTZType):
        return data_type.fromInternal(value)
    return value


def _literal_sql(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | decimal.Decimal):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, str):
        return sql_string(value)
    if isinstance(value, dt.datetime):
        return f"TIMESTAMP '{value.isoformat(sep=' ')}'"
    if isinstance(value, dt.date):
        return f"DATE '{value.isoformat()}'"
    raise DeltaCompatError(f"cannot use the literal {value!r} in a Delta condition")


def to_spark_sql(expression: Expression) -> str:
    """The Spark SQL text of a condition or value given as a string or a Column."""
    if isinstance(expression, str):
        return expression
    if isinstance(expression, Column):
        tree = getattr(expression, "_expr", None)
        if tree is None:
            raise DeltaCompatError("only Spark Connect Columns can be used as Delta conditions")
        return column_sql(tree)
    raise DeltaCompatError(
        f"a Delta condition or value must be a SQL string or a Column, not {type(expression)}"
    )


def sql_string(value: str) -> str:
    """A single-quoted SQL string literal."""
    return "'" + value.replace("'", "''") + "'"
