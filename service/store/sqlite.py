"""SQLite connections for the embedded store: WAL mode, and writers that queue for the file.

SQLite lets one transaction write at a time. A writer that finds the file locked waits in
SQLite's busy handler, which polls with sleeps of up to 100 ms: under steady writes from many
threads a waiting writer can lose every race until its timeout (a 503), and one that wins has
often slept far longer than the lock was held. So writers queue here instead: the threads of a
process on a lock that wakes the next one as soon as the last one commits, then the one thread
per process that holds it on an advisory lock of a file beside the database (`<file>.writers`),
tried every half millisecond. SQLite's own busy handler only sees writers that do not take these
locks (other tools).
"""

from __future__ import annotations

import fcntl
import os
import re
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

BUSY_TIMEOUT_SECONDS = 5.0
# Statements that make pysqlite open a write transaction (it begins one implicitly before them).
_WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
_FILE_LOCK_POLL_SECONDS = 0.0005


class WriterLock:
    """The writer lock of one database file in one process: a thread lock, then (for a file
    database) an advisory lock shared with the other processes."""

    def __init__(self, database: str) -> None:
        self._threads = threading.Lock()
        plain_file = not _in_memory(database) and not database.startswith("file:")
        self._file = Path(f"{database}.writers") if plain_file else None
        self._descriptor: int | None = None  # opened by this process, used by the lock holder

    def acquire(self, timeout: float) -> bool:
        """Take the lock within `timeout` seconds; False when it stays taken."""
        deadline = time.monotonic() + timeout
        if not self._threads.acquire(timeout=timeout):
            return False
        if self._file is None:
            return True
        if self._descriptor is None:
            self._descriptor = os.open(self._file, os.O_RDWR | os.O_CREAT, 0o600)
        while True:
            try:
                fcntl.flock(self._descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    self._threads.release()
                    return False
                time.sleep(_FILE_LOCK_POLL_SECONDS)

    def release(self) -> None:
        """Let the next writer in."""
        if self._descriptor is not None:
            fcntl.flock(self._descriptor, fcntl.LOCK_UN)
        self._threads.release()


_WRITER_LOCKS: dict[tuple[int, str], WriterLock] = {}  # (process, database file) -> its lock
_LOCKS_GUARD = threading.Lock()


def _in_memory(database: str) -> bool:
    return database in ("", ":memory:") or "mode=memory" in database


def _writer_lock(database: str) -> WriterLock:
    """This process's writer lock of a database file (a forked child makes its own)."""
    key = (os.getpid(), database)
    lock = _WRITER_LOCKS.get(key)
    if lock is None:
        with _LOCKS_GUARD:
            lock = _WRITER_LOCKS.setdefault(key, WriterLock(database))
    return lock


class WriterQueueConnection(sqlite3.Connection):
    """A sqlite3 connection whose first write of a transaction waits for this process's writer
    lock of the file, held until the transaction commits, rolls back or the connection closes."""

    def __init__(self, database: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(database, *args, **kwargs)
        self._database = str(database)
        # an in-memory database belongs to its connection alone: so does its lock
        self._private = WriterLock(self._database) if _in_memory(self._database) else None
        self._writing: WriterLock | None = None

    def cursor(self, factory: type[sqlite3.Cursor] | None = None) -> sqlite3.Cursor:
        """A cursor that takes the writer lock before a write statement."""
        return super().cursor(factory or WriterQueueCursor)

    def take_writer_lock(self) -> None:
        """Wait for the writer lock unless this transaction holds it; raises "database is
        locked" (as SQLite would) when it stays taken for the busy timeout."""
        if self._writing is not None:
            return
        writers = self._private or _writer_lock(self._database)  # this process's, after a fork
        if not writers.acquire(BUSY_TIMEOUT_SECONDS):
            raise sqlite3.OperationalError("database is locked")
        self._writing = writers

    def _release_writer_lock(self) -> None:
        if self._writing is not None:
            writers, self._writing = self._writing, None
            writers.release()

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
