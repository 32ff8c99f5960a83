"""Shared fixtures: the app on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from service import create_app
from service.settings import Settings
from service.store import migrate
from tests.pg import PostgresServer, start_postgres

_db_numbers = itertools.count()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One PostgreSQL 15 server for the whole run (a fresh database per test)."""
    server = start_postgres()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """A new, migrated database: SQLite in tmp_path, or a new PostgreSQL database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'grader.db'}"
    else:
        server: PostgresServer = request.getfixturevalue("postgres")
        url = server.create_database(f"grader_test_{next(_db_numbers)}")
    migrate.upgrade(url)
    return url


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Settings for a test app on the parametrized database with the shipped content."""
    return Settings(database_url=database_url, api_keys=["test-interviewer-key"])


@pytest.fixture
def app(settings: Settings):
    """The real app (real content, real database)."""
    app = create_app(settings)
    app.config.update(TESTING=True)
    yield app
    app.extensions["grader.db"].dispose()


@pytest.fixture
def client(app):
    """A test client for the app."""
    return app.test_client()
