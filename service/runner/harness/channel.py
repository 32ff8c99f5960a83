"""The one way results leave the sandbox: newline-delimited JSON messages on a pipe fd.

Also the capped buffer that takes the candidate's `print` output during each test.
"""

from __future__ import annotations

import io
import json
import os
from typing import Any


class OutputLimitExceeded(Exception):
    """The candidate printed more than the stdout cap."""


class ResultChannel:
    """Writes JSON messages, one per line, on the pipe the host gave us."""

    def __init__(self, fd: int, max_message_bytes: int) -> None:
        self._fd = fd
        self._max = max_message_bytes

    def fits(self, message: dict[str, Any]) -> bool:
        """Whether `message` is under the per-message cap."""
        return len(_dump(message)) <= self._max

    def send(self, message: dict[str, Any]) -> None:
        """Write `message` as one line; the host reads nothing else from this pipe."""
        data = _dump(message)
        view = memoryview(data)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]


def _dump(message: dict[str, Any]) -> bytes:
    return (json.dumps(message, allow_nan=False, separators=(",", ":")) + "\n").encode()


class CappedText(io.TextIOBase):
    """A text stream that keeps the first `cap` characters and fails once more is written."""

    def __init__(self, cap: int) -> None:
        self._cap = cap
        self._parts: list[str] = []
        self._size = 0
        self.exceeded = False

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if self._size < self._cap:
            self._parts.append(text[: self._cap - self._size])
        self._size += len(text)
        if self._size > self._cap:
            self.exceeded = True
            raise OutputLimitExceeded(f"printed more than {self._cap} characters")
        return len(text)

    def getvalue(self) -> str:
        """The text kept so far (at most `cap` characters)."""
        return "".join(self._parts)
