"""Sandbox UIDs: each running sandbox holds one UID of [base, base + count) exclusively.

A slot is an flock on a lock file, so the guarantee holds across threads, gunicorn workers and
CLI processes on the same host; it is released when the holder exits, even on a crash.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SLOT_DIR = Path(tempfile.gettempdir()) / "interview-grader-slots"


def _try_lock(uid: int) -> int | None:
    fd = os.open(SLOT_DIR / f"{uid}.lock", os.O_CREAT | os.O_RDWR | os.O_NOFOLLOW, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


@contextmanager
def uid_slot(base: int, count: int) -> Iterator[int]:
    """Hold a free sandbox UID for the duration of the block (waits while all are taken)."""
    SLOT_DIR.mkdir(mode=0o700, exist_ok=True)
    while True:
        for uid in range(base, base + count):
            fd = _try_lock(uid)
            if fd is not None:
                try:
                    yield uid
                finally:
                    fcntl.flock(fd, fcntl.LOCK_UN)
                    os.close(fd)
                return
        time.sleep(0.05)
