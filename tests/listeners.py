"""A real HTTP peer for tests: a loopback listener that records what it receives."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Received:
    """One request the listener got."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    status: int


@dataclass
class HttpListener:
    """Records every request; answers with the statuses queued in `statuses` first, then 503
    to paths starting with one of `failing`, else 200."""

    url: str
    received: list[Received] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    failing: set[str] = field(default_factory=set)

    def status_for(self, path: str) -> int:
        """The status to answer a request for `path` with."""
        if self.statuses:
            return self.statuses.pop(0)
        return 503 if path.startswith(tuple(self.failing)) else 200

    def wait_for(self, method: str, path: str, status: int = 200, timeout: float = 60) -> Received:
        """The first request with this method and path answered `status`, waiting for it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for item in list(self.received):
                if (item.method, item.path, item.status) == (method, path, status):
                    return item
            time.sleep(0.1)
        raise AssertionError(f"no {method} {path} within {timeout}s: {self.received}")


@contextmanager
def http_listener(path: str = "") -> Iterator[HttpListener]:
    """An HTTP listener on a free loopback port, in a thread; its `url` ends with `path`."""
    port = free_port()
    listener = HttpListener(f"http://127.0.0.1:{port}{path}")

    class Handler(BaseHTTPRequestHandler):
        def _record(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            status = listener.status_for(self.path)
            listener.received.append(
                Received(self.command, self.path, dict(self.headers), body, status)
            )
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_POST = do_PATCH = do_PUT = _record

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield listener
    finally:
        server.shutdown()
        server.server_close()
