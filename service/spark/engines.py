"""Where a batch function runs over staged Parquet files: on Spark or in a plain loop.

A batch function takes an iterator of pandas DataFrames and yields DataFrames (the
`mapInPandas` contract). Both engines stream: Spark writes its output as Parquet next to the
input and the driver reads it back in batches; the loop reads and maps one batch at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
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
    """`mapInPandas` on a Spark session (local JVM or Spark Connect). The session may still be
    starting when the engine is made: the first job waits for it, so the caller stages its data
    meanwhile instead of after the JVM has started."""

    def __init__(self, session: Future[SparkSession], name: str) -> None:
        self._session = session
        self.name = name

    @property
    def spark(self) -> SparkSession:
        """The session, once started (raises what starting it raised)."""
        return self._session.result()

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
        """Stop the session (once started; a session that failed to start has nothing to stop,
        and its error was raised by the job that needed it)."""
        if self._session.exception() is None:
            self._session.result().stop()


def open_engine(kind: str, remote: str = "", master: str = "local[*]") -> LoopEngine | SparkEngine:
    """`loop`, or `spark`: Spark Connect at `remote` when given, else local JVM on `master`,
    started in a background thread (see SparkEngine)."""
    if kind == "loop":
        return LoopEngine()
    from service.spark.session import open_session

    starter = ThreadPoolExecutor(1, thread_name_prefix="spark-session")
    session = starter.submit(open_session, remote, master)
    starter.shutdown(wait=False)
    return SparkEngine(session, f"spark {remote or master}")
