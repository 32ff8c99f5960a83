"""HTTP layer: blueprints, errors, auth. Speaks HTTP only; the work is done elsewhere."""

from __future__ import annotations

from apiflask import APIFlask

from service.api import (
    assessments,
    candidates,
    code_jobs,
    errors,
    greenhouse,
    health,
    keys,
    scenarios,
    scoring,
)

BLUEPRINT_MODULES = (
    health, scenarios, scoring, code_jobs, assessments, candidates, keys, greenhouse,
)


def init_app(app: APIFlask) -> None:
    """Register error handling and every blueprint."""
    errors.init_app(app)
    for module in BLUEPRINT_MODULES:
        app.register_blueprint(module.bp)
