"""Sandbox UIDs: each live sandbox holds one UID of its range exclusively, from start to end.

A slot is an flock on a lock file, so the guarantee holds across threads, web workers and
CLI processes on the same host; it is released when the holder exits, even on a crash.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SLOT_DIR = Path(tempfile.gettempdir()) / "interview-grader-slots"


@dataclass
class UidSlot:
    """A held sandbox UID; `release` frees it (once)."""

    uid: int
    fd: int | None

    def release(self) -> None:
        """Unlock and close the slot's lock file."""
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


def _try_lock(uid: int) -> int | None:
    fd = os.open(SLOT_DIR / f"{uid}.lock", os.O_CREAT | os.O_RDWR | os.O_NOFOLLOW, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def acquire_uid(uids: range) -> UidSlot:
    """Hold a free sandbox UID of `uids` until released (waits while all are taken)."""
    SLOT_DIR.mkdir(mode=0o700, exist_ok=True)
    while True:
        for uid in uids:
            fd = _try_lock(uid)
            if fd is not None:
                return UidSlot(uid, fd)
        time.sleep(0.05)
