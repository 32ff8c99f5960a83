"""Reading the JSON Lines import format of human-graded answers."""

from __future__ import annotations

import json

import pytest

from service.evaluation.data import DataError, read_graded

ROW = {
    "question_id": "q1",
    "question": "Why?",
    "reference_answers": ["Because."],
    "answer": "Because so.",
    "score": 1.0,
    "max_score": 1.0,
    "label": "correct",
}


def write(tmp_path, *lines: str):
    path = tmp_path / "data.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_reads_every_answer_in_order_and_skips_blank_lines(tmp_path):
    second = {**ROW, "answer": "No.", "score": 0.0, "label": None}
    items = read_graded(write(tmp_path, json.dumps(ROW), "", json.dumps(second)))
    assert [(i.answer, i.score, i.label) for i in items] == [
        ("Because so.", 1.0, "correct"), ("No.", 0.0, None)
    ]


def test_bad_json_names_the_line(tmp_path):
    with pytest.raises(DataError, match=r"data.jsonl:2: not valid JSON"):
        read_graded(write(tmp_path, json.dumps(ROW), "{oops"))


def test_missing_or_invalid_field_names_the_line_and_field(tmp_path):
    without = {k: v for k, v in ROW.items() if k != "reference_answers"}
    with pytest.raises(DataError, match=r":1: reference_answers: Field required"):
        read_graded(write(tmp_path, json.dumps(without)))
    with pytest.raises(DataError, match=r":1: max_score: "):
        read_graded(write(tmp_path, json.dumps({**ROW, "max_score": 0})))


def test_an_empty_file_is_an_error(tmp_path):
    with pytest.raises(DataError, match="no graded answers"):
        read_graded(write(tmp_path, ""))
