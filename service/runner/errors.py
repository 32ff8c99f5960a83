"""Errors of the code runner that callers handle."""

from __future__ import annotations


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot be built here; the message names every missing piece."""

    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(
            "refusing to run code: the sandbox cannot be built: "
            + "; ".join(missing)
            + ". Install what is missing (see `make setup`), or set GRADER_SANDBOX=unsafe-dev "
            "to run code WITHOUT isolation (development only)."
        )


class QueueFull(RuntimeError):
    """Every sandbox slot is busy and the waiting queue is at its limit."""
