"""`Idempotency-Key` on POST: the same key and body replay the first response, the same key with
another body is a 422 problem, and a repeat while the first is still running a 409 problem.

Keys are scoped to the caller (a hash of the Authorization header, or of the client address for
anonymous try-outs). Server errors are not kept, so a client may retry them with the same key.
Kept responses are sealed: some carry secrets shown once (invite tokens, keys, webhook secrets).
"""

from __future__ import annotations

import hashlib

from flask import Flask, Response, g, request

from service.api import deps
from service.api.errors import JSON_PREFIXES, problem_response
from service.store import idempotency

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
KEPT_HEADERS = ("Content-Type", "Location", "Retry-After")


def digest(*parts: bytes) -> str:
    """SHA-256 over length-prefixed parts (no two part lists share a digest)."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(len(part).to_bytes(8, "big"))
        hasher.update(part)
    return hasher.hexdigest()


def _caller() -> str:
    credentials = request.headers.get("Authorization")
    if credentials:
        return digest(b"auth", credentials.encode())
    return digest(b"anon", (request.remote_addr or "").encode())


def _invalid_key(detail: str) -> Response:
    return problem_response(
        422, "Unprocessable Content", f"The request has invalid fields: {HEADER}.",
        type_="/problems/validation-error",
        errors=[{"location": "headers", "field": HEADER, "message": detail}],
    )


def _before() -> Response | None:
    key = request.headers.get(HEADER)
    if request.method != "POST" or key is None or not request.path.startswith(JSON_PREFIXES):
        return None
    if not 1 <= len(key) <= 255 or not key.isprintable():
        return _invalid_key("must be 1 to 255 printable characters")
    caller = _caller()
    fingerprint = digest(request.method.encode(), request.full_path.encode(),
                          request.get_data(cache=True))
    try:
        stored = idempotency.begin(deps.engine(), caller, key, fingerprint)
    except idempotency.KeyReused:
        return _invalid_key("this key was already used for a different request")
    except idempotency.InFlight:
        return problem_response(409, "Conflict", "A request with this Idempotency-Key is still "
                                "being processed; retry when it has finished.",
                                headers={"Retry-After": "1"})
    if stored is not None:
        body = deps.services().sealer.open(stored.body)
        response = Response(body, status=stored.status_code)
        response.headers.update(stored.headers)
        response.headers[REPLAYED] = "true"
        return response
    g.idempotency = (caller, key)
    return None


def _after(response: Response) -> Response:
    reserved = g.pop("idempotency", None)
    if reserved is None:
        return response
    caller, key = reserved
    if response.status_code >= 500 or response.status_code == 429 or response.is_streamed:
        idempotency.release(deps.engine(), caller, key)
        return response
    headers = {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}
    body = deps.services().sealer.seal(response.get_data(as_text=True))
    stored = idempotency.Stored(response.status_code, headers, body)
    idempotency.finish(deps.engine(), caller, key, stored)
    return response


def _teardown(error: BaseException | None) -> None:
    reserved = g.pop("idempotency", None)
    if reserved is not None:  # the request died before a response: free the key
        idempotency.release(deps.engine(), *reserved)


def init_app(app: Flask) -> None:
    """Register the hooks."""
    app.before_request(_before)
    app.after_request(_after)
    app.teardown_request(_teardown)
