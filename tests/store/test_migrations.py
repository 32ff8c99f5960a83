"""Alembic migrations run up and down on both databases; the app refuses a stale schema."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect
from sqlmodel import select

from service import create_app
from service.settings import Settings
from service.store import migrate
from service.store.content_versions import ContentVersion
from service.store.db import make_engine, session_scope


def test_upgrade_creates_tables_and_downgrade_removes_them(database_url):
    engine = make_engine(database_url)
    assert "content_versions" in inspect(engine).get_table_names()
    migrate.downgrade(database_url, "base")
    assert "content_versions" not in inspect(make_engine(database_url)).get_table_names()
    migrate.upgrade(database_url)
    assert "content_versions" in inspect(make_engine(database_url)).get_table_names()


def test_app_refuses_to_start_on_a_database_that_was_not_upgraded(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    with pytest.raises(migrate.SchemaNotCurrent, match="grader db upgrade"):
        create_app(Settings(database_url=url))


def test_sqlite_database_runs_in_wal_mode(tmp_path):
    url = f"sqlite:///{tmp_path / 'sub' / 'wal.db'}"
    migrate.upgrade(url)
    with make_engine(url).connect() as connection:
        mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
    assert mode == "wal"


def test_app_start_records_each_content_version_once(app, settings):
    bank = app.extensions["grader.bank"]
    create_app(settings)  # a second start (another worker) must not duplicate rows
    with session_scope(make_engine(settings.database_url)) as session:
        rows = session.exec(select(ContentVersion)).all()
    assert sorted(r.version for r in rows) == sorted(e.version for e in bank.entries.values())
    stored = {r.scenario_id: r for r in rows}
    for entry in bank.entries.values():
        assert stored[entry.scenario.id].rubric_yaml == entry.rubric_text
