"""Running one process with a wall-clock timeout: the job on its stdin, results read from a
pipe and its stdout/stderr drained, each under a byte cap; a `kill` callback ends it early."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

LOG_TAIL_BYTES = 8000


@dataclass(frozen=True)
class Limits:
    """Limits of one run (the engine's timeout and memory, the service's caps)."""

    timeout_seconds: float
    memory_bytes: int
    pids: int
    output_bytes: int
    tmp_bytes: int


@dataclass
class RunOutcome:
    """What the host observed: the harness's messages and how the run ended."""

    messages: list[dict[str, Any]] = field(default_factory=list)
    corrupt: bool = False
    timed_out: bool = False
    output_exceeded: bool = False
    oom_kills: int = 0
    returncode: int | None = None
    seconds: float = 0.0
    log_tail: str = ""


class _Pipes:
    """Drains the result pipe and stdout/stderr with caps; calls `on_limit` once over a cap."""

    def __init__(self, result_read: int, output: Any, cap: int, on_limit: Callable[[], None]):
        self.cap = cap
        self.on_limit = on_limit
        self.result = bytearray()
        self.log_tail = bytearray()
        self.exceeded = False
        self._lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._drain_result, args=(result_read,), daemon=True),
            threading.Thread(target=self._drain_output, args=(output,), daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def _over(self) -> None:
        with self._lock:
            first = not self.exceeded
            self.exceeded = True
        if first:
            self.on_limit()

    def _drain_result(self, fd: int) -> None:
        with os.fdopen(fd, "rb", buffering=0) as pipe:
            while chunk := pipe.read(65536):
                if len(self.result) + len(chunk) > self.cap:
                    self._over()
                    return
                self.result += chunk

    def _drain_output(self, stream: Any) -> None:
        total = 0
        while chunk := stream.read1(65536):
            total += len(chunk)
            self.log_tail = (self.log_tail + chunk)[-LOG_TAIL_BYTES:]
            if total > self.cap:
                self._over()
                return

    def join(self, timeout: float) -> None:
        """Wait for both drains, `timeout` seconds in all."""
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))


def parse_messages(data: bytes) -> tuple[list[dict[str, Any]], bool]:
    """The JSON messages of the result pipe, and whether anything else was on it."""
    messages, corrupt = [], False
    for line in data.split(b"\n"):
        if not line.strip():
            continue
        try:
            message = json.loads(line)
        except ValueError:
            corrupt = True
            continue
        if isinstance(message, dict) and isinstance(message.get("event"), str):
            messages.append(message)
        else:
            corrupt = True
    return messages, corrupt


def supervise(
    argv: list[str],
    env: dict[str, str] | None,
    cwd: str | None,
    job: dict[str, Any],
    result_pipe: tuple[int, int],
    limits: Limits,
    kill: Callable[[subprocess.Popen], None],
) -> RunOutcome:
    """Start `argv`, feed it the job, collect results until exit, a cap or the timeout."""
    read_end, write_end = result_pipe
    started = time.monotonic()
    try:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            pass_fds=(write_end,),
            env=env,
            cwd=cwd,
            start_new_session=True,
        )
    except BaseException:
        os.close(read_end)  # nothing will ever drain it
        raise
    finally:
        os.close(write_end)
    outcome = RunOutcome()
    pipes = _Pipes(read_end, process.stdout, limits.output_bytes, lambda: kill(process))
    with contextlib.suppress(BrokenPipeError):  # the harness died before reading its job
        process.stdin.write(json.dumps(job).encode())
    with contextlib.suppress(BrokenPipeError):
        process.stdin.close()
    try:
        process.wait(timeout=limits.timeout_seconds)
    except subprocess.TimeoutExpired:
        outcome.timed_out = True
        kill(process)
        process.wait()
    outcome.seconds = time.monotonic() - started
    kill(process)  # whatever the candidate left behind
    pipes.join(timeout=5.0)
    process.stdout.close()
    outcome.returncode = process.returncode
    outcome.output_exceeded = pipes.exceeded
    outcome.messages, outcome.corrupt = parse_messages(bytes(pipes.result))
    outcome.log_tail = pipes.log_tail.decode("utf-8", "replace")
    return outcome
