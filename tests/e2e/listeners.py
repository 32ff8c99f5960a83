"""Real local peers for end-to-end tests: an SMTP server that keeps the messages, and
`grader serve` itself as a subprocess (the HTTP listener is tests/listeners.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email import message_from_bytes
from email.message import Message
from pathlib import Path

import requests
from aiosmtpd.controller import Controller

from tests.listeners import free_port

GRADER = Path(sys.executable).parent / "grader"


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
