"""Idempotency-Key on POST: replay, reuse with another body, in flight, per caller."""

from __future__ import annotations

import json

from sqlmodel import Session, select

from service.api.idempotency import digest
from service.store import idempotency
from service.store.models import IdempotencyRecord
from tests.interview_support import WRITTEN, add_candidate

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


def test_kept_responses_are_sealed_so_secrets_shown_once_are_not_stored_in_clear(
    app, client, tenant
):
    response = client.post("/api/v1/webhooks", headers={**tenant.headers("portal"),
                                                        "Idempotency-Key": "hook-1"},
                           json={"url": "https://example.com/hook",
                                 "events": ["interview.completed"]})
    secret = response.get_json()["secret"]
    with Session(app.extensions["grader.db"]) as session:
        stored = session.exec(select(IdempotencyRecord)).one()

    assert secret not in stored.body
    replay = client.post("/api/v1/webhooks", headers={**tenant.headers("portal"),
                                                      "Idempotency-Key": "hook-1"},
                         json={"url": "https://example.com/hook",
                               "events": ["interview.completed"]})
    assert replay.get_json()["secret"] == secret


def test_a_retried_create_makes_one_interview(app, client, tenant):
    candidate_id = add_candidate(app, tenant.org_id)
    headers = {**tenant.headers("portal"), "Idempotency-Key": "create-once"}
    body = {"candidate_id": candidate_id, "scenario_ids": [WRITTEN]}

    first = client.post("/api/v1/interviews", headers=headers, json=body)
    retry = client.post("/api/v1/interviews", headers=headers, json=body)

    assert first.status_code == retry.status_code == 201
    assert retry.get_json()["id"] == first.get_json()["id"]
    listed = client.get("/api/v1/interviews", headers=tenant.headers("portal")).get_json()
    assert [item["id"] for item in listed["items"]] == [first.get_json()["id"]]
