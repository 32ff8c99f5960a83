"""Where a batch function runs over staged Parquet files: on Spark or in a plain loop.

A batch function takes an iterator of pandas DataFrames and yields DataFrames (the
`mapInPandas` contract). Both engines stream: Spark writes its output as Parquet next to the
input and the driver reads it back in batches; the loop reads and maps one batch at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from service.spark.staging import read_batches

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

BatchFunction = Callable[[Iterator[pd.DataFrame]], Iterator[pd.DataFrame]]
# The driver reads the output back one row group at a time; capping the rows per output file
# keeps a row group (and so the driver's memory) the same size whatever the number of answers.
OUTPUT_ROWS_PER_FILE = 20_000


class LoopEngine:
    """One process, one batch at a time: the reference the Spark engine must equal."""

    name = "loop"

    def map(self, staged: Path, function: BatchFunction, schema: str) -> Iterator[pd.DataFrame]:
        """`function` over the staged files' batches, in this process."""
        yield from function(read_batches(staged))

    def close(self) -> None:
        """Nothing to release."""


class SparkEngine:
    """`mapInPandas` on a Spark session (local JVM or Spark Connect)."""

    def __init__(self, spark: SparkSession, name: str) -> None:
        self.spark = spark
        self.name = name

    def map(self, staged: Path, function: BatchFunction, schema: str) -> Iterator[pd.DataFrame]:
        """`function` over the staged files in the executors; the output streams back through
        Parquet files written beside the input."""
        output = staged.with_name(staged.name + "-out")
        frame = self.spark.read.parquet(str(staged)).mapInPandas(function, schema)
        frame.write.option("maxRecordsPerFile", OUTPUT_ROWS_PER_FILE).mode("overwrite").parquet(
            str(output)
        )
        yield from read_batches(output)

    def close(self) -> None:
        """Stop the session."""
        self.spark.stop()


def open_engine(kind: str, remote: str = "", master: str = "local[*]") -> LoopEngine | SparkEngine:
    """`loop`, or `spark`: Spark Connect at `remote` when given, else local JVM on `master`."""
    if kind == "loop":
        return LoopEngine()
    from service.spark.session import open_session

    return SparkEngine(open_session(remote, master), f"spark {remote or master}")
