"""`DeltaTable.optimize()`: file compaction and Z-ordering, carried out by delta-rs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import deltalake
import pyarrow as pa
from pyspark.sql import DataFrame, SparkSession

from .errors import delta_errors
from .history import camel_case, text_value

_OPTIMIZE_SCHEMA = pa.schema(
    [("path", pa.string()), ("metrics", pa.map_(pa.string(), pa.string()))]
)


class DeltaOptimizeBuilder:
    """`DeltaTable.optimize()`: `executeCompaction()` or `executeZOrderBy(*columns)`."""

    def __init__(self, spark: SparkSession, path: str) -> None:
        self._spark = spark
        self._path = path

    def executeCompaction(self) -> DataFrame:
        """Rewrite small files into larger ones."""
        with delta_errors("OPTIMIZE"):
            metrics = deltalake.DeltaTable(self._path).optimize.compact()
        return self._metrics_frame(metrics)

    def executeZOrderBy(self, *columns: str) -> DataFrame:
        """Rewrite files clustered by `columns`."""
        names = [c for group in columns for c in ([group] if isinstance(group, str) else group)]
        with delta_errors("OPTIMIZE ZORDER"):
            metrics = deltalake.DeltaTable(self._path).optimize.z_order(names)
        return self._metrics_frame(metrics)

    def _metrics_frame(self, metrics: Mapping[str, Any]) -> DataFrame:
        table = pa.Table.from_pylist(
            [
                {
                    "path": self._path,
                    "metrics": [(camel_case(k), text_value(v)) for k, v in metrics.items()],
                }
            ],
            schema=_OPTIMIZE_SCHEMA,
        )
        return self._spark.createDataFrame(table)
