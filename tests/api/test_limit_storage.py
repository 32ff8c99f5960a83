"""In-process rate-limit counts: one sweeping thread per process, no timer thread per hit."""

from __future__ import annotations

import gc
import multiprocessing
import threading
import time

from limits import parse, strategies
from limits.storage import MemoryStorage, storage_from_string

from service.api import limit_storage
from service.api.limit_storage import SweptMemoryStorage, storage_uri


def test_memory_urls_get_the_swept_storage_and_others_are_kept():
    assert isinstance(storage_from_string(storage_uri("memory://")), SweptMemoryStorage)
    assert storage_uri("redis://localhost:6379/2") == "redis://localhost:6379/2"


def _timers_over_hits(storage) -> list[threading.Thread]:
    """The storage's expiry thread after each of 40 hits spaced wider than the 10 ms a
    MemoryStorage timer waits (so that storage would start a new one at most of them)."""
    limiter = strategies.MovingWindowRateLimiter(storage)
    limit = parse("1000/minute")
    seen = []
    for n in range(40):
        assert limiter.hit(limit, "caller", f"n{n % 3}")
        seen.append(storage.timer)
        time.sleep(0.025)
    return seen


def test_hits_start_one_sweeper_and_no_timer_per_hit():
    seen = _timers_over_hits(SweptMemoryStorage())

    assert len({id(timer) for timer in seen}) == 1
    assert seen[0].name == "rate-limit-sweeper" and seen[0].is_alive()


def test_the_plain_memory_storage_starts_new_timers_as_it_is_hit():
    """What the swept storage avoids, seen on limits' own MemoryStorage."""
    seen = _timers_over_hits(MemoryStorage())

    assert len({id(timer) for timer in seen}) > 10


def test_the_limit_still_counts_in_a_moving_window():
    limiter = strategies.MovingWindowRateLimiter(SweptMemoryStorage())
    limit = parse("3/minute")

    assert [limiter.hit(limit, "caller") for _ in range(4)] == [True, True, True, False]
    assert limiter.hit(limit, "another caller")


def test_expired_entries_are_swept_within_a_couple_of_seconds():
    storage = SweptMemoryStorage()
    limiter = strategies.MovingWindowRateLimiter(storage)
    limiter.hit(parse("5/second"), "caller")
    assert any(storage.events.values())

    deadline = time.monotonic() + 3 * limit_storage.SWEEP_SECONDS + 1
    while any(storage.events.values()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(storage.events.values())  # MemoryStorage's sweep keeps the key, emptied


def test_the_sweeper_ends_with_its_storage():
    storage = SweptMemoryStorage()
    storage.acquire_entry("caller", 10, 60)
    sweeper = storage.timer
    assert sweeper.is_alive()

    del storage
    gc.collect()
    sweeper.join(timeout=3 * limit_storage.SWEEP_SECONDS + 1)
    assert not sweeper.is_alive()


def _hit_in_child(storage: SweptMemoryStorage, answer) -> None:
    storage.acquire_entry("caller", 10, 60)
    answer.put((storage.timer.name, storage.timer.is_alive()))


def test_a_forked_process_starts_its_own_sweeper():
    storage = SweptMemoryStorage()
    storage.acquire_entry("caller", 10, 60)
    context = multiprocessing.get_context("fork")
    answer = context.Queue()
    child = context.Process(target=_hit_in_child, args=(storage, answer))
    child.start()
    child.join(timeout=20)

    assert answer.get(timeout=5) == ("rate-limit-sweeper", True)
    assert child.exitcode == 0
