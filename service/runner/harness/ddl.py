"""A parser for Spark DDL schema strings ('id INT, tags ARRAY<STRING>') without a Spark session.

pyspark parses DDL through the JVM or a Connect server; the host needs expected schemas with
neither, so this covers the DDL the content uses: primitives, DECIMAL(p,s), ARRAY, MAP, STRUCT,
NOT NULL and COMMENT.
"""

from __future__ import annotations

import re

from pyspark.sql import types as T

_TOKEN = re.compile(r"\s*(`(?:[^`]|``)+`|'(?:[^'\\]|\\.)*'|[A-Za-z_][A-Za-z0-9_]*|\d+|[<>(),:])")

_PRIMITIVES: dict[str, type[T.DataType]] = {
    "boolean": T.BooleanType,
    "bool": T.BooleanType,
    "tinyint": T.ByteType,
    "byte": T.ByteType,
    "smallint": T.ShortType,
    "short": T.ShortType,
    "int": T.IntegerType,
    "integer": T.IntegerType,
    "bigint": T.LongType,
    "long": T.LongType,
    "float": T.FloatType,
    "real": T.FloatType,
    "double": T.DoubleType,
    "string": T.StringType,
    "binary": T.BinaryType,
    "date": T.DateType,
    "timestamp": T.TimestampType,
    "timestamp_ltz": T.TimestampType,
    "timestamp_ntz": T.TimestampNTZType,
}
_STRING_WITH_LENGTH = {"char", "varchar"}
_DECIMAL = {"decimal", "dec", "numeric"}


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


def _type(tokens: _Tokens) -> T.DataType:
    word = tokens.take().lower()
    if word in _PRIMITIVES:
        return _PRIMITIVES[word]()
    if word in _STRING_WITH_LENGTH:
        tokens.expect("(")
        _integer(tokens)
        tokens.expect(")")
        return T.StringType()
    if word in _DECIMAL:
        precision, scale = 10, 0
        if tokens.peek() == "(":
            tokens.take()
            precision = _integer(tokens)
            if tokens.peek() == ",":
                tokens.take()
                scale = _integer(tokens)
            tokens.expect(")")
        return T.DecimalType(precision, scale)
    if word == "array":
        tokens.expect("<")
        element = _type(tokens)
        tokens.expect(">")
        return T.ArrayType(element, True)
    if word == "map":
        tokens.expect("<")
        key = _type(tokens)
        tokens.expect(",")
        value = _type(tokens)
        tokens.expect(">")
        return T.MapType(key, value, True)
    if word == "struct":
        tokens.expect("<")
        fields = [] if tokens.peek() == ">" else _fields(tokens)
        tokens.expect(">")
        return T.StructType(fields)
    raise DDLError(f"unknown type {word!r}")


def _field(tokens: _Tokens) -> T.StructField:
    name = _name(tokens.take())
    if tokens.peek() == ":":
        tokens.take()
    data_type = _type(tokens)
    nullable = True
    metadata: dict[str, str] = {}
    while True:
        if tokens.accept_word("not"):
            if not tokens.accept_word("null"):
                raise DDLError("expected NULL after NOT")
            nullable = False
        elif tokens.accept_word("comment"):
            text = tokens.take()
            if not text.startswith("'"):
                raise DDLError("expected a quoted comment")
            metadata["comment"] = text[1:-1]
        else:
            break
    return T.StructField(name, data_type, nullable, metadata or None)


def _fields(tokens: _Tokens) -> list[T.StructField]:
    fields = [_field(tokens)]
    while tokens.peek() == ",":
        tokens.take()
        fields.append(_field(tokens))
    return fields


def parse_ddl(ddl: str) -> T.StructType:
    """The StructType of a schema such as 'id INT NOT NULL, amount DECIMAL(10,2)'."""
    tokens = _Tokens(ddl)
    wrapped = tokens.items[:2] == ["struct", "<"] or tokens.items[:2] == ["STRUCT", "<"]
    schema = _type(tokens) if wrapped else T.StructType(_fields(tokens))
    if tokens.peek() is not None:
        raise DDLError(f"unexpected {tokens.peek()!r} after the schema")
    names = [field.name.lower() for field in schema.fields]
    if len(set(names)) != len(names):
        raise DDLError("duplicate column names")
    return schema
