"""SQLite connections for the embedded store: WAL mode, and one writer at a time per process.

SQLite lets one transaction write at a time. A writer that finds the file locked waits in
SQLite's busy handler, which polls with sleeps of up to 100 ms: under steady writes from many
threads a waiting writer can lose every race until its timeout (a 503), and one that wins has
often slept far longer than the lock was held. So the threads of a process queue for the write
lock here instead, on a lock that wakes the next writer as soon as the last one commits; SQLite's
busy handler is left to arbitrate between processes only.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from typing import Any

BUSY_TIMEOUT_SECONDS = 5.0
# Statements that make pysqlite open a write transaction (it begins one implicitly before them).
_WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
_WRITER_LOCKS: dict[str, threading.Lock] = {}  # database file -> its lock in this process
_LOCKS_GUARD = threading.Lock()


def _writer_lock(database: str) -> threading.Lock:
    if database in ("", ":memory:") or "mode=memory" in database:
        return threading.Lock()  # an in-memory database belongs to its connection alone
    with _LOCKS_GUARD:
        return _WRITER_LOCKS.setdefault(database, threading.Lock())


class WriterQueueConnection(sqlite3.Connection):
    """A sqlite3 connection whose first write of a transaction waits for this process's writer
    lock of the file, held until the transaction commits, rolls back or the connection closes."""

    def __init__(self, database: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(database, *args, **kwargs)
        self._writers = _writer_lock(str(database))
        self._writing = False

    def cursor(self, factory: type[sqlite3.Cursor] | None = None) -> sqlite3.Cursor:
        """A cursor that takes the writer lock before a write statement."""
        return super().cursor(factory or WriterQueueCursor)

    def take_writer_lock(self) -> None:
        """Wait for the writer lock unless this transaction holds it; raises "database is
        locked" (as SQLite would) when it stays taken for the busy timeout."""
        if self._writing:
            return
        if not self._writers.acquire(timeout=BUSY_TIMEOUT_SECONDS):
            raise sqlite3.OperationalError("database is locked")
        self._writing = True

    def _release_writer_lock(self) -> None:
        if self._writing:
            self._writing = False
            self._writers.release()

    def commit(self) -> None:
        """Commit, then let the next writer in."""
        try:
            super().commit()
        finally:
            self._release_writer_lock()

    def rollback(self) -> None:
        """Roll back, then let the next writer in."""
        try:
            super().rollback()
        finally:
            self._release_writer_lock()

    def close(self) -> None:
        """Close (an open transaction is rolled back), then let the next writer in."""
        try:
            super().close()
        finally:
            self._release_writer_lock()


class WriterQueueCursor(sqlite3.Cursor):
    """A cursor of a WriterQueueConnection: write statements wait for the writer lock."""

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        """Execute `sql`, first taking the writer lock when it writes."""
        if _WRITE.match(sql):
            self.connection.take_writer_lock()
        return super().execute(sql, parameters)

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> sqlite3.Cursor:
        """Execute `sql` for each set of parameters, first taking the writer lock when it
        writes."""
        if _WRITE.match(sql):
            self.connection.take_writer_lock()
        return super().executemany(sql, seq_of_parameters)


def configure(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    """Per new connection: WAL journal (readers never wait for the writer), foreign keys, and
    SQLite's busy timeout for writers of other processes."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
    cursor.close()
