"""A PostgreSQL outage: health and requests answer 503 problem+json (never 500), and the same
running app serves again once the database is back. PostgreSQL only: SQLite is a file in the
process and cannot be stopped."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from service import create_app
from service.settings import Settings
from service.store import code_jobs, migrate
from tests.pg import PostgresServer, start_postgres

pytestmark = pytest.mark.postgres


@pytest.fixture
def own_postgres() -> Iterator[PostgresServer]:
    """A server of its own: stopping the shared one would break the other tests."""
    server = start_postgres()
    yield server
    server.stop()


@pytest.fixture
def outage_app(own_postgres):
    url = own_postgres.create_database("grader_outage")
    migrate.upgrade(url)
    app = create_app(Settings(database_url=url))
    yield app
    app.extensions["grader.db"].dispose()


def assert_unavailable(response) -> None:
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == 503
    assert response.headers["Retry-After"]


def test_requests_during_a_database_outage_are_503_and_the_app_recovers(outage_app,
                                                                       own_postgres):
    client = outage_app.test_client()
    settings = outage_app.extensions["grader.settings"]
    job_id = code_jobs.create_job(outage_app.extensions["grader.db"], "kafka-schema-evolution",
                                  "v1", settings.spark_engine, "def solve(spark): pass")
    assert client.get("/healthz").status_code == 200

    own_postgres.halt()
    health = client.get("/healthz")
    assert_unavailable(health)
    assert health.get_json()["database"] == "unreachable"
    assert_unavailable(client.get(f"/api/v1/code-jobs/{job_id}"))
    assert_unavailable(client.get("/healthz"))  # still down: no stale connection slips through

    own_postgres.resume()
    assert client.get("/healthz").get_json()["database"] == "ok"
    assert client.get(f"/api/v1/code-jobs/{job_id}").get_json()["status"] == "queued"
