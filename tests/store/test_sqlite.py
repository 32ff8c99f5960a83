"""The embedded SQLite store queues the writers of a process on its own lock (store/sqlite.py)."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from service.store import sqlite
from service.store.db import make_engine


@pytest.fixture
def db(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (n INTEGER)"))
    yield engine
    engine.dispose()


def _count(db) -> int:
    with db.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM t")).scalar_one()


def _open_write(db):
    """A connection in the middle of a write transaction (one row inserted, not committed)."""
    holder = db.connect()
    holder.begin()
    holder.execute(text("INSERT INTO t VALUES (1)"))
    return holder


class _Writer(threading.Thread):
    """Inserts one row in its own transaction; `done` is set once it committed, `failures`
    holds what it raised."""

    def __init__(self, db) -> None:
        super().__init__()
        self.db, self.done, self.failures = db, threading.Event(), []

    def run(self) -> None:
        try:
            with self.db.begin() as connection:
                connection.execute(text("INSERT INTO t VALUES (2)"))
            self.done.set()
        except OperationalError as error:
            self.failures.append(error)


def test_concurrent_writers_of_a_process_all_commit(db):
    errors: list[Exception] = []

    def write(first: int) -> None:
        try:
            for n in range(first, first + 25):
                with db.begin() as connection:
                    connection.execute(text("INSERT INTO t VALUES (:n)"), {"n": n})
        except Exception as error:  # collected for the assertion
            errors.append(error)

    threads = [threading.Thread(target=write, args=(i * 100,)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert _count(db) == 16 * 25


def test_a_writer_waits_for_the_open_write_transaction_and_reads_do_not(db):
    holder = _open_write(db)
    writer = _Writer(db)
    writer.start()
    assert not writer.done.wait(0.3)  # queued behind the open transaction
    assert _count(db) == 0  # a reader is not: it sees the last committed state at once
    holder.commit()
    assert writer.done.wait(5)
    writer.join()
    holder.close()
    assert _count(db) == 2


def test_a_writer_gives_up_with_database_locked_after_the_busy_timeout(db, monkeypatch):
    monkeypatch.setattr(sqlite, "BUSY_TIMEOUT_SECONDS", 0.2)
    holder = _open_write(db)
    writer = _Writer(db)
    writer.start()
    writer.join(5)
    holder.rollback()
    holder.close()
    assert len(writer.failures) == 1 and "database is locked" in str(writer.failures[0])
    assert _count(db) == 0


@pytest.mark.parametrize("end", ["rollback", "close"])
def test_the_writer_lock_is_released_when_the_transaction_ends_without_commit(db, monkeypatch,
                                                                               end):
    monkeypatch.setattr(sqlite, "BUSY_TIMEOUT_SECONDS", 0.2)
    holder = db.connect()
    holder.begin()
    holder.execute(text("INSERT INTO t VALUES (1)"))
    if end == "rollback":
        holder.rollback()
    else:
        holder.invalidate()  # closes the DBAPI connection with its transaction open
    holder.close()
    with db.begin() as connection:
        connection.execute(text("INSERT INTO t VALUES (2)"))
    assert _count(db) == 1


def test_in_memory_databases_do_not_share_a_writer_lock():
    first = sqlite.WriterQueueConnection(":memory:")
    second = sqlite.WriterQueueConnection(":memory:")
    first.execute("CREATE TABLE t (n INTEGER)")
    second.execute("CREATE TABLE t (n INTEGER)")
    first.cursor().execute("INSERT INTO t VALUES (1)")
    second.cursor().execute("INSERT INTO t VALUES (2)")  # would wait if the lock were shared
    first.commit()
    second.commit()
    first.close()
    second.close()


def test_a_writer_waits_for_another_process_holding_the_writers_file(db, tmp_path):
    other_process = os.open(tmp_path / "store.db.writers", os.O_RDWR | os.O_CREAT)
    fcntl.flock(other_process, fcntl.LOCK_EX)  # another open file: as another process would
    writer = _Writer(db)
    writer.start()
    assert not writer.done.wait(0.3)
    fcntl.flock(other_process, fcntl.LOCK_UN)
    os.close(other_process)
    assert writer.done.wait(5)
    writer.join()
    assert _count(db) == 1


def test_writers_of_several_processes_all_commit(db, tmp_path):
    script = (
        "from sqlalchemy import text\nfrom service.store.db import make_engine\n"
        f"db = make_engine('sqlite:///{tmp_path / 'store.db'}')\n"
        "for n in range(200):\n"
        "    with db.begin() as connection:\n"
        "        connection.execute(text('INSERT INTO t VALUES (:n)'), {'n': n})\n"
    )
    processes = [subprocess.Popen([sys.executable, "-c", script], cwd=Path(__file__).parents[2])
                 for _ in range(3)]
    assert [process.wait(120) for process in processes] == [0, 0, 0]
    assert _count(db) == 600
