"""`delta.tables.DeltaTable` for Spark Connect on Sail, carried out by delta-rs.

Sail reads and writes Delta tables but has no `DeltaTable` extension relation, no DESCRIBE
HISTORY and no RESTORE. This class keeps Delta's Python API and runs each operation with the
`deltalake` package straight on the table's files; Spark reads the result back with
`spark.read.format("delta")`, which Sail supports.

Not available here: `create*`/`replace` builders, `convertToDelta`, `clone*`, `generate`,
`upgradeTableProtocol`, table features, and `optimize().where(...)` partition filters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import deltalake
import pyarrow as pa
import pyarrow.compute as pc
from pyspark.sql import DataFrame, SparkSession

from .catalog import local_path, table_path
from .columns import Expression
from .errors import DeltaCompatError, delta_errors
from .expressions import Names, target_column, to_delta_sql
from .history import (
    camel_case,
    history_table,
    parse_timestamp,
    version_at,
)
from .maintenance import DeltaOptimizeBuilder
from .merge import DeltaMergeBuilder, MergeTarget

__all__ = ["DeltaMergeBuilder", "DeltaOptimizeBuilder", "DeltaTable"]

RESTORE_METRICS_DDL = (
    "table_size_after_restore BIGINT, num_of_files_after_restore BIGINT, "
    "num_removed_files BIGINT, num_restored_files BIGINT"
)
_DETAIL_SCHEMA = pa.schema(
    [
        ("format", pa.string()),
        ("id", pa.string()),
        ("name", pa.string()),
        ("description", pa.string()),
        ("location", pa.string()),
        ("createdAt", pa.timestamp("us", tz="UTC")),
        ("lastModified", pa.timestamp("us", tz="UTC")),
        ("partitionColumns", pa.list_(pa.string())),
        ("numFiles", pa.int64()),
        ("sizeInBytes", pa.int64()),
        ("properties", pa.map_(pa.string(), pa.string())),
        ("minReaderVersion", pa.int32()),
        ("minWriterVersion", pa.int32()),
    ]
)
_RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled"


class DeltaTable:
    """A Delta table at a path, with Delta's Python methods (camelCase, as in delta-spark)."""

    def __init__(self, spark: SparkSession, path: str, alias: str | None = None) -> None:
        self._spark = spark
        self._path = path
        self._alias = alias

    def __repr__(self) -> str:
        return f"DeltaTable(path={self._path!r}, alias={self._alias!r})"

    # --- opening --------------------------------------------------------------------------

    @classmethod
    def forPath(  # Delta's camelCase API names are kept throughout
        cls, sparkSession: SparkSession, path: str, hadoopConf: Mapping[str, str] | None = None
    ) -> DeltaTable:
        """The Delta table stored at `path` (`hadoopConf` is accepted and not needed)."""
        del hadoopConf
        location = local_path(path)
        if not deltalake.DeltaTable.is_deltatable(location):
            raise DeltaCompatError(f"[DELTA_MISSING_DELTA_TABLE] {path} is not a Delta table")
        return cls(sparkSession, location)

    @classmethod
    def forName(cls, sparkSession: SparkSession, tableOrViewName: str) -> DeltaTable:
        """The Delta table registered in the catalog as `tableOrViewName`."""
        return cls.forPath(sparkSession, table_path(sparkSession, tableOrViewName))

    @classmethod
    def isDeltaTable(cls, sparkSession: SparkSession, identifier: str) -> bool:
        """Whether `identifier` is the path of a Delta table."""
        del sparkSession
        return bool(deltalake.DeltaTable.is_deltatable(local_path(identifier)))

    def alias(self, aliasName: str) -> DeltaTable:
        """The same table, named `aliasName` in merge conditions."""
        return DeltaTable(self._spark, self._path, aliasName)

    # --- reading --------------------------------------------------------------------------

    def toDF(self) -> DataFrame:
        """The current table contents as a DataFrame."""
        frame = self._spark.read.format("delta").load(self._path)
        return frame.alias(self._alias) if self._alias else frame

    def history(self, limit: int | None = None) -> DataFrame:
        """Commits, newest first: version, timestamp, operation, operationParameters,
        operationMetrics (Delta's camelCase names), readVersion, isBlindAppend, engineInfo..."""
        with delta_errors("DESCRIBE HISTORY"):
            commits = self._open().history(limit)
        return self._spark.createDataFrame(history_table(commits))

    def detail(self) -> DataFrame:
        """One row describing the table: location, numFiles, sizeInBytes, partitionColumns..."""
        with delta_errors("DESCRIBE DETAIL"):
            table = self._open()
            metadata, protocol = table.metadata(), table.protocol()
            last_commit = table.history(1)[0]
            sizes = _file_sizes(table)
        row = {
            "format": "delta",
            "id": metadata.id,
            "name": metadata.name,
            "description": metadata.description,
            "location": self._path,
            "createdAt": _millis(metadata.created_time),
            "lastModified": _millis(last_commit["timestamp"]),
            "partitionColumns": list(metadata.partition_columns),
            "numFiles": len(sizes),
            "sizeInBytes": int(pc.sum(sizes).as_py() or 0),
            "properties": list(metadata.configuration.items()),
            "minReaderVersion": protocol.min_reader_version,
            "minWriterVersion": protocol.min_writer_version,
        }
        return self._spark.createDataFrame(pa.Table.from_pylist([row], schema=_DETAIL_SCHEMA))

    # --- changing -------------------------------------------------------------------------

    def merge(self, source: DataFrame, condition: Expression) -> DeltaMergeBuilder:
        """Start a MERGE of `source` into this table on `condition`."""
        target = MergeTarget(self._spark, self._path, self._alias)
        return DeltaMergeBuilder(target, source, condition)

    def update(
        self,
        condition: Expression | None = None,
        set: Mapping[str, Expression] | None = None,
    ) -> None:
        """Set columns (`set`: column -> expression) on the rows matching `condition`."""
        if not set:
            raise DeltaCompatError("update needs 'set': a mapping of column to expression")
        with delta_errors("UPDATE"):
            table = self._open()
            names = self._names(table)
            updates = {
                target_column(key, names, None): to_delta_sql(value, names)
                for key, value in set.items()
            }
            predicate = None if condition is None else to_delta_sql(condition, names)
            table.update(updates=updates, predicate=predicate)

    def delete(self, condition: Expression | None = None) -> None:
        """Delete the rows matching `condition` (all rows without one)."""
        with delta_errors("DELETE"):
            table = self._open()
            names = self._names(table)
            table.delete(None if condition is None else to_delta_sql(condition, names))

    def restoreToVersion(self, version: int) -> DataFrame:
        """Make `version` the current state again (as a new commit); returns restore metrics."""
        with delta_errors("RESTORE"):
            table = self._open()
            latest = table.version()
            if not 0 <= int(version) <= latest:
                raise DeltaCompatError(
                    f"cannot restore to version {version}: the table has versions 0 to {latest}"
                )
            metrics = {} if int(version) == latest else table.restore(int(version))
            sizes = _file_sizes(self._open())
        return self._spark.createDataFrame(
            [
                (
                    int(pc.sum(sizes).as_py() or 0),
                    len(sizes),
                    _metric(metrics, "num_removed_file"),
                    _metric(metrics, "num_restored_file"),
                )
            ],
            RESTORE_METRICS_DDL,
        )

    def restoreToTimestamp(self, timestamp: str | dt.date) -> DataFrame:
        """Restore the version that was current at `timestamp` (session time zone if none)."""
        time_zone = self._spark.conf.get("spark.sql.session.timeZone") or "UTC"
        moment = parse_timestamp(timestamp, time_zone)
        with delta_errors("RESTORE"):
            commits = self._open().history()
        return self.restoreToVersion(version_at(commits, moment))

    def optimize(self) -> DeltaOptimizeBuilder:
        """Compaction or Z-ordering of the table's files."""
        return DeltaOptimizeBuilder(self._spark, self._path)

    def vacuum(self, retentionHours: float | None = None) -> DataFrame:
        """Delete files no longer referenced and older than the retention (default 7 days)."""
        enforce = str(self._spark.conf.get(_RETENTION_CHECK, "true")).lower() != "false"
        hours = None if retentionHours is None else int(retentionHours)
        with delta_errors("VACUUM"):
            deleted = self._open().vacuum(hours, dry_run=False, enforce_retention_duration=enforce)
        return self._spark.createDataFrame([(path,) for path in deleted], "path STRING")

    # --- helpers --------------------------------------------------------------------------

    def _open(self) -> deltalake.DeltaTable:
        """A fresh handle: Sail may have committed since the last operation."""
        return deltalake.DeltaTable(self._path)

    def _names(self, table: deltalake.DeltaTable) -> Names:
        columns = [f.name for f in table.schema().fields]
        return Names.build([(self._alias, None, columns)])


def _file_sizes(table: deltalake.DeltaTable) -> pa.ChunkedArray:
    return pa.table(table.get_add_actions(flatten=True))["size_bytes"]


def _metric(metrics: Mapping[str, Any], snake_name: str) -> int:
    """A delta-rs metric, whichever case this version of delta-rs wrote it in."""
    return int(metrics.get(snake_name, metrics.get(camel_case(snake_name), 0)))


def _millis(value: int | None) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC)
