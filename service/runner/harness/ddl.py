"""A parser for Spark DDL schema strings ('id INT, tags ARRAY<STRING>') without a Spark session.

pyspark parses DDL through the JVM or a Connect server; the host needs expected schemas with
neither, so this covers the DDL the content uses: primitives, DECIMAL(p,s), ARRAY, MAP, STRUCT,
NOT NULL and COMMENT. `parse_columns` checks a schema and gives its columns without importing
pyspark (content checks); `parse_ddl` gives pyspark's StructType (building and comparing tables).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from pyspark.sql import types as T

_TOKEN = re.compile(r"\s*(`(?:[^`]|``)+`|'(?:[^'\\]|\\.)*'|[A-Za-z_][A-Za-z0-9_]*|\d+|[<>(),:])")

# DDL type name -> the name of its pyspark type class
_PRIMITIVES = {
    "boolean": "BooleanType",
    "bool": "BooleanType",
    "tinyint": "ByteType",
    "byte": "ByteType",
    "smallint": "ShortType",
    "short": "ShortType",
    "int": "IntegerType",
    "integer": "IntegerType",
    "bigint": "LongType",
    "long": "LongType",
    "float": "FloatType",
    "real": "FloatType",
    "double": "DoubleType",
    "string": "StringType",
    "binary": "BinaryType",
    "date": "DateType",
    "timestamp": "TimestampType",
    "timestamp_ltz": "TimestampType",
    "timestamp_ntz": "TimestampNTZType",
}
_STRING_WITH_LENGTH = {"char", "varchar"}
_DECIMAL = {"decimal", "dec", "numeric"}


class Primitive(NamedTuple):
    """A type without parameters, by its pyspark class name ("IntegerType")."""

    spark_class: str


class Decimal(NamedTuple):
    """DECIMAL(precision, scale)."""

    precision: int
    scale: int


class Array(NamedTuple):
    """ARRAY<element>."""

    element: DataType


class Map(NamedTuple):
    """MAP<key, value>."""

    key: DataType
    value: DataType


class Column(NamedTuple):
    """One column (or struct field) of a schema."""

    name: str
    type: DataType
    nullable: bool = True
    comment: str | None = None


class Struct(NamedTuple):
    """STRUCT<columns> (a whole schema is one too)."""

    columns: tuple[Column, ...]


DataType = Primitive | Decimal | Array | Map | Struct


class DDLError(ValueError):
    """The text is not a DDL schema this parser understands."""


class _Tokens:
    def __init__(self, text: str) -> None:
        self.items: list[str] = []
        position = 0
        while position < len(text):
            if text[position:].strip() == "":
                break
            match = _TOKEN.match(text, position)
            if match is None:
                raise DDLError(f"unexpected character at {position}: {text[position:][:20]!r}")
            self.items.append(match.group(1))
            position = match.end()
        self.index = 0

    def peek(self) -> str | None:
        return self.items[self.index] if self.index < len(self.items) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise DDLError("unexpected end of schema")
        self.index += 1
        return token

    def expect(self, token: str) -> None:
        found = self.take()
        if found != token:
            raise DDLError(f"expected {token!r}, found {found!r}")

    def accept_word(self, word: str) -> bool:
        token = self.peek()
        if token is not None and token.lower() == word:
            self.index += 1
            return True
        return False


def _name(token: str) -> str:
    if token.startswith("`"):
        return token[1:-1].replace("``", "`")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", token):
        raise DDLError(f"expected a column name, found {token!r}")
    return token


def _integer(tokens: _Tokens) -> int:
    token = tokens.take()
    if not token.isdigit():
        raise DDLError(f"expected a number, found {token!r}")
    return int(token)


def _type(tokens: _Tokens) -> DataType:
    word = tokens.take().lower()
    if word in _PRIMITIVES:
        return Primitive(_PRIMITIVES[word])
    if word in _STRING_WITH_LENGTH:
        tokens.expect("(")
        _integer(tokens)
        tokens.expect(")")
        return Primitive("StringType")
    if word in _DECIMAL:
        precision, scale = 10, 0
        if tokens.peek() == "(":
            tokens.take()
            precision = _integer(tokens)
            if tokens.peek() == ",":
                tokens.take()
                scale = _integer(tokens)
            tokens.expect(")")
        return Decimal(precision, scale)
    if word == "array":
        tokens.expect("<")
        element = _type(tokens)
        tokens.expect(">")
        return Array(element)
    if word == "map":
        tokens.expect("<")
        key = _type(tokens)
        tokens.expect(",")
        value = _type(tokens)
        tokens.expect(">")
        return Map(key, value)
    if word == "struct":
        tokens.expect("<")
        columns = () if tokens.peek() == ">" else _columns(tokens)
        tokens.expect(">")
        return Struct(columns)
    raise DDLError(f"unknown type {word!r}")


def _column(tokens: _Tokens) -> Column:
    name = _name(tokens.take())
    if tokens.peek() == ":":
        tokens.take()
    data_type = _type(tokens)
    nullable = True
    comment = None
    while True:
        if tokens.accept_word("not"):
            if not tokens.accept_word("null"):
                raise DDLError("expected NULL after NOT")
            nullable = False
        elif tokens.accept_word("comment"):
            text = tokens.take()
            if not text.startswith("'"):
                raise DDLError("expected a quoted comment")
            comment = text[1:-1]
        else:
            break
    return Column(name, data_type, nullable, comment)


def _columns(tokens: _Tokens) -> tuple[Column, ...]:
    columns = [_column(tokens)]
    while tokens.peek() == ",":
        tokens.take()
        columns.append(_column(tokens))
    return tuple(columns)


def parse_columns(ddl: str) -> tuple[Column, ...]:
    """The columns of a schema such as 'id INT NOT NULL, amount DECIMAL(10,2)'; DDLError when
    it is not one."""
    tokens = _Tokens(ddl)
    wrapped = tokens.items[:2] == ["struct", "<"] or tokens.items[:2] == ["STRUCT", "<"]
    if wrapped:
        schema = _type(tokens)
        assert isinstance(schema, Struct)
        columns = schema.columns
    else:
        columns = _columns(tokens)
    if tokens.peek() is not None:
        raise DDLError(f"unexpected {tokens.peek()!r} after the schema")
    names = [column.name.lower() for column in columns]
    if len(set(names)) != len(names):
        raise DDLError("duplicate column names")
    return columns


def spark_type(data_type: DataType) -> T.DataType:
    """pyspark's type for a parsed type."""
    from pyspark.sql import types as T

    match data_type:
        case Primitive(spark_class):
            return getattr(T, spark_class)()
        case Decimal(precision, scale):
            return T.DecimalType(precision, scale)
        case Array(element):
            return T.ArrayType(spark_type(element), True)
        case Map(key, value):
            return T.MapType(spark_type(key), spark_type(value), True)
        case Struct(columns):
            return spark_struct(columns)
    raise TypeError(f"not a parsed DDL type: {data_type!r}")


def spark_struct(columns: tuple[Column, ...]) -> T.StructType:
    """pyspark's StructType for parsed columns."""
    from pyspark.sql import types as T

    return T.StructType([
        T.StructField(
            column.name,
            spark_type(column.type),
            column.nullable,
            {"comment": column.comment} if column.comment is not None else None,
        )
        for column in columns
    ])


def parse_ddl(ddl: str) -> T.StructType:
    """The StructType of a schema such as 'id INT NOT NULL, amount DECIMAL(10,2)'."""
    return spark_struct(parse_columns(ddl))
