"""The Delta commit log as `DeltaTable.history()` shows it, and timestamps resolved to versions."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow as pa

from .errors import DeltaCompatError

_TEXT_MAP = pa.map_(pa.string(), pa.string())
HISTORY_SCHEMA = pa.schema(
    [
        ("version", pa.int64()),
        ("timestamp", pa.timestamp("us", tz="UTC")),
        ("userId", pa.string()),
        ("userName", pa.string()),
        ("operation", pa.string()),
        ("operationParameters", _TEXT_MAP),
        ("clusterId", pa.string()),
        ("readVersion", pa.int64()),
        ("isolationLevel", pa.string()),
        ("isBlindAppend", pa.bool_()),
        ("operationMetrics", _TEXT_MAP),
        ("userMetadata", pa.string()),
        ("engineInfo", pa.string()),
    ]
)
_SNAKE = re.compile(r"_([a-z0-9])")


def history_table(commits: Sequence[Mapping[str, Any]]) -> pa.Table:
    """Commit infos (newest first, as delta-rs lists them) as a table shaped like Delta's."""
    rows = [
        {
            "version": commit.get("version"),
            "timestamp": _commit_time(commit),
            "userId": commit.get("userId"),
            "userName": commit.get("userName"),
            "operation": commit.get("operation"),
            "operationParameters": _text_map(commit.get("operationParameters"), camel=False),
            "clusterId": commit.get("clusterId"),
            "readVersion": commit.get("readVersion"),
            "isolationLevel": commit.get("isolationLevel"),
            "isBlindAppend": commit.get("isBlindAppend"),
            "operationMetrics": _text_map(commit.get("operationMetrics"), camel=True),
            "userMetadata": commit.get("userMetadata"),
            "engineInfo": commit.get("engineInfo"),
        }
        for commit in commits
    ]
    return pa.Table.from_pylist(rows, schema=HISTORY_SCHEMA)


def camel_case(key: str) -> str:
    """delta-rs names metrics `num_target_rows_inserted`; Delta calls it `numTargetRowsInserted`."""
    return _SNAKE.sub(lambda m: m.group(1).upper(), key)


def parse_timestamp(value: str | dt.date, time_zone: str) -> dt.datetime:
    """A timestamp as Delta accepts it ('2024-01-15', '2024-01-15 14:00:00[.fff][zone]',
    date or datetime); values without a zone are in the Spark session time zone."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    else:
        try:
            moment = dt.datetime.fromisoformat(str(value).strip())
        except ValueError as exc:
            raise DeltaCompatError(f"'{value}' is not a valid timestamp") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(time_zone))
    return moment


def version_at(commits: Sequence[Mapping[str, Any]], moment: dt.datetime) -> int:
    """The version that was current at `moment`, with Delta's errors for moments outside
    the table's history."""
    times = sorted((_commit_time(c), int(c["version"])) for c in commits)
    if not times or moment < times[0][0]:
        first = times[0][0] if times else None
        raise DeltaCompatError(
            f"[DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION] the timestamp {moment} is before "
            f"the earliest version available ({first})"
        )
    if moment > times[-1][0]:
        raise DeltaCompatError(
            f"[DELTA_TIMESTAMP_GREATER_THAN_COMMIT] the timestamp {moment} is after the latest "
            f"version available to this table ({times[-1][0]})"
        )
    return max(version for when, version in times if when <= moment)


def _commit_time(commit: Mapping[str, Any]) -> dt.datetime:
    return dt.datetime.fromtimestamp(int(commit["timestamp"]) / 1000, tz=dt.UTC)


def _text_map(values: Mapping[str, Any] | None, camel: bool) -> list[tuple[str, str]] | None:
    if values is None:
        return None
    return [(camel_case(k) if camel else k, text_value(v)) for k, v in values.items()]


def text_value(value: Any) -> str:
    """A parameter or metric value as Delta shows it: strings as they are, the rest as JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value)
