"""Rate limits per caller: over the limit a 429 problem with Retry-After; health is exempt."""

from __future__ import annotations

import pytest

from service import create_app
from service.settings import Settings


@pytest.fixture
def limited_client(database_url):
    app = create_app(Settings(database_url=database_url, rate_limit="3/minute",
                              api_keys=["k-one", "k-two"]))
    yield app.test_client()
    app.extensions["grader.db"].dispose()


def test_the_request_over_the_limit_gets_a_429_problem_with_retry_after(limited_client):
    statuses = [limited_client.get("/api/v1/scenarios").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    response = limited_client.get("/api/v1/scenarios/kafka-schema-evolution")
    assert response.status_code == 429
    assert response.mimetype == "application/problem+json"
    assert int(response.headers["Retry-After"]) > 0
    assert response.get_json()["status"] == 429


def test_each_key_has_its_own_budget(limited_client):
    for _ in range(3):
        limited_client.get("/api/v1/scenarios", headers={"Authorization": "Bearer k-one"})

    assert limited_client.get(
        "/api/v1/scenarios", headers={"Authorization": "Bearer k-one"}).status_code == 429
    assert limited_client.get(
        "/api/v1/scenarios", headers={"Authorization": "Bearer k-two"}).status_code == 200


def test_health_and_docs_are_not_limited(limited_client):
    statuses = {limited_client.get("/healthz").status_code for _ in range(6)}
    statuses |= {limited_client.get("/openapi.json").status_code for _ in range(6)}

    assert statuses == {200}
