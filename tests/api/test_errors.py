"""Every error the API returns is RFC 9457 problem+json."""

from __future__ import annotations

import pytest

PROBLEM = "application/problem+json"


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response.mimetype == PROBLEM
    body = response.get_json(force=True)
    assert body["status"] == status
    for key in ("type", "title", "detail"):
        assert isinstance(body[key], str) and body[key], key
    return body


def test_unknown_path_is_a_404_problem(client):
    body = assert_problem(client.get("/nope"), 404)
    assert body["title"] == "Not Found"


def test_unknown_scenario_is_a_404_problem_naming_the_id(client):
    body = assert_problem(client.get("/api/v1/scenarios/no-such-scenario"), 404)
    assert "no-such-scenario" in body["detail"]


def test_wrong_method_is_a_405_problem_with_allow_header(client):
    response = client.delete("/api/v1/scenarios")
    assert_problem(response, 405)
    assert "GET" in response.headers["Allow"]


def test_oversized_body_is_a_413_problem(client, app):
    limit = app.config["MAX_CONTENT_LENGTH"]
    response = client.post(
        "/api/v1/scenarios/kafka-schema-evolution/score",
        data=b'{"answer": "' + b"x" * (2 * 1024 * 1024) + b'"}',
        content_type="application/json",
    )
    body = assert_problem(response, 413)
    assert str(limit) in body["detail"]


def test_non_json_body_is_a_415_problem(client):
    response = client.post(
        "/api/v1/scenarios/kafka-schema-evolution/score",
        data="answer=hello",
        content_type="application/x-www-form-urlencoded",
    )
    body = assert_problem(response, 415)
    assert "application/json" in body["detail"]


def test_malformed_json_is_a_400_problem(client):
    response = client.post(
        "/api/v1/scenarios/kafka-schema-evolution/score",
        data='{"answer": ',
        content_type="application/json",
    )
    body = assert_problem(response, 400)
    assert body["detail"] == "The request body is not valid JSON."


@pytest.mark.parametrize(
    ("payload", "field"),
    [({}, "answer"), ({"answer": ""}, "answer"), ({"answer": 5}, "answer"),
     ({"answer": "ok", "extra": 1}, "extra")],
)
def test_invalid_fields_are_a_422_problem_naming_the_field(client, payload, field):
    response = client.post("/api/v1/scenarios/kafka-schema-evolution/score", json=payload)
    body = assert_problem(response, 422)
    assert body["type"] == "/problems/validation-error"
    assert field in {error["field"] for error in body["errors"]}
    assert field in body["detail"]


def test_bad_query_parameter_is_a_422_problem_naming_it(client):
    body = assert_problem(client.get("/api/v1/scenarios?limit=500"), 422)
    assert [e["field"] for e in body["errors"]] == ["limit"]
    assert body["errors"][0]["location"] == "query"


def test_unexpected_exception_is_a_500_problem(app):
    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    app.config.update(TESTING=False, PROPAGATE_EXCEPTIONS=False)
    response = app.test_client().get("/boom")
    body = assert_problem(response, 500)
    assert "secret internals" not in body["detail"]


def test_text_with_a_nul_character_is_a_422_problem_naming_the_field(client):
    response = client.post("/api/v1/scenarios/kafka-schema-evolution/score",
                           json={"answer": "schema\x00registry"})

    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["errors"][0]["field"] == "answer"


def test_a_nul_character_deep_in_a_body_is_named_by_its_path(client, tenant):
    response = client.post("/partners/greenhouse/send_test", auth=(tenant.keys["portal"], ""),
                           json={"partner_test_id": "x", "url": "https://gh.example/1",
                                 "candidate": {"email": "a@example.com", "first_name": "A\x00"}})

    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "candidate.first_name"
