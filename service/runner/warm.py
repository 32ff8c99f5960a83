"""Warm sandboxes: single-use sandboxes started ahead of demand, so a run does not wait for one.

A background thread keeps `size` sandboxes of one engine booted (bubblewrap, setpriv, engine
started and warmed up) and waiting for their job. `take` hands one out for exactly one run;
the sandbox ends with that run (process, cgroup and UID gone) and the thread starts a
replacement once the runs handed out have ended (or REFILL_DELAY_SECONDS after the hand-over
at the latest), so a start-up does not take CPU from the runs it would serve. A sandbox that
died, said anything after `ready`, or is older than `max_age` is discarded unused and
replaced. `close` ends every waiting sandbox.

The thread that starts the sandboxes stays alive until every sandbox it started has ended:
bubblewrap's --die-with-parent follows the spawning thread, not the process.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
from collections import deque

from service.runner.engines import Engine
from service.runner.isolation import Sandbox
from service.runner.supervise import HarnessProcess

log = logging.getLogger("service.runner")
CHECK_SECONDS = 1.0  # how often waiting sandboxes are checked for death and age
BUSY_CHECK_SECONDS = 0.05  # how often while runs handed out are going on
REFILL_DELAY_SECONDS = 2.0
MAX_BACKOFF_SECONDS = 60.0


class WarmPool:
    """Keeps `size` booted sandboxes of `engine` waiting; each one runs one job only."""

    def __init__(self, sandbox: Sandbox, engine: Engine, size: int, max_age: float) -> None:
        self.sandbox = sandbox
        self.engine = engine
        self.size = size
        self.max_age = max_age
        self.handed = 0  # sandboxes handed out so far
        self._owner_pid = os.getpid()
        self._idle: deque[HarnessProcess] = deque()
        self._taken: dict[HarnessProcess, float] = {}  # running, with the hand-over time
        self._stale: list[HarnessProcess] = []
        self._starting: HarnessProcess | None = None
        self._closed = False
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._keep_filled, name="warm-sandboxes",
                                        daemon=True)
        self._thread.start()
        atexit.register(self.close)

    @property
    def idle(self) -> tuple[HarnessProcess, ...]:
        """The sandboxes waiting for a job now."""
        with self._changed:
            return tuple(self._idle)

    def take(self, engine: Engine) -> HarnessProcess | None:
        """A waiting sandbox of `engine` for one run, or None (none ready, another engine)."""
        if engine != self.engine:
            return None
        with self._changed:
            while self._idle and not self._closed:
                process = self._idle.popleft()
                self._changed.notify_all()
                if process.usable(self.max_age):
                    self._taken[process] = time.monotonic()
                    self.handed += 1
                    return process
                self._stale.append(process)
        return None

    def wait_filled(self, timeout: float) -> bool:
        """Wait until `size` sandboxes are waiting; False after `timeout` seconds."""
        with self._changed:
            return self._changed.wait_for(lambda: len(self._idle) >= self.size, timeout)

    def _next_step(self) -> tuple[list[HarnessProcess], bool] | None:
        """Under the lock: the waiting sandboxes to discard and whether to start one, or None
        when the thread may end (closed and every sandbox it started has ended)."""
        self._taken = {p: at for p, at in self._taken.items() if not p.finished.is_set()}
        if self._closed and not self._taken and not self._stale:
            return None
        stale, self._stale = self._stale, []
        for process in [p for p in self._idle if not p.usable(self.max_age)]:
            self._idle.remove(process)
            stale.append(process)
        recent = time.monotonic() - REFILL_DELAY_SECONDS
        runs_going_on = any(at > recent for at in self._taken.values())
        start = not self._closed and len(self._idle) < self.size and not runs_going_on
        return stale, start

    def _keep_filled(self) -> None:
        failures = 0
        while True:
            with self._changed:
                step = self._next_step()
                if step is None:
                    return
                stale, start = step
                if not stale and not start:
                    self._changed.wait(BUSY_CHECK_SECONDS if self._taken else CHECK_SECONDS)
                    continue
            for process in stale:
                process.discard()
            if start:
                failures = 0 if self._start_one() else failures + 1
            if failures:
                with self._changed:
                    self._changed.wait(min(MAX_BACKOFF_SECONDS, 2.0**failures))

    def _start_one(self) -> bool:
        """Start a sandbox and wait for its `ready`; True when it joined the waiting ones."""
        try:
            process = self.sandbox.start(self.engine)
        except Exception:  # the thread must outlive the sandboxes it started
            log.exception("could not start a warm sandbox")
            return False
        with self._changed:
            self._starting = process
            closed = self._closed  # `close` came before this sandbox was known: end it now
        ready = not closed and process.wait_ready()
        with self._changed:
            self._starting = None
            closed = self._closed
            kept = ready and not closed
            if kept:
                self._idle.append(process)
                self._changed.notify_all()
        if kept:
            return True
        outcome = process.discard()  # (`close` may have ended it already: discard is once)
        if closed:
            return True  # not a failure
        log.warning("a warm sandbox did not start (exit %s): %s", outcome.returncode,
                    outcome.log_tail[-2000:])
        return False

    def close(self, wait: bool = True) -> None:
        """End every waiting sandbox and stop refilling; with `wait`, until the thread ends
        (after the runs of the sandboxes it handed out)."""
        if os.getpid() != self._owner_pid:
            return  # a forked copy: the sandboxes belong to the parent
        with self._changed:
            self._closed = True
            ending = [*self._idle, *filter(None, [self._starting])]
            self._idle.clear()
            self._changed.notify_all()
        for process in ending:
            process.discard()
        atexit.unregister(self.close)
        if wait and threading.current_thread() is not self._thread:
            self._thread.join()
