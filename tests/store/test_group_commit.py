"""Rows stored by concurrent threads share transactions, and each thread sees only its own
failure (store/group_commit.py, store/db.py insert_rows)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table, select
from sqlalchemy.exc import IntegrityError

from service.store import db as store_db
from service.store.db import make_engine
from service.store.group_commit import GroupCommitter


class BadItem(Exception):
    pass


class StoreDown(Exception):
    pass


def _bad_items_only(error: Exception) -> bool:
    return isinstance(error, BadItem)


class RecordingStore:
    """A commit function that records each transaction's items; the first transaction waits
    until told to go on, so that the other threads queue meanwhile."""

    def __init__(self) -> None:
        self.transactions: list[list[int]] = []
        self.first_started = threading.Event()
        self.go_on = threading.Event()
        self.down = False

    def commit(self, items: list[int]) -> None:
        if not self.transactions:
            self.transactions.append([])  # claims "first" before waiting
            self.first_started.set()
            self.go_on.wait(10)
            self.transactions[0] = list(items)
        else:
            self.transactions.append(list(items))
        if any(item < 0 for item in items):
            raise BadItem(f"bad item in {items}")
        if self.down:
            raise StoreDown("unreachable")


def _run_writers(committer: GroupCommitter[int], batches: dict[str, list[int]],
                 store: RecordingStore) -> dict[str, BaseException | None]:
    """Write batches["first"] alone, then every other batch while the first commit waits."""
    outcome: dict[str, BaseException | None] = {}

    def write(name: str) -> None:
        try:
            committer.write(batches[name])
            outcome[name] = None
        except BaseException as exc:  # recorded for the assertions
            outcome[name] = exc

    first = threading.Thread(target=write, args=("first",))
    first.start()
    assert store.first_started.wait(10)
    others = [threading.Thread(target=write, args=(name,)) for name in batches if name != "first"]
    for thread in others:
        thread.start()
    while sum(len(entry.items) for entry in committer._queue) < len(batches) - 1:
        threading.Event().wait(0.001)  # until every other thread has queued its rows
    store.go_on.set()
    for thread in [first, *others]:
        thread.join(10)
    return outcome


def test_threads_that_write_while_a_commit_runs_share_the_next_transaction():
    store = RecordingStore()
    committer = GroupCommitter(store.commit, _bad_items_only)
    batches = {"first": [1], **{f"t{n}": [10 * n, 10 * n + 1] for n in range(1, 6)}}

    outcome = _run_writers(committer, batches, store)

    assert outcome == dict.fromkeys(batches)
    assert store.transactions[0] == [1]
    assert len(store.transactions) == 2
    assert sorted(store.transactions[1]) == sorted(
        item for name, items in batches.items() if name != "first" for item in items
    )


def test_a_failing_thread_fails_alone_and_the_others_are_committed():
    store = RecordingStore()
    committer = GroupCommitter(store.commit, _bad_items_only)
    batches = {"first": [1], "good1": [2], "bad": [-3], "good2": [4]}

    outcome = _run_writers(committer, batches, store)

    assert isinstance(outcome["bad"], BadItem)
    assert outcome["first"] is None and outcome["good1"] is None and outcome["good2"] is None
    # the shared transaction failed; then each thread's rows were written alone
    assert sorted(map(tuple, store.transactions[2:])) == [(-3,), (2,), (4,)]


def test_a_failure_of_the_store_itself_fails_the_whole_batch_without_retries():
    store = RecordingStore()
    committer = GroupCommitter(store.commit, _bad_items_only)
    batches = {"first": [1], "a": [2], "b": [3], "c": [4]}
    store.down = True

    outcome = _run_writers(committer, batches, store)

    assert all(isinstance(error, StoreDown) for error in outcome.values())
    assert len(store.transactions) == 2  # the first alone, then the rest once together


def test_a_thread_alone_writes_at_once_in_its_own_transaction():
    transactions: list[list[str]] = []
    committer = GroupCommitter(transactions.append, _bad_items_only)

    committer.write(["a"])
    committer.write(["b", "c"])

    assert transactions == [["a"], ["b", "c"]]


@pytest.fixture
def tables(tmp_path):
    """A real SQLite file with foreign keys on, and a parent and child table."""
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    metadata = MetaData()
    parent = Table("parent", metadata, Column("id", Integer, primary_key=True))
    child = Table("child", metadata, Column("id", Integer, primary_key=True),
                  Column("parent_id", Integer, ForeignKey("parent.id"), nullable=False))
    metadata.create_all(engine)
    yield engine, parent, child
    engine.dispose()


def test_concurrent_inserts_are_all_stored_and_a_bad_row_fails_only_its_thread(tables, monkeypatch):
    engine, parent, child = tables
    monkeypatch.setattr(store_db, "_dependency_order", lambda: {parent: 0, child: 1})
    errors: dict[int, BaseException | None] = {}

    def store(n: int) -> None:
        rows = [(parent, {"id": n}), (child, {"id": n, "parent_id": n})]
        if n == 13:
            rows = [(child, {"id": n, "parent_id": 10_000})]  # no such parent
        try:
            store_db.insert_rows(engine, rows)
            errors[n] = None
        except BaseException as exc:  # recorded for the assertions
            errors[n] = exc

    threads = [threading.Thread(target=store, args=(n,)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert isinstance(errors.pop(13), IntegrityError)
    assert set(errors.values()) == {None} and len(errors) == 39
    with engine.connect() as connection:
        stored = set(connection.execute(select(child.c.id)).scalars())
    assert stored == set(range(40)) - {13}
