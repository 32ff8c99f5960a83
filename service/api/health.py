"""Liveness with a database check."""

from __future__ import annotations

from apiflask import APIBlueprint, abort
from sqlalchemy.exc import SQLAlchemyError

from service.api import deps
from service.store.db import ping

bp = APIBlueprint("health", __name__, tag="Health")


@bp.get("/healthz")
@bp.doc(summary="Service health, including a database round trip")
def healthz() -> dict:
    """Answer 200 when the database answers, 503 otherwise."""
    try:
        ping(deps.engine())
    except SQLAlchemyError as exc:
        abort(503, detail=f"The database is unreachable: {type(exc).__name__}.")
    return {"status": "ok", "database": "ok", "scenarios": len(deps.bank().entries)}
