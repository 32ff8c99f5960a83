"""Webhook endpoints: register (the signing secret is shown once), list, disable, and the
recent deliveries of one. Portal and admin keys only; everything is scoped to the caller's
organisation."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from urllib.parse import urlsplit

from apiflask import APIBlueprint, abort
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlmodel import Session

from service.api import deps
from service.api.auth import PORTAL, principal, token_auth
from service.outbox.http import forbidden_target
from service.store import webhooks
from service.store.db import session_scope
from service.store.models import WebhookEndpoint
from service.store.secrets import new_secret

bp = APIBlueprint("webhooks", __name__, url_prefix="/api/v1/webhooks", tag="Webhooks")

SECRET_PREFIX = "whsec_"
Event = Literal["interview.completed", "result.reviewed"]


class WebhookIn(BaseModel):
    """Where to POST which events."""

    model_config = ConfigDict(extra="forbid")

    url: str = Field(max_length=2000, description="http(s) URL the events are POSTed to")
    events: list[Event] = Field(min_length=1, description="event types to receive")

    @field_validator("url")
    @classmethod
    def _http_url_with_host(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an http:// or https:// URL with a host")
        if any(char.isspace() for char in value):
            raise ValueError("must not contain spaces")
        try:
            parts.port  # noqa: B018 - raises on a port that is not a number in range
        except ValueError:
            raise ValueError("has an invalid port") from None
        return value

    @field_validator("events")
    @classmethod
    def _no_repeats(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))


class WebhookOut(BaseModel):
    """A webhook endpoint (never its secret)."""

    id: str
    url: str
    events: list[str]
    created_at: datetime
    disabled_at: datetime | None


class WebhookCreated(WebhookOut):
    """A new endpoint with its signing secret: shown this once, only a sealed copy is kept."""

    secret: str = Field(description="verifies Grader-Signature; store it now, it is not shown "
                        "again")


class WebhookList(BaseModel):
    """The organisation's endpoints, newest first, disabled ones included."""

    items: list[WebhookOut]


class DeliveryQuery(BaseModel):
    """How many deliveries to list."""

    model_config = ConfigDict(extra="forbid")

    limit: int = Field(default=50, ge=1, le=200)


class DeliveryOut(BaseModel):
    """One delivery to an endpoint and where it stands."""

    id: str
    event: str
    status: str = Field(description="pending, delivered, failed or cancelled")
    attempts: int
    last_error: str | None
    next_attempt_at: datetime | None = Field(description="null once it is no longer pending")
    give_up_at: datetime
    created_at: datetime
    delivered_at: datetime | None


class DeliveryList(BaseModel):
    """Recent deliveries, newest first."""

    items: list[DeliveryOut]


def _view(endpoint: WebhookEndpoint) -> WebhookOut:
    return WebhookOut(id=endpoint.id, url=endpoint.url, events=endpoint.events,
                      created_at=endpoint.created_at, disabled_at=endpoint.disabled_at)


def _endpoint_or_404(session: Session, endpoint_id: str) -> WebhookEndpoint:
    endpoint = webhooks.get_endpoint(session, principal().org_id, endpoint_id)
    if endpoint is None:
        abort(404, detail=f"No webhook with id '{endpoint_id}'.")
    return endpoint


@bp.post("")
@bp.auth_required(token_auth, roles=PORTAL)
@bp.input(WebhookIn, arg_name="body")
@bp.output(WebhookCreated, status_code=201)
@bp.doc(summary="Register a webhook endpoint", responses=[201, 401, 403, 422],
        description="Answers with the signing secret once; every delivery carries "
        "Grader-Signature (see docs/webhooks.md).")
def create_webhook(body: WebhookIn) -> WebhookCreated:
    """Store the endpoint with a new sealed signing secret; a URL at an address deliveries
    may not reach (`GRADER_DELIVERY_TARGETS`) is a 422."""
    caller, services = principal(), deps.services()
    reason = forbidden_target(body.url, services.settings.delivery_targets)
    if reason is not None:
        abort(422, detail={"json": {"url": [reason]}})
    secret = new_secret(SECRET_PREFIX)
    with session_scope(services.db) as session:
        endpoint = webhooks.create_endpoint(
            session, caller.org_id, body.url, list(body.events),
            services.sealer.seal(secret), caller.actor,
        )
    return WebhookCreated(**_view(endpoint).model_dump(), secret=secret)


@bp.get("")
@bp.auth_required(token_auth, roles=PORTAL)
@bp.output(WebhookList)
@bp.doc(summary="List webhook endpoints (never their secrets)", responses=[200, 401, 403])
def list_webhooks() -> WebhookList:
    """The caller's organisation's endpoints."""
    with Session(deps.engine()) as session:
        endpoints = webhooks.list_endpoints(session, principal().org_id)
    return WebhookList(items=[_view(endpoint) for endpoint in endpoints])


@bp.delete("/<endpoint_id>")
@bp.auth_required(token_auth, roles=PORTAL)
@bp.output({}, status_code=204)
@bp.doc(summary="Disable a webhook endpoint", responses=[204, 401, 403, 404],
        description="No more deliveries are made to it; pending ones are cancelled.")
def disable_webhook(endpoint_id: str) -> tuple[str, int]:
    """Disable the endpoint (doing it again changes nothing)."""
    with session_scope(deps.engine()) as session:
        endpoint = _endpoint_or_404(session, endpoint_id)
        webhooks.disable_endpoint(session, endpoint, principal().actor)
    return "", 204


@bp.get("/<endpoint_id>/deliveries")
@bp.auth_required(token_auth, roles=PORTAL)
@bp.input(DeliveryQuery, location="query", arg_name="query")
@bp.output(DeliveryList)
@bp.doc(summary="Recent deliveries to a webhook endpoint", responses=[200, 401, 403, 404, 422])
def list_deliveries(endpoint_id: str, query: DeliveryQuery) -> DeliveryList:
    """Status, attempts, last error and next attempt of the endpoint's latest deliveries."""
    with Session(deps.engine()) as session:
        endpoint = _endpoint_or_404(session, endpoint_id)
        rows = webhooks.recent_deliveries(session, endpoint, query.limit)
    return DeliveryList(items=[
        DeliveryOut(
            id=row.id, event=row.event, status=row.status, attempts=row.attempts,
            last_error=row.last_error, give_up_at=row.give_up_at, created_at=row.created_at,
            next_attempt_at=row.next_attempt_at if row.status == "pending" else None,
            delivered_at=row.delivered_at,
        )
        for row in rows
    ])
