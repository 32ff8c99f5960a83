"""One started harness process: its boot line on stdin at once, its one job later; results
read from a pipe and its stdout/stderr drained, each under a byte cap.

Start-up (until the harness says `ready`) and the job (from hand-over to exit) have separate
wall-clock limits. What confines the process (its cgroup, UID slot, files) is an Enclosure:
it can kill the process early and is released once the process is gone."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

LOG_TAIL_BYTES = 8000


@dataclass(frozen=True)
class Limits:
    """Limits of one run (the engine's timeout and memory, the service's caps)."""

    startup_seconds: float
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


class Enclosure(Protocol):
    """What holds one harness process: kills it early, counts OOM kills, is released once."""

    def kill(self, process: subprocess.Popen) -> None:
        """Kill the process and everything it started (idempotent)."""

    def oom_kills(self) -> int:
        """How many of its processes the memory limit killed."""

    def release(self) -> None:
        """Free what the sandbox held (cgroup, UID, files), after the process is gone."""


class _Pipes:
    """Drains the result pipe and stdout/stderr with caps; calls `on_limit` once over a cap.
    `first_line` is set once the result pipe has a whole line or is closed."""

    def __init__(self, result_read: int, output: Any, cap: int, on_limit: Callable[[], None]):
        self.cap = cap
        self.on_limit = on_limit
        self.result = bytearray()
        self.log_tail = bytearray()
        self.exceeded = False
        self.closed = False
        self.first_line = threading.Event()
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
                    break
                self.result += chunk
                if b"\n" in chunk:
                    self.first_line.set()
        self.closed = True
        self.first_line.set()

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


class HarnessProcess:
    """A harness started with its boot line; it says `ready` and then takes exactly one job.

    Start it from a thread that outlives it: bubblewrap's --die-with-parent follows the thread
    that spawned it."""

    def __init__(
        self,
        argv: list[str],
        env: dict[str, str] | None,
        cwd: str | None,
        boot: dict[str, Any],
        result_pipe: tuple[int, int],
        limits: Limits,
        enclosure: Enclosure,
    ) -> None:
        read_end, write_end = result_pipe
        self.limits = limits
        self.enclosure = enclosure
        self.started = time.monotonic()
        self.finished = threading.Event()
        self._handed = False
        self._lock = threading.Lock()
        try:
            self.process = subprocess.Popen(
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
        self._pipes = _Pipes(read_end, self.process.stdout, limits.output_bytes, self._kill)
        self._write(json.dumps(boot).encode() + b"\n", close=False)

    @property
    def pid(self) -> int:
        """The host pid of the process started (the shell that became bubblewrap)."""
        return self.process.pid

    def _kill(self) -> None:
        self.enclosure.kill(self.process)

    def _write(self, data: bytes, close: bool) -> None:
        with contextlib.suppress(BrokenPipeError):  # the harness died: its ending tells why
            self.process.stdin.write(data)
            self.process.stdin.flush()
        if close:
            with contextlib.suppress(BrokenPipeError):
                self.process.stdin.close()

    def _said_ready(self) -> bool:
        line = bytes(self._pipes.result).split(b"\n", 1)[0]
        messages, _ = parse_messages(line)
        return bool(messages) and messages[0]["event"] == "ready"

    def wait_ready(self) -> bool:
        """Wait, within the start-up limit, for the harness's `ready`; False when it ended,
        failed or took too long."""
        remaining = self.limits.startup_seconds - (time.monotonic() - self.started)
        self._pipes.first_line.wait(max(0.0, remaining))
        return self._said_ready()

    def usable(self, max_age: float) -> bool:
        """Ready, still running, younger than `max_age` seconds, never handed a job, and has
        said nothing since `ready`."""
        return (
            not self._handed
            and time.monotonic() - self.started < max_age
            and self.process.poll() is None
            and not self._pipes.closed
            and not self._pipes.exceeded
            and self._pipes.result.count(b"\n") == 1
            and self._said_ready()
        )

    def run(self, job: dict[str, Any]) -> RunOutcome:
        """Hand over the job once the harness is ready, and collect the results until exit, a
        cap or the job's timeout (counted from the hand-over); then end the sandbox."""
        with self._lock:
            if self._handed:
                raise RuntimeError("a sandbox runs one job only")
            self._handed = True
        outcome = RunOutcome()
        try:
            if self.wait_ready():
                handed = time.monotonic()
                self._write(json.dumps(job).encode(), close=True)
                try:
                    self.process.wait(timeout=self.limits.timeout_seconds)
                except subprocess.TimeoutExpired:
                    outcome.timed_out = True
                outcome.seconds = time.monotonic() - handed
        finally:
            self._end(outcome)
        return outcome

    def discard(self) -> RunOutcome:
        """End the sandbox without a job (unused, dead or too old); how it ended."""
        with self._lock:
            self._handed = True
        outcome = RunOutcome()
        self._end(outcome)
        return outcome

    def _end(self, outcome: RunOutcome) -> None:
        """Kill what is left, release the enclosure (once) and fill in how the run ended."""
        with self._lock:
            if self.finished.is_set():
                return
            try:
                self._kill()  # whatever the candidate left behind
                self.process.wait()
                self._pipes.join(timeout=5.0)
                self.process.stdout.close()
                outcome.oom_kills = self.enclosure.oom_kills()
            finally:
                try:
                    self.enclosure.release()
                finally:
                    self.finished.set()  # only once the cgroup and the UID are given back
        outcome.returncode = self.process.returncode
        outcome.output_exceeded = self._pipes.exceeded
        outcome.messages, outcome.corrupt = parse_messages(bytes(self._pipes.result))
        outcome.log_tail = self._pipes.log_tail.decode("utf-8", "replace")
