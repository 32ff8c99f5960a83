"""Loading the candidate's module and describing its errors without harness frames."""

from __future__ import annotations

import importlib.util
import os
import re
import traceback
from types import ModuleType
from typing import Any

SOLUTION_NAME = "solution.py"
MAX_MESSAGE_CHARS = 3000
_SPARK_NOISE = ("\n\nJVM stacktrace:", "\nJVM stacktrace:", "\n\n== SQL (line")
_FRAME = re.compile(r'^(\s*)File "([^"]+)", line \d+')


def load(code: str, directory: str) -> ModuleType:
    """Write `code` to `directory`/solution.py and import it as the module `solution`."""
    path = os.path.join(directory, SOLUTION_NAME)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(code)
    spec = importlib.util.spec_from_file_location("solution", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def only_candidate_frames(text: str) -> str:
    """Drop frames of other files from tracebacks quoted inside a message (Python UDF errors
    come back from the Spark engine as text)."""
    kept: list[str] = []
    skipping_deeper_than: int | None = None
    for line in text.splitlines(keepends=True):
        if skipping_deeper_than is not None and _indent(line) > skipping_deeper_than:
            continue
        skipping_deeper_than = None
        frame = _FRAME.match(line)
        if frame and os.path.basename(frame.group(2)) != SOLUTION_NAME:
            skipping_deeper_than = len(frame.group(1))
            continue
        kept.append(line.replace(frame.group(2), SOLUTION_NAME) if frame else line)
    return "".join(kept)


def describe(error: BaseException) -> dict[str, Any]:
    """Type, message and the traceback frames that are in the candidate's own file."""
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if os.path.basename(frame.filename) == SOLUTION_NAME
    ]
    for frame in frames:
        frame.filename = SOLUTION_NAME
    lines = traceback.format_list(frames)
    if isinstance(error, SyntaxError) and error.lineno is not None:
        lines = traceback.format_exception_only(error)[:-1]
        for number, line in enumerate(lines):
            lines[number] = line.replace(str(error.filename), SOLUTION_NAME)
    message = only_candidate_frames(str(error))
    for marker in _SPARK_NOISE:
        message = message.split(marker, 1)[0]
    if len(message) > MAX_MESSAGE_CHARS:
        message = message[:MAX_MESSAGE_CHARS] + " …"
    return {"type": type(error).__name__, "message": message, "traceback": "".join(lines)}
