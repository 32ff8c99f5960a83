"""HTTP layer: blueprints, errors, auth. Speaks HTTP only; the work is done elsewhere."""

from __future__ import annotations

from apiflask import APIFlask

from service.api import (
    assessments,
    candidate,
    candidates,
    code_jobs,
    errors,
    greenhouse,
    health,
    idempotency,
    interviews,
    keys,
    limits,
    openapi,
    reports,
    scenarios,
    scoring,
    webhooks,
)

BLUEPRINT_MODULES = (
    health,
    scenarios,
    scoring,
    code_jobs,
    assessments,
    candidates,
    keys,
    interviews,
    reports,
    candidate,
    webhooks,
    greenhouse,
)


def init_app(app: APIFlask) -> None:
    """Register error handling, OpenAPI fixes, rate limits, idempotency and every blueprint."""
    errors.init_app(app)
    openapi.init_app(app)
    limits.init_app(app, app.extensions["grader.settings"])
    idempotency.init_app(app)
    for module in BLUEPRINT_MODULES:
        app.register_blueprint(module.bp)
