"""Idempotency-Key on POST: replay, reuse with another body, in flight, per caller."""

from __future__ import annotations

import json

from service.api.idempotency import digest
from service.store import idempotency

URL = "/api/v1/scenarios/kafka-schema-evolution/score"
ANSWER = {"answer": "A schema registry with backward compatibility checks on every change."}


def _post(client, body, key="key-1", **headers):
    return client.post(URL, json=body, headers={"Idempotency-Key": key, **headers})


def test_same_key_and_body_replays_the_first_response(client):
    first = _post(client, ANSWER)
    again = _post(client, ANSWER)

    assert first.status_code == again.status_code == 200
    assert again.get_data() == first.get_data()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers


def test_same_key_with_another_body_is_a_422_problem_naming_the_header(client):
    _post(client, ANSWER)
    other = _post(client, {"answer": "Something else entirely, about Kafka topics."})

    assert other.status_code == 422
    assert other.mimetype == "application/problem+json"
    assert other.get_json()["errors"][0]["field"] == "Idempotency-Key"


def test_a_repeat_while_the_first_is_in_flight_is_a_409_problem(app, client):
    body = json.dumps(ANSWER).encode()
    # the first request, from the same anonymous caller with the same body, is still running
    caller = digest(b"anon", b"127.0.0.1")
    idempotency.begin(app.extensions["grader.db"], caller, "busy",
                      digest(b"POST", f"{URL}?".encode(), body))

    response = client.post(URL, data=body, content_type="application/json",
                           headers={"Idempotency-Key": "busy"})

    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    assert response.headers["Retry-After"] == "1"


def test_keys_are_scoped_to_the_caller(client):
    anonymous = _post(client, ANSWER)
    interviewer = _post(client, ANSWER, Authorization="Bearer test-interviewer-key")

    assert "Idempotent-Replayed" not in interviewer.headers
    assert "expected" in interviewer.get_json()["criteria"][0]  # the interviewer's own view
    assert "expected" not in anonymous.get_json()["criteria"][0]


def test_errors_of_the_server_are_not_kept_so_the_client_can_retry(app):
    engine = app.extensions["grader.db"]
    assert idempotency.begin(engine, "c", "k", "h") is None
    idempotency.release(engine, "c", "k")
    assert idempotency.begin(engine, "c", "k", "other-body") is None


def test_an_unprintable_or_oversized_key_is_a_422_problem(client):
    response = _post(client, ANSWER, key="x" * 300)

    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "Idempotency-Key"
