"""Liveness with a database check and, with a broker, a broker check."""

from __future__ import annotations

from apiflask import APIBlueprint, abort
from sqlalchemy.exc import SQLAlchemyError

from service.api import deps
from service.store.db import ping

bp = APIBlueprint("health", __name__, tag="Health")


def broker_state() -> str:
    """'none' without a broker, else 'ok' or 'unreachable' (submissions are still stored and
    graded once it is back, so an unreachable broker degrades the service, it does not stop it)."""
    settings = deps.settings()
    if not settings.broker_url:
        return "none"
    from service.worker.dispatch import broker_reachable

    return "ok" if broker_reachable(settings) else "unreachable"


@bp.get("/healthz")
@bp.doc(summary="Service health: a database round trip and the broker's state",
        responses=[200, 503])
def healthz() -> dict:
    """Answer 200 when the database answers (status 'degraded' while the broker does not),
    503 problem+json otherwise."""
    broker = broker_state()
    try:
        ping(deps.engine())
    except SQLAlchemyError as exc:
        abort(503, detail=f"The database is unreachable: {type(exc).__name__}.",
              extra_data={"database": "unreachable", "broker": broker},
              headers={"Retry-After": "5"})
    return {"status": "ok" if broker in ("none", "ok") else "degraded", "database": "ok",
            "broker": broker, "scenarios": len(deps.bank().entries)}
