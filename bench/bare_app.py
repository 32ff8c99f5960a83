"""A WSGI app that does nothing: bench/load.py measures the load generator and HTTP stack
against it (same users, rate, web server processes and threads) before the real run."""

from __future__ import annotations

from collections.abc import Callable, Iterable

BODY = b'{"ok": true}'


def app(environ: dict, start_response: Callable) -> Iterable[bytes]:
    """Read the request body, answer 200 with a small JSON document."""
    environ["wsgi.input"].read()
    start_response("200 OK", [("Content-Type", "application/json"),
                              ("Content-Length", str(len(BODY)))])
    return [BODY]
