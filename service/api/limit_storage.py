"""In-process rate-limit counts whose expired entries one thread sweeps once a second.

The `limits` library's MemoryStorage (Flask-Limiter's `memory://`) drops expired entries from a
`threading.Timer` that it starts again at every hit finding the last one finished, 10 ms
after it started: under load about a hundred thread starts a second in each process, measured
at 0.6 ms of CPU per request (docs/benchmarks.md). Here the counting is MemoryStorage's own;
the only change is who sweeps: one daemon thread per process, started at the first hit in that
process (a forked web worker starts its own), holding the storage weakly so that it ends with
it. The sweep is for memory only: a moving window ignores expired entries when counting.
"""

from __future__ import annotations

import os
import threading
import time
import weakref
from typing import ClassVar

from limits.storage import MemoryStorage

SCHEME = "grader-memory"
SWEEP_SECONDS = 1.0


def _sweep(storage_ref: weakref.ref[SweptMemoryStorage]) -> None:
    while True:
        time.sleep(SWEEP_SECONDS)
        storage = storage_ref()
        if storage is None:
            return
        storage._MemoryStorage__expire_events()  # MemoryStorage's own sweep, as its timer runs it
        del storage


class SweptMemoryStorage(MemoryStorage):
    """MemoryStorage with one sweeping thread per process instead of a timer per hit."""

    STORAGE_SCHEME: ClassVar[list[str]] = [SCHEME]  # registers the scheme with `limits`

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: str):
        super().__init__(uri, wrap_exceptions, **options)
        self._sweeper_pid = 0
        self._sweeper_guard = threading.Lock()

    def _ensure_sweeper(self) -> None:
        """Start this process's sweeper once; while it runs, MemoryStorage's own check
        (`self.timer.is_alive()`) finds a live timer and starts none."""
        if self._sweeper_pid == os.getpid():
            return
        with self._sweeper_guard:
            if self._sweeper_pid != os.getpid():
                sweeper = threading.Thread(target=_sweep, args=(weakref.ref(self),),
                                           name="rate-limit-sweeper", daemon=True)
                sweeper.start()
                self.timer = sweeper  # type: ignore[assignment]
                self._sweeper_pid = os.getpid()

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        self._ensure_sweeper()
        return super().incr(key, expiry, amount)

    def decr(self, key: str, amount: int = 1) -> int:
        self._ensure_sweeper()
        return super().decr(key, amount)

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        self._ensure_sweeper()
        return super().acquire_entry(key, limit, expiry, amount)

    def acquire_sliding_window_entry(self, key: str, limit: int, expiry: int,
                                     amount: int = 1) -> bool:
        self._ensure_sweeper()
        return super().acquire_sliding_window_entry(key, limit, expiry, amount)


def storage_uri(url: str) -> str:
    """The storage Flask-Limiter is given for `GRADER_RATE_LIMIT_STORAGE_URL`: in-process
    counts (`memory://`) swept as above, any other URL (redis://...) as it is."""
    return f"{SCHEME}://" if url.split(":", 1)[0] == "memory" else url
