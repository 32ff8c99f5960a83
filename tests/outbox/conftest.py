"""Real receivers for the outbox tests: an HTTP listener on a loopback port; fast retries."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlmodel import Session, col, select

from service.interviews.services import Services
from service.settings import Settings
from service.store.models import Delivery

BACKOFF_SECONDS = 1.0


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Test settings with a fixed secret key and fast retries."""
    return Settings(database_url=database_url, secret_key="outbox-test-secret",
                    delivery_backoff_seconds=BACKOFF_SECONDS, delivery_timeout_seconds=5)


@pytest.fixture
def services(app) -> Services:
    """The services bundle of the test app."""
    return app.extensions["grader.services"]


@dataclass
class Received:
    """One request as the listener saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Listener:
    """A local HTTP server answering with the queued statuses (then 200) and recording every
    request."""

    url: str
    statuses: list[int] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)


def _handler(listener: Listener) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            listener.received.append(
                Received(self.command, self.path, dict(self.headers.items()), body)
            )
            status = listener.statuses.pop(0) if listener.statuses else 200
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        do_POST = do_PATCH = _answer

        def log_message(self, format: str, *args: object) -> None:
            """Keep test output quiet."""

    return Handler


@pytest.fixture
def listener() -> Iterator[Listener]:
    """An HTTP listener on a free loopback port, served from a thread."""
    box = Listener(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(box))
    box.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield box
    server.shutdown()
    server.server_close()
    thread.join(5)


def deliveries(services: Services, **where: str) -> list[Delivery]:
    """Deliveries matching the given column values, oldest first."""
    with Session(services.db) as session:
        query = select(Delivery).filter_by(**where).order_by(col(Delivery.created_at))
        return list(session.exec(query).all())


def register_webhook(client, headers: dict[str, str], url: str, events: list[str]) -> dict:
    """Register an endpoint through the API; returns its JSON (with the secret)."""
    response = client.post("/api/v1/webhooks", json={"url": url, "events": events},
                           headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()
