"""Engine and session helpers for SQLite (default) and PostgreSQL."""

from __future__ import annotations

import os
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, partial
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary, proxy

from sqlalchemy import Insert, Table, event, insert, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, SQLModel, create_engine

from service.store import sqlite
from service.store.group_commit import GroupCommitter

Row = tuple[Table, dict[str, Any]]


def make_engine(database_url: str) -> Engine:
    """Create an engine; SQLite gets WAL mode, queued writers (service/store/sqlite.py) and its
    parent directory created."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={
            "check_same_thread": False, "factory": sqlite.WriterQueueConnection,
        })
        event.listen(engine, "connect", sqlite.configure)
        return engine
    return create_engine(url, pool_pre_ping=True)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except Exception:
            session.rollback()
            raise


def row_of(model: SQLModel) -> Row:
    """A new model object as a row to insert: its table and its column values."""
    table = model.__table__
    return table, {column.name: getattr(model, column.name) for column in table.columns}


@cache
def insert_into(table: Table) -> Insert:
    """The Core INSERT statement of `table` (built once)."""
    return insert(table)


@cache
def _dependency_order() -> dict[Table, int]:
    """Each table's place in an order where referenced tables come first (computed once)."""
    return {table: place for place, table in enumerate(SQLModel.metadata.sorted_tables)}


def insert_rows(engine: Engine, rows: list[Row]) -> None:
    """INSERT new rows, committed before this returns; the rows of threads that store at the
    same time share a transaction (service/store/group_commit.py)."""
    _committer(engine).write(rows)


_COMMITTERS: WeakKeyDictionary[Engine, tuple[int, GroupCommitter[Row]]] = WeakKeyDictionary()
_COMMITTERS_GUARD = threading.Lock()


def _committer(engine: Engine) -> GroupCommitter[Row]:
    """The group committer of `engine` in this process (a forked child makes its own)."""
    with _COMMITTERS_GUARD:
        process, committer = _COMMITTERS.get(engine, (None, None))
        if committer is None or process != os.getpid():
            # a proxy: the committer must not keep its engine (the key) alive
            committer = GroupCommitter(partial(_insert_now, proxy(engine)), _about_the_rows)
            _COMMITTERS[engine] = (os.getpid(), committer)
    return committer


def _about_the_rows(error: Exception) -> bool:
    """Whether a failed INSERT may be due to its rows (a constraint, a value), not to the
    database itself (unreachable, locked): only then is each thread's share tried alone."""
    return not isinstance(error, OperationalError)


def _insert_now(engine: Engine, rows: list[Row]) -> None:
    """INSERT rows in one transaction, referenced tables first, one statement per table. Core
    statements on a plain connection: for the busiest write (answers), no session, no model
    validation and no unit of work (which needs a flush per table to order rows of tables
    without ORM relationships)."""
    by_table: dict[Table, list[dict[str, Any]]] = defaultdict(list)
    for table, values in rows:
        by_table[table].append(values)
    order = _dependency_order()
    with engine.begin() as connection:
        for table in sorted(by_table, key=order.__getitem__):
            connection.execute(insert_into(table), by_table[table])


def ping(engine: Engine) -> None:
    """Run a trivial query; raises when the database is unreachable."""
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
