"""Real receivers for the outbox tests: an HTTP listener on a loopback port; fast retries."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import Session, col, select

from service.interviews.services import Services
from service.settings import Settings
from service.store.models import Delivery
from tests.listeners import HttpListener, http_listener

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


@pytest.fixture
def listener() -> Iterator[HttpListener]:
    """An HTTP listener on a free loopback port (its url ends with /hooks), from a thread."""
    with http_listener("/hooks") as box:
        yield box


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
