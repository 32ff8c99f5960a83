"""The one exception type the compatibility layer raises, and delta-rs errors turned into it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from deltalake.exceptions import DeltaError
from pyspark.errors import AnalysisException

_NOISE = re.compile(r"^(?:(?:Generic (?:DeltaTable )?error|External error|Kernel error): )+")


class DeltaCompatError(AnalysisException):
    """A Delta operation failed or is not possible on this engine.

    It is an `AnalysisException`, like the errors `delta-spark` raises, so candidate code that
    catches those keeps working.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message=message)


@contextmanager
def delta_errors(operation: str) -> Iterator[None]:
    """Re-raise a delta-rs error as a DeltaCompatError naming the operation."""
    try:
        yield
    except DeltaError as exc:
        detail = _NOISE.sub("", str(exc)).strip()
        raise DeltaCompatError(f"{operation} failed: {detail}") from exc
