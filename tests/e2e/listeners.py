"""Real local peers for end-to-end tests: an HTTP listener that records what it receives, an
SMTP server that keeps the messages, and `grader serve` itself as a subprocess."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests
from aiosmtpd.controller import Controller

GRADER = Path(sys.executable).parent / "grader"


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
    """Records every request; answers 503 to paths starting with one of `failing`, else 200."""

    url: str
    received: list[Received] = field(default_factory=list)
    failing: set[str] = field(default_factory=set)

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
def http_listener() -> Iterator[HttpListener]:
    """An HTTP listener on a free loopback port, in a thread."""
    port = free_port()
    listener = HttpListener(f"http://127.0.0.1:{port}")

    class Handler(BaseHTTPRequestHandler):
        def _record(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            status = 503 if self.path.startswith(tuple(listener.failing)) else 200
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


class _Mailbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


@contextmanager
def smtp_server() -> Iterator[tuple[int, list[Message]]]:
    """A real SMTP server (aiosmtpd) on a free port; yields its port and received messages."""
    mailbox = _Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, mailbox.messages
    finally:
        controller.stop()


@dataclass
class Server:
    """A running `grader serve`."""

    base: str
    process: subprocess.Popen

    def stop(self) -> str:
        """SIGTERM, wait, and return what it printed."""
        self.process.send_signal(signal.SIGTERM)
        output, _ = self.process.communicate(timeout=60)
        return output.decode(errors="replace")


def start_serve(env: dict[str, str], timeout: float = 120) -> Server:
    """Start `grader serve` with `env` added to ours; waits until /healthz answers 200."""
    port = free_port()
    full_env = {**os.environ, **env, "GRADER_PORT": str(port)}
    process = subprocess.Popen([str(GRADER), "serve"], env=full_env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"grader serve exited: {process.stdout.read().decode()}")
        try:
            if requests.get(f"{base}/healthz", timeout=5).status_code == 200:
                return Server(base, process)
        except requests.ConnectionError:
            time.sleep(0.3)
    process.kill()
    raise AssertionError("grader serve did not answer /healthz in time")


def grader(env: dict[str, str], *args: str) -> str:
    """Run a `grader` command with `env`; its stdout (it must succeed)."""
    done = subprocess.run([str(GRADER), *args], env={**os.environ, **env}, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout
