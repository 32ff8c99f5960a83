"""Group commit: rows that many threads of a process store at once share one transaction.

A transaction costs about the same whatever it holds: a turn at the writer lock and the WAL's
fsync (SQLite), round trips (PostgreSQL), and each statement's fixed overhead. Under load the
answers of a process's request threads arrive together, so they are written together: a thread
with rows to store queues them; the first one to find no writer at work becomes the leader and
writes everything queued at that moment in one transaction, wakes the threads whose rows it
wrote, and hands the lead to the first thread queued meanwhile. Alone, a thread writes its own
rows at once: nothing waits for company.

No thread returns before its rows are committed, and each sees only its own failure: a batch
that fails because of what it holds (a constraint) is written again one thread's rows per
transaction; one that fails for all alike (the database is unreachable) fails them all at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Item = TypeVar("Item")


@dataclass(eq=False)
class _Entry(Generic[Item]):
    """One thread's rows, and how their write ended (or that the thread now leads)."""

    items: list[Item]
    woken: threading.Event = field(default_factory=threading.Event)
    written: bool = False
    error: BaseException | None = None


class GroupCommitter(Generic[Item]):
    """Writes the items of concurrent `write` calls in shared transactions. `commit(items)`
    writes a list of items in one transaction (it raises to roll it back); `isolate(error)`
    says whether a failed batch is worth writing again one thread at a time."""

    def __init__(self, commit: Callable[[list[Item]], None],
                 isolate: Callable[[Exception], bool]) -> None:
        self._commit, self._isolate = commit, isolate
        self._guard = threading.Lock()
        self._queue: list[_Entry[Item]] = []
        self._leading = False

    def write(self, items: list[Item]) -> None:
        """Store `items` in a committed transaction (perhaps shared); returns once committed,
        raises what their own transaction raised."""
        entry = _Entry(items)
        with self._guard:
            self._queue.append(entry)
            leads = not self._leading
            self._leading = True
        if not leads:
            entry.woken.wait()  # written by a leader, or handed the lead
        if not entry.written:
            self._lead()
        if entry.error is not None:
            raise entry.error

    def _lead(self) -> None:
        """Write what is queued now (the leader's own rows are among it), then hand over."""
        with self._guard:
            batch, self._queue = self._queue, []
        try:
            self._write_batch(batch)
        finally:
            with self._guard:
                if self._queue:
                    self._queue[0].woken.set()  # not written: it leads next
                else:
                    self._leading = False

    def _write_batch(self, batch: list[_Entry[Item]]) -> None:
        interrupted = RuntimeError("the write was interrupted")
        errors: list[BaseException | None] = [interrupted] * len(batch)
        try:
            self._commit([item for entry in batch for item in entry.items])
            errors = [None] * len(batch)
        except Exception as exc:
            if len(batch) > 1 and self._isolate(exc):  # whose rows failed? each thread's alone
                errors = [self._alone(entry.items) for entry in batch]
            else:
                errors = [exc] * len(batch)
        finally:
            for entry, error in zip(batch, errors, strict=True):
                entry.written, entry.error = True, error
                entry.woken.set()

    def _alone(self, items: list[Item]) -> Exception | None:
        """Write one thread's items in a transaction of their own; what it raised, if anything."""
        try:
            self._commit(items)
        except Exception as exc:
            return exc
        return None
