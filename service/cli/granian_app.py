"""Granian serving one app object: `grader serve` runs the service through it.

The app is created once in the master, so content is checked before any worker starts; the
workers are forked from it (they share its loaded pages) and each runs `on_worker_start` before
its first request. HTTP is handled by Granian's Rust server; the WSGI app runs on
`settings.threads` Python threads per worker. Granian's workers are multiprocessing processes,
which leave with `os._exit`: `atexit` handlers do not run there, so what `on_worker_start`
returns is registered as one of multiprocessing's own exit finalizers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from service.settings import Settings


def serve_app(app: Any, host: str, port: int, settings: Settings,
              on_worker_start: Callable[[], Callable[[], None]]) -> None:
    """Serve the WSGI `app` on `host:port` with `settings.workers` processes until stopped.
    Each worker calls `on_worker_start` before its first request and what it returned as it
    exits (on SIGTERM or SIGINT, once its requests are answered)."""
    from multiprocessing.util import Finalize

    from granian.constants import HTTPModes, Interfaces
    from granian.http import HTTP1Settings
    from granian.server import Server

    def load_app(_target: str) -> Any:  # runs in each worker after the fork
        Finalize(None, on_worker_start(), exitpriority=10)
        return app

    server = Server(  # the target string only names the processes: `load_app` gives the app
        "service:create_app", address=host, port=port, interface=Interfaces.WSGI,
        workers=settings.workers, blocking_threads=settings.threads, http=HTTPModes.http1,
        websockets=False, http1_settings=HTTP1Settings(keep_alive=settings.keepalive),
        log_access=settings.access_log, respawn_failed_workers=True,
    )
    server.serve(target_loader=load_app)
