"""Sign-in throttling: failed attempts are counted per client address and e-mail (with the
`limits` engine of Flask-Limiter, in the same storage as the API's rate limits); once the
allowance is spent, sign-in is refused until the window moves on."""

from __future__ import annotations

import hashlib
import math
import time

from flask import Flask, current_app, request
from limits import parse, storage, strategies

from service.settings import Settings

EXTENSION = "grader.login_throttle"


class LoginThrottle:
    """Counts failed sign-ins in a moving window."""

    def __init__(self, limit: str, storage_url: str) -> None:
        self._item = parse(limit)
        self._limiter = strategies.MovingWindowRateLimiter(storage.storage_from_string(storage_url))

    @staticmethod
    def _who(email: str) -> str:
        address = request.remote_addr or "unknown"
        return hashlib.sha256(f"{address}|{email.strip().lower()}".encode()).hexdigest()

    def retry_after(self, email: str) -> int:
        """Seconds until another attempt is allowed (0: allowed now)."""
        who = self._who(email)
        if self._limiter.test(self._item, "login", who):
            return 0
        reset = self._limiter.get_window_stats(self._item, "login", who).reset_time
        return max(1, math.ceil(reset - time.time()))

    def failed(self, email: str) -> None:
        """Count one failed attempt."""
        self._limiter.hit(self._item, "login", self._who(email))


def init_app(app: Flask, settings: Settings) -> None:
    """Attach the app's throttle (its own counters, in the configured storage)."""
    app.extensions[EXTENSION] = LoginThrottle(settings.login_rate_limit,
                                              settings.rate_limit_storage_url)


def throttle() -> LoginThrottle:
    """The current app's throttle."""
    return current_app.extensions[EXTENSION]
