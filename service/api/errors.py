"""RFC 9457 problem details for every error the API returns."""

from __future__ import annotations

from typing import Any

from apiflask import APIFlask, HTTPError
from flask import Response, current_app, json, request
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, UnsupportedMediaType

from service.interviews.errors import InterviewError

PROBLEM_JSON = "application/problem+json"
JSON_METHODS = {"POST", "PUT", "PATCH"}
JSON_PREFIXES = ("/api/", "/partners/")
DATABASE_RETRY_AFTER_SECONDS = 5


def _field_errors(detail: Any) -> list[dict[str, str]]:
    """Flatten APIFlask's {location: {field: [messages]}} into a list of field errors."""
    errors: list[dict[str, str]] = []
    if not isinstance(detail, dict):
        return errors
    for location, fields in detail.items():
        if not isinstance(fields, dict):
            continue
        for name, messages in fields.items():
            for message in messages if isinstance(messages, list) else [messages]:
                field = location if name in ("", "_schema") else name
                errors.append({"location": location, "field": field, "message": str(message)})
    return errors


def problem_response(
    status: int,
    title: str,
    detail: str,
    *,
    type_: str = "about:blank",
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    """Build an application/problem+json response."""
    body = {"type": type_, "title": title, "status": status, "detail": detail, **extra}
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON)
    for key, value in (headers or {}).items():
        if key.lower() != "content-type":
            response.headers[key] = value
    return response


def _on_http_error(error: HTTPError) -> Response:
    errors = _field_errors(error.detail) if error.status_code == 422 else []
    if errors:
        fields = ", ".join(sorted({e["field"] for e in errors}))
        return problem_response(
            422,
            "Unprocessable Content",
            f"The request has invalid fields: {fields}.",
            type_="/problems/validation-error",
            headers=dict(error.headers or {}),
            errors=errors,
        )
    detail = error.detail if isinstance(error.detail, str) and error.detail else error.message
    return problem_response(
        error.status_code,
        error.message,
        detail or error.message,
        headers=dict(error.headers or {}),
        **(error.extra_data or {}),
    )


def _on_werkzeug_error(error: HTTPException) -> Response:
    headers = dict(error.get_headers())
    detail = error.description or error.name
    if error.code == 413:
        limit = current_app.config.get("MAX_CONTENT_LENGTH")
        detail = f"The request body is larger than the limit of {limit} bytes."
    elif error.code == 400 and request.is_json:
        detail = "The request body is not valid JSON."
    return problem_response(error.code or 500, error.name, detail, headers=headers)


def _on_interview_error(error: InterviewError) -> Response:
    """Rule violations of service/interviews as problems; 422 ones name the field."""
    if error.status == 422:
        field = error.field or "body"
        return problem_response(
            422, "Unprocessable Content", f"The request has invalid fields: {field}.",
            type_="/problems/validation-error",
            errors=[{"location": "json", "field": field, "message": error.message}],
        )
    titles = {404: "Not Found", 409: "Conflict", 503: "Service Unavailable"}
    retry_after = getattr(error, "retry_after", None)
    headers = {"Retry-After": str(retry_after)} if retry_after else None
    return problem_response(
        error.status, titles.get(error.status, "Bad Request"), error.message, headers=headers
    )


def _on_database_down(error: SQLAlchemyError) -> Response:
    """The database is unreachable (stopped, restarting, pool exhausted): 503, not 500. The
    engine's pre-ping reconnects by itself once it is back."""
    current_app.logger.warning("database unavailable: %s", type(error).__name__)
    return problem_response(
        503, "Service Unavailable",
        "The database is unavailable; retry shortly.",
        headers={"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)},
    )


def _on_unexpected(error: Exception) -> Response:
    current_app.logger.exception("unhandled error", exc_info=error)
    return problem_response(
        500, "Internal Server Error", "The server hit an unexpected error; it has been logged."
    )


def _nul_field(value: Any, path: str = "") -> str | None:
    """The path of the first string holding a NUL character (databases refuse them), if any."""
    if isinstance(value, str):
        return path or "body" if "\x00" in value else None
    items = value.items() if isinstance(value, dict) else (
        enumerate(value) if isinstance(value, list) else ())
    for key, item in items:
        found = _nul_field(item, f"{path}.{key}" if path else str(key))
        if found:
            return found
    return None


def _require_json_body() -> Response | None:
    """Reject API bodies that are not JSON with 415, and text holding NUL characters with a
    422 naming the field, before any view runs."""
    if request.method not in JSON_METHODS or not request.path.startswith(JSON_PREFIXES):
        return None
    if request.content_length == 0 or (request.content_length is None and not request.data):
        return None
    if not request.is_json and request.path.startswith("/api/"):
        raise UnsupportedMediaType(
            f"Send the body as application/json, not '{request.mimetype or 'nothing'}'."
        )
    field = _nul_field(request.get_json(silent=True))
    if field is None:
        return None
    return problem_response(
        422, "Unprocessable Content", f"The request has invalid fields: {field}.",
        type_="/problems/validation-error",
        errors=[{"location": "json", "field": field,
                 "message": "text must not contain NUL characters (U+0000)"}],
    )


def init_app(app: APIFlask) -> None:
    """Make every error (404, 405, 413, 415, 422, 500, 503) answer with problem+json."""
    app.config["VALIDATION_ERROR_STATUS_CODE"] = 422
    app.error_processor(_on_http_error)
    app.register_error_handler(HTTPException, _on_werkzeug_error)
    app.register_error_handler(InterviewError, _on_interview_error)
    for unreachable in (OperationalError, InterfaceError, PoolTimeout):
        app.register_error_handler(unreachable, _on_database_down)
    app.register_error_handler(Exception, _on_unexpected)
    app.before_request(_require_json_body)
