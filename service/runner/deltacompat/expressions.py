"""Spark SQL conditions and Columns turned into the SQL delta-rs (DataFusion) understands.

delta-rs already accepts most Spark SQL as written: `t.id = s.id`, `==`, `<=>`, `!=`, backticks,
`IN (...)`, `IS NULL`, common functions. Three things differ and are rewritten here:

- a double-quoted text is a string literal in Spark but an identifier in DataFusion;
- Spark escapes quotes in literals with a backslash, DataFusion doubles them;
- Spark resolves column names and aliases case-insensitively, DataFusion does not.

A pyspark `Column` is first written out as Spark SQL (columns.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .columns import Expression, sql_string, to_spark_sql

_TOKEN = re.compile(
    r"""
    (?P<sq>'(?:[^'\\]|\\.)*')
   |(?P<dq>"(?:[^"\\]|\\.)*")
   |(?P<bq>`(?:[^`]|``)*`)
   |(?P<num>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?[A-Za-z]*)
   |(?P<word>[A-Za-z_][A-Za-z0-9_]*)
   |(?P<space>\s+)
   |(?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}
_NUMBER_SUFFIX = re.compile(r"^(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)[LlSsYyDdFf]$")
_LITERAL_PREFIXES = {"date", "timestamp", "timestamp_ntz", "interval", "x"}
_DOT = ("other", ".")


@dataclass(frozen=True)
class Names:
    """The aliases and columns a condition may name, for case-insensitive resolution.

    `aliases` maps an alias (any case) to the alias delta-rs gets, or to None when the
    qualifier must be dropped (UPDATE and DELETE take bare column names).
    """

    aliases: Mapping[str, str | None] = field(default_factory=dict)
    columns: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @classmethod
    def build(cls, sides: Iterable[tuple[str | None, str | None, Iterable[str]]]) -> Names:
        """Names from (alias written by the user, alias for delta-rs, column names) triples."""
        aliases: dict[str, str | None] = {}
        columns: dict[str, dict[str, str]] = {"": {}}
        for written, emitted, names in sides:
            own = {name.lower(): name for name in names}
            if written:
                aliases[written.lower()] = emitted
                columns[written.lower()] = own
            for key, name in own.items():
                columns[""].setdefault(key, name)
        return cls(aliases, columns)


def to_delta_sql(expression: Expression, names: Names) -> str:
    """Rewrite a Spark SQL condition or value so that delta-rs reads it the way Spark would."""
    spark_sql = to_spark_sql(expression)
    tokens = [(m.lastgroup or "other", m.group()) for m in _TOKEN.finditer(spark_sql)]
    significant = [i for i, (kind, _) in enumerate(tokens) if kind != "space"]

    def neighbour(pos: int) -> tuple[str, str]:
        return tokens[significant[pos]] if 0 <= pos < len(significant) else ("", "")

    out: list[str] = []
    dropped: set[int] = set()
    for pos, index in enumerate(significant):
        if pos in dropped:
            continue
        kind, text = tokens[index]
        qualifier = neighbour(pos - 2)[1] if neighbour(pos - 1) == _DOT else None
        rewritten = _rewrite(kind, text, neighbour(pos - 1), neighbour(pos + 1), qualifier, names)
        if rewritten is None:
            dropped.add(pos + 1)
            continue
        out.append(rewritten)
        if index + 1 < len(tokens) and tokens[index + 1][0] == "space":
            out.append(" ")
    return "".join(out).strip()


def target_column(key: str, names: Names, target_alias: str | None) -> str:
    """The target column an assignment key (`col`, `t.col`, `` `col` ``) names, quoted."""
    text = key.strip()
    if target_alias and text.lower().startswith(target_alias.lower() + "."):
        text = text[len(target_alias) + 1 :]
    bare = _unquote(text) if text.startswith("`") else text
    return quote(names.columns.get((target_alias or "").lower(), {}).get(bare.lower(), bare))


def _rewrite(
    kind: str,
    text: str,
    before: tuple[str, str],
    after: tuple[str, str],
    qualifier: str | None,
    names: Names,
) -> str | None:
    """One token rewritten; None means "drop this token and the dot after it"."""
    if kind in ("sq", "dq"):
        return sql_string(_unescape(text[1:-1]))
    if kind == "num":
        suffixed = _NUMBER_SUFFIX.match(text)
        return suffixed.group(1) if suffixed else text
    if kind not in ("word", "bq"):
        return text
    name = _unquote(text) if kind == "bq" else text
    if kind == "word" and _is_keyword_use(name, before, after):
        return text
    if qualifier is None and after == _DOT and name.lower() in names.aliases:
        alias = names.aliases[name.lower()]
        if alias is None:
            return None
        return quote(alias) if kind == "bq" else alias
    scope = names.columns.get("" if qualifier is None else _unquote(qualifier).lower(), {})
    canonical = scope.get(name.lower())
    return text if canonical is None or canonical == name else quote(canonical)


def _is_keyword_use(word: str, before: tuple[str, str], after: tuple[str, str]) -> bool:
    """Function names, type names after AS and typed-literal prefixes are not columns."""
    if after == ("other", "("):
        return True
    if before[0] == "word" and before[1].lower() == "as":
        return True
    return after[0] in ("sq", "dq") and word.lower() in _LITERAL_PREFIXES


def _unescape(body: str) -> str:
    if "\\" not in body:
        return body
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body, flags=re.DOTALL)


def quote(identifier: str) -> str:
    """A backtick-quoted identifier."""
    return "`" + identifier.replace("`", "``") + "`"


def _unquote(identifier: str) -> str:
    if len(identifier) >= 2 and identifier[0] == identifier[-1] == "`":
        return identifier[1:-1].replace("``", "`")
    return identifier
