"""The public scenario list and detail: filters, cursor pagination, no rubric leaks."""

from __future__ import annotations

import json

import pytest

from service.api.scenarios import encode_cursor

SUMMARY_KEYS = {"id", "source_number", "title", "tags", "difficulty", "kind"}


def all_pages(client, query: str = "", limit: int = 3) -> list[dict]:
    items, cursor = [], None
    while True:
        url = f"/api/v1/scenarios?limit={limit}{query}" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(url).get_json()
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items


def test_list_items_carry_the_summary_fields(client, app):
    body = client.get("/api/v1/scenarios?limit=100").get_json()
    assert body["next_cursor"] is None
    assert len(body["items"]) == len(app.extensions["grader.bank"].entries)
    for item in body["items"]:
        assert item.keys() >= SUMMARY_KEYS


def test_cursor_pages_cover_every_scenario_once_in_source_order(client, app):
    items = all_pages(client, limit=3)
    ids = [item["id"] for item in items]
    assert ids == list(app.extensions["grader.bank"].entries)
    numbers = [item["source_number"] for item in items]
    assert numbers == sorted(numbers)


def test_last_page_has_null_cursor_and_full_pages_have_limit_items(client):
    first = client.get("/api/v1/scenarios?limit=1").get_json()
    assert len(first["items"]) == 1
    assert first["next_cursor"] is not None


@pytest.mark.parametrize("name", ["tag", "difficulty", "kind"])
def test_filters_return_only_matching_scenarios(client, app, name):
    scenarios = app.extensions["grader.bank"].scenarios()
    values = {
        "tag": {t for s in scenarios for t in s.tags},
        "difficulty": {s.difficulty.value for s in scenarios},
        "kind": {s.kind.value for s in scenarios},
    }[name]
    for value in sorted(values):
        items = all_pages(client, f"&{name}={value}", limit=2)
        expected = [
            s.id for s in scenarios
            if (value.casefold() in {t.casefold() for t in s.tags} if name == "tag"
                else getattr(s, name).value == value)
        ]
        assert [i["id"] for i in items] == expected
        assert expected


def test_tag_filter_ignores_case(client, app):
    tag = app.extensions["grader.bank"].scenarios()[0].tags[0]
    lower = all_pages(client, f"&tag={tag.lower()}")
    upper = all_pages(client, f"&tag={tag.upper()}")
    assert lower == upper and lower


def test_unknown_filter_value_is_a_422_naming_it(client):
    body = client.get("/api/v1/scenarios?difficulty=impossible").get_json()
    assert [e["field"] for e in body["errors"]] == ["difficulty"]


def test_garbage_cursor_is_a_422_naming_cursor(client):
    response = client.get("/api/v1/scenarios?cursor=%%%not-base64")
    assert response.status_code == 422
    assert [e["field"] for e in response.get_json()["errors"]] == ["cursor"]


def test_cursor_of_unknown_id_returns_an_empty_last_page(client):
    body = client.get(f"/api/v1/scenarios?cursor={encode_cursor('zzz')}").get_json()
    assert body == {"items": [], "next_cursor": None}


def test_no_rubric_field_or_reference_text_leaks_from_list_or_detail(client, app):
    bank = app.extensions["grader.bank"]
    served = [client.get("/api/v1/scenarios?limit=100").get_data(as_text=True)]
    for scenario_id in bank.entries:
        response = client.get(f"/api/v1/scenarios/{scenario_id}")
        assert response.status_code == 200
        served.append(response.get_data(as_text=True))
    text = "\n".join(served)
    for key in ("reference_answer", "criteria", "misconceptions", "pass_score",
                "reference_solution", "hidden", "wrong_solution", "aliases"):
        assert f'"{key}"' not in text, key
    for entry in bank.entries.values():
        rubric = entry.rubric
        assert json.dumps(rubric.reference_answer)[1:60] not in text
        for criterion in rubric.criteria:
            assert json.dumps(criterion.expected)[1:-1] not in text
        if rubric.code:
            assert json.dumps(rubric.code.reference_solution)[1:-1] not in text


def test_detail_returns_the_public_scenario(client, app):
    entry = next(iter(app.extensions["grader.bank"].entries.values()))
    body = client.get(f"/api/v1/scenarios/{entry.scenario.id}").get_json()
    assert body["id"] == entry.scenario.id
    assert body["prompt"] == entry.scenario.prompt
