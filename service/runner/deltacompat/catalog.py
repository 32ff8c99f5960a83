"""Where a catalog table lives: Sail answers `DESCRIBE TABLE EXTENDED` with its location."""

from __future__ import annotations

import os
import re

from pyspark.errors import AnalysisException
from pyspark.sql import SparkSession

from .errors import DeltaCompatError

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_PATH_IDENTIFIER = re.compile(r"^\s*delta\s*\.\s*`(?P<path>(?:[^`]|``)+)`\s*$", re.IGNORECASE)


def table_path(spark: SparkSession, name: str) -> str:
    """The storage path of a Delta table named `name` (`db.table`, `table`, or
    ``delta.`/path` ``)."""
    by_path = _PATH_IDENTIFIER.match(name)
    if by_path:
        return by_path.group("path").replace("``", "`")
    try:
        rows = spark.sql(f"DESCRIBE TABLE EXTENDED {name}").collect()
    except AnalysisException as exc:
        raise DeltaCompatError(f"[DELTA_MISSING_DELTA_TABLE] table {name} not found") from exc
    details = {row["col_name"]: row["data_type"] for row in rows}
    provider = (details.get("Provider") or "").lower()
    location = details.get("Location")
    if provider != "delta":
        raise DeltaCompatError(
            f"[DELTA_MISSING_DELTA_TABLE] {name} is not a Delta table (provider: "
            f"{provider or 'none'})"
        )
    if not location:
        raise DeltaCompatError(f"the catalog does not give a location for the table {name}")
    return local_path(location)


def local_path(location: str) -> str:
    """A filesystem path for a location given as a path, a relative path or a file: URL.

    Sail stores managed tables under a warehouse directory relative to the server's working
    directory, which is also ours: the server runs next to the code it serves.
    """
    if location.startswith("file:"):
        location = re.sub(r"^file:(//)?", "", location)
    elif _URL.match(location):
        return location
    return os.path.abspath(location)
