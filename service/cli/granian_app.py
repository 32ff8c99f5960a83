"""Granian serving one app object: `grader serve` runs the service through it.

The app is created once in the master, so content is checked before any worker starts; the
workers are forked from it (they share its loaded pages) and each runs `on_worker_start` before
its first request. HTTP is handled by Granian's Rust server; the WSGI app runs on
`settings.threads` Python threads per worker. Granian's workers are multiprocessing processes,
which leave with `os._exit`: `atexit` handlers do not run there, so what `on_worker_start`
returns is registered as one of multiprocessing's own exit finalizers.

Granian's master sends each worker one SIGTERM to stop it, and a worker can lose it
(reproduced under CPU load): one that comes before the worker's app is loaded meets the master's
handlers (inherited through the fork), which stop nothing in a worker; one between the fork and
Python's after-fork cleanup is cleared; one Granian's handler takes before the worker's Rust
server watches for it is never seen. Such a worker would serve on until the master kills it at
the stop timeout. So the master passes the stop on again (`_StopRepeat`) every
`RESEND_SECONDS` until its workers are gone; a worker ignores stop signals once its exit code
runs.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

from service.settings import Settings

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
RESEND_SECONDS = 0.5


class _StopRepeat:
    """In the master: once a stop signal came, SIGTERM each worker still running again every
    `RESEND_SECONDS` (Granian sends it once)."""

    def __init__(self, server: Any) -> None:
        self.server = server
        self.master = os.getpid()
        self.repeating = False

    def install(self) -> None:
        """Wrap Granian's stop handlers (a startup hook: the master's main thread, after they
        are installed)."""
        for number in STOP_SIGNALS:
            signal.signal(number, self._wrap(signal.getsignal(number)))

    def _wrap(self, granian_handler: Callable[[int, Any], None]) -> Callable[[int, Any], None]:
        def on_stop(number: int, frame: Any) -> None:
            granian_handler(number, frame)
            if os.getpid() == self.master and not self.repeating:  # a worker inherits this
                self.repeating = True
                threading.Thread(target=self._repeat, name="stop-repeat", daemon=True).start()

        return on_stop

    def _repeat(self) -> None:
        while True:
            time.sleep(RESEND_SECONDS)
            for worker in list(self.server.wrks):
                try:
                    os.kill(worker.inner.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue


def _ignoring_stops(stop: Callable[[], None]) -> Callable[[], None]:
    """`stop`, run by a worker as it exits, with further stop signals ignored first."""
    def exiting() -> None:
        if threading.current_thread() is threading.main_thread():
            for number in STOP_SIGNALS:
                signal.signal(number, signal.SIG_IGN)
        stop()

    return exiting


def serve_app(app: Any, host: str, port: int, settings: Settings, stop_timeout: int,
              on_worker_start: Callable[[], Callable[[], None]]) -> None:
    """Serve the WSGI `app` on `host:port` with `settings.workers` processes until stopped.
    Each worker calls `on_worker_start` before its first request and what it returned as it
    exits (on SIGTERM or SIGINT, once its requests are answered); a worker still running
    `stop_timeout` seconds after the stop began is killed."""
    from multiprocessing.util import Finalize

    from granian.constants import HTTPModes, Interfaces
    from granian.http import HTTP1Settings
    from granian.server import Server

    def load_app(_target: str) -> Any:  # runs in each worker after the fork
        Finalize(None, _ignoring_stops(on_worker_start()), exitpriority=10)
        return app

    server = Server(  # the target string only names the processes: `load_app` gives the app
        "service:create_app", address=host, port=port, interface=Interfaces.WSGI,
        workers=settings.workers, blocking_threads=settings.threads, http=HTTPModes.http1,
        websockets=False, http1_settings=HTTP1Settings(keep_alive=settings.keepalive),
        log_access=settings.access_log, respawn_failed_workers=True,
        workers_kill_timeout=stop_timeout,
    )
    server.on_startup(_StopRepeat(server).install)
    server.serve(target_loader=load_app)
