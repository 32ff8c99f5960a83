"""Rows to Parquet and back in bounded chunks: the driver never holds more than one chunk."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

BATCH_ROWS = 5000


def write_chunks(chunks: Iterable[list[dict[str, Any]]], directory: Path, schema: pa.Schema) -> int:
    """Write each chunk of rows as its own Parquet file in `directory`; returns the row count."""
    directory.mkdir(parents=True, exist_ok=True)
    total = 0
    for number, rows in enumerate(chunks):
        table = pa.Table.from_pylist(rows, schema=schema)
        pq.write_table(table, directory / f"part-{number:06d}.parquet", compression="zstd")
        total += len(rows)
    return total


def read_batches(directory: Path, batch_rows: int = BATCH_ROWS) -> Iterator[pd.DataFrame]:
    """The Parquet files of `directory` as DataFrames of at most `batch_rows` rows, in file
    order (`_SUCCESS` and hidden files are skipped); one batch in memory at a time (no
    read-ahead)."""
    files = sorted(p for p in directory.glob("*.parquet") if not p.name.startswith(("_", ".")))
    for path in files:
        with pq.ParquetFile(path) as parquet:
            for batch in parquet.iter_batches(batch_size=batch_rows):
                if batch.num_rows:
                    yield batch.to_pandas()
