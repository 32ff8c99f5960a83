"""HTTP layer: blueprints, errors, auth. Speaks HTTP only; the work is done elsewhere."""

from __future__ import annotations

from apiflask import APIFlask

from service.api import code_jobs, errors, health, scenarios, scoring


def init_app(app: APIFlask) -> None:
    """Register error handling and every blueprint."""
    errors.init_app(app)
    for module in (health, scenarios, scoring):
        app.register_blueprint(module.bp)
    code_jobs.init_app(app)
