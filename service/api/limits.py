"""Rate limits per API key or invite token (per client address when anonymous), with
Flask-Limiter; over the limit a 429 problem with Retry-After."""

from __future__ import annotations

import hashlib
import math
import time

from flask import Flask, Response, current_app, request
from flask_limiter import Limiter, RateLimitExceeded

from service.api.errors import problem_response
from service.api.limit_storage import storage_uri
from service.settings import Settings

EXEMPT_PREFIXES = ("/healthz", "/docs", "/openapi.json")


def caller_key() -> str:
    """Who a request counts against: a hash of its credentials, else its address."""
    credentials = request.headers.get("Authorization")
    if credentials:
        return "auth:" + hashlib.sha256(credentials.encode()).hexdigest()
    return "addr:" + (request.remote_addr or "unknown")


def _exempt() -> bool:
    return request.path.startswith(EXEMPT_PREFIXES)


def _too_many(error: RateLimitExceeded) -> Response:
    limit = current_app.extensions["grader.limiter"].current_limit
    wait = max(1, math.ceil(limit.reset_at - time.time())) if limit else 1
    return problem_response(
        429, "Too Many Requests", f"Rate limit of {error.description} exceeded; retry later.",
        headers={"Retry-After": str(wait)},
    )


def init_app(app: Flask, settings: Settings) -> Limiter:
    """Apply `GRADER_RATE_LIMIT` to every route but health and docs."""
    app.register_error_handler(RateLimitExceeded, _too_many)
    limiter = Limiter(
        caller_key,
        app=app,
        application_limits=[settings.rate_limit],
        application_limits_exempt_when=_exempt,
        storage_uri=storage_uri(settings.rate_limit_storage_url),
        strategy="moving-window",
    )
    app.extensions["grader.limiter"] = limiter
    return limiter
