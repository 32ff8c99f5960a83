"""Health checks the database, and the OpenAPI document and docs are served."""

from __future__ import annotations

from service import create_app
from service.store.db import make_engine


def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["database"] == "ok"


def test_healthz_is_503_problem_when_database_is_gone(app, client):
    app.extensions["grader.db"].dispose()
    app.extensions["grader.db"] = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"


def test_openapi_document_lists_the_public_routes(client):
    spec = client.get("/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/scenarios" in spec["paths"]
    assert "/api/v1/scenarios/{scenario_id}/score" in spec["paths"]


def test_interactive_docs_page_is_served(client):
    response = client.get("/docs")
    assert response.status_code == 200
    assert b"<html" in response.data.lower()


def test_healthz_reports_a_reachable_broker(settings, redis_server):
    app = create_app(settings.model_copy(update={"broker_url": redis_server.url}))
    body = app.test_client().get("/healthz").get_json()
    assert (body["status"], body["database"], body["broker"]) == ("ok", "ok", "ok")
    app.extensions["grader.db"].dispose()


def test_healthz_is_degraded_not_down_while_the_broker_is_unreachable(settings, redis_server):
    app = create_app(settings.model_copy(update={"broker_url": redis_server.url}))
    redis_server.stop()
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert (response.get_json()["status"], response.get_json()["broker"]) == (
        "degraded", "unreachable")
    app.extensions["grader.db"].dispose()


def test_healthz_without_a_broker_says_none(client):
    assert client.get("/healthz").get_json()["broker"] == "none"
