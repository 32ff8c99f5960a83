"""A stand-in for the `delta` package (delta-spark) on the Sail engine.

The sandbox harness registers this package as `delta` and its `tables` module as
`delta.tables`, so `from delta.tables import DeltaTable` in candidate code gets the
delta-rs-backed implementation. It depends only on pyspark, pyarrow and deltalake.
"""

from . import tables
from .errors import DeltaCompatError
from .tables import DeltaMergeBuilder, DeltaOptimizeBuilder, DeltaTable

__all__ = ["DeltaCompatError", "DeltaMergeBuilder", "DeltaOptimizeBuilder", "DeltaTable", "tables"]
