"""Shared fixtures: the app on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from service import create_app
from service.runner.pool import CodeRunner
from service.settings import Settings
from service.store import migrate
from service.store.db import session_scope
from service.store.keys import create_key, create_org
from service.store.models import ROLES
from tests.pg import PostgresServer, start_postgres
from tests.redis import RedisServer, start_redis

_db_numbers = itertools.count()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One PostgreSQL 15 server for the whole run (a fresh database per test)."""
    server = start_postgres()
    yield server
    server.stop()


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    """A Redis server of its own (Debian's redis-server, no persistence) on a free port."""
    server = start_redis()
    yield server
    server.remove()


@pytest.fixture(scope="session", autouse=True)
def _receivers_on_loopback() -> Iterator[None]:
    """The tests' webhook and Greenhouse receivers listen on loopback, which the default
    (`public`) refuses: the suite allows loopback in every app and server it starts
    (tests/outbox/test_delivery_targets.py checks the default)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GRADER_DELIVERY_TARGETS", "loopback")
        yield


@pytest.fixture(autouse=True)
def _code_runners_shut_down(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every sandbox pool a test creates is shut down after it, warm sandboxes included, so no
    sandbox outlives its test (tests/runner/test_sandbox.py checks that none is left)."""
    created: list[CodeRunner] = []
    original = CodeRunner.__init__

    def recording(self: CodeRunner, *args, **kwargs) -> None:
        original(self, *args, **kwargs)
        created.append(self)

    monkeypatch.setattr(CodeRunner, "__init__", recording)
    yield
    for runner in created:
        runner.shutdown(wait=True)


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


@dataclass
class Tenant:
    """An organisation with one API key per role."""

    org_id: str
    keys: dict[str, str]

    def headers(self, role: str) -> dict[str, str]:
        """Authorization header of the key with `role`."""
        return {"Authorization": f"Bearer {self.keys[role]}"}


def make_tenant(app, name: str) -> Tenant:
    """Create an organisation and a portal, an interviewer and an admin key in the app's DB."""
    with session_scope(app.extensions["grader.db"]) as session:
        org = create_org(session, name)
        keys = {role: create_key(session, org.id, role, label=role)[1] for role in ROLES}
    return Tenant(org.id, keys)


@pytest.fixture
def tenant(app) -> Tenant:
    """Organisation A with a key per role."""
    return make_tenant(app, "Org A")


@pytest.fixture
def other_tenant(app) -> Tenant:
    """Organisation B, which must never see A's data."""
    return make_tenant(app, "Org B")
