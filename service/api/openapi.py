"""The OpenAPI document says what the API really answers: errors are problem+json (RFC 9457)
with a string `detail`, validation errors list the fields, and every operation documents the
error statuses any request can meet (auth, size, media type, rate limit)."""

from __future__ import annotations

from typing import Any

from apiflask import APIFlask

PROBLEM_JSON = "application/problem+json"

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "description": "a URI reference naming the problem type"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string", "description": "what went wrong, for a person"},
        "errors": {
            "type": "array",
            "description": "validation errors: one per field at fault",
            "items": {
                "type": "object",
                "required": ["location", "field", "message"],
                "properties": {
                    "location": {"type": "string"},
                    "field": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
        },
    },
    "additionalProperties": True,
}

COMMON_ERRORS = {
    "413": "Request body too large",
    "415": "Request body is not JSON",
    "429": "Too many requests (see Retry-After)",
    "500": "Unexpected server error",
    "503": "A backing service (database, sandbox) is unavailable",
}
AUTH_ERRORS = {"401": "Missing or invalid credentials", "403": "The key's role may not do this"}


def _problem_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def document_problems(spec: dict[str, Any]) -> dict[str, Any]:
    """Spec processor: error responses are problem+json with the Problem schema."""
    spec.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for path_item in spec.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for status, response in list(responses.items()):
                if status[0] in "45":
                    responses[status] = _problem_response(response.get("description", ""))
            extra = dict(COMMON_ERRORS)
            if operation.get("security"):
                extra.update(AUTH_ERRORS)
            for status, description in extra.items():
                responses.setdefault(status, _problem_response(description))
    return spec


def init_app(app: APIFlask) -> None:
    """Use the problem schema for APIFlask's generated error responses and fix content types."""
    app.config["HTTP_ERROR_SCHEMA"] = PROBLEM_SCHEMA
    app.config["VALIDATION_ERROR_SCHEMA"] = PROBLEM_SCHEMA
    app.spec_processor(document_problems)
