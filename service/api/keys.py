"""API keys of the caller's organisation (admin keys only): create, list, revoke."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from apiflask import APIBlueprint, EmptySchema, abort
from pydantic import BaseModel, ConfigDict, Field

from service.api import deps
from service.api.auth import ADMIN, principal, token_auth
from service.store import keys
from service.store.db import session_scope

bp = APIBlueprint("keys", __name__, url_prefix="/api/v1/keys", tag="API keys")


class ApiKeyIn(BaseModel):
    """A new key's role and an optional label."""

    model_config = ConfigDict(extra="forbid")

    role: Literal["portal", "interviewer", "admin"]
    label: str = Field(default="", max_length=200)


class ApiKeyOut(BaseModel):
    """A key as listed: never the key itself or its hash."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    prefix: str = Field(description="the key's first characters, to recognise it")
    role: str
    label: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class NewApiKeyOut(ApiKeyOut):
    """A created key, with the key itself: shown this once, only its hash is stored."""

    key: str


class ApiKeyList(BaseModel):
    """The organisation's keys, newest first (revoked ones included)."""

    items: list[ApiKeyOut]


@bp.post("")
@bp.auth_required(token_auth, roles=ADMIN)
@bp.input(ApiKeyIn, arg_name="body")
@bp.output(NewApiKeyOut, status_code=201)
@bp.doc(summary="Create an API key (shown once)", responses=[201, 400, 401, 403, 422])
def create_key(body: ApiKeyIn) -> NewApiKeyOut:
    """A new key of the caller's organisation."""
    caller = principal()
    with session_scope(deps.engine()) as session:
        row, secret = keys.create_key(session, caller.org_id, body.role, body.label,
                                      actor=caller.actor)
    return NewApiKeyOut(key=secret, **ApiKeyOut.model_validate(row).model_dump())


@bp.get("")
@bp.auth_required(token_auth, roles=ADMIN)
@bp.output(ApiKeyList)
@bp.doc(summary="List API keys", responses=[401, 403])
def list_keys() -> ApiKeyList:
    """Every key of the caller's organisation."""
    with session_scope(deps.engine()) as session:
        rows = keys.list_keys(session, principal().org_id)
    return ApiKeyList(items=[ApiKeyOut.model_validate(r) for r in rows])


@bp.delete("/<key_id>")
@bp.auth_required(token_auth, roles=ADMIN)
@bp.output(EmptySchema, status_code=204)
@bp.doc(summary="Revoke an API key", description="Idempotent for the organisation's keys.",
        responses=[204, 401, 403, 404])
def revoke_key(key_id: str) -> tuple[str, int]:
    """Revoke a key of the caller's organisation; it stops working at once."""
    caller = principal()
    with session_scope(deps.engine()) as session:
        row = keys.revoke_key(session, key_id, actor=caller.actor, org_id=caller.org_id)
    if row is None:
        abort(404, detail=f"No API key with id '{key_id}'.")
    return "", 204
