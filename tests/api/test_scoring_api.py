"""POST /api/v1/scenarios/<id>/score: full breakdown for interviewers, safe view for others."""

from __future__ import annotations

import pytest

URL = "/api/v1/scenarios/kafka-schema-evolution/score"
ANSWER = (
    "I'd put a Confluent Schema Registry in front of the topic and set the compatibility mode to "
    "BACKWARD, so the producer can't register a schema that breaks existing consumers. Consumers "
    "read the schema id from each message and fetch the schema from the registry to deserialize."
)
INTERVIEWER = {"Authorization": "Bearer test-interviewer-key"}


@pytest.fixture
def rubric(app):
    return app.extensions["grader.bank"].get("kafka-schema-evolution").rubric


def test_interviewer_gets_breakdown_with_evidence_spans_into_the_answer(client):
    response = client.post(URL, json={"answer": ANSWER}, headers=INTERVIEWER)
    assert response.status_code == 200
    body = response.get_json()
    assert {"score", "passed", "criteria", "flags", "engine_version", "content_version"} <= set(
        body
    )
    evidence = [e for c in body["criteria"] for e in c["matched"]]
    assert evidence
    for item in evidence:
        assert ANSWER[item["start"] : item["end"]] == item["text"]


def test_anonymous_caller_gets_candidate_view_without_rubric_terms(client, rubric):
    response = client.post(URL, json={"answer": "It depends on the team."})
    assert response.status_code == 200
    body = response.get_json()
    text = response.get_data(as_text=True).casefold()
    assert "matched" not in body["criteria"][0] and "missing" not in body["criteria"][0]
    for criterion in rubric.criteria:
        assert criterion.expected.casefold() not in text
        for concept in criterion.concepts:
            for term in (concept.term, *concept.aliases):
                if len(term) > 4:
                    assert f'"{term.casefold()}"' not in text, term


def test_both_views_agree_on_the_score(client):
    full = client.post(URL, json={"answer": ANSWER}, headers=INTERVIEWER).get_json()
    safe = client.post(URL, json={"answer": ANSWER}).get_json()
    assert full["score"] == safe["score"] and full["passed"] == safe["passed"]


def test_wrong_api_key_is_a_401_problem(client):
    response = client.post(URL, json={"answer": ANSWER}, headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


def test_score_response_carries_the_content_version(client, app):
    body = client.post(URL, json={"answer": ANSWER}).get_json()
    assert body["content_version"] == app.extensions["grader.bank"].get(
        "kafka-schema-evolution"
    ).version


def test_unknown_scenario_is_a_404_problem(client):
    response = client.post("/api/v1/scenarios/nope/score", json={"answer": ANSWER})
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
