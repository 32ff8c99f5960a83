"""Pure helpers of the pages: evidence cut into highlighted segments, content text into
paragraphs and lists, diffs, charts."""

from __future__ import annotations

from service.web import charts
from service.web.highlight import segments
from service.web.present import blocks, diff_lines, time_left


def _evidence(text: str, word: str, kind: str = "exact") -> dict:
    start = text.index(word)
    return {"concept": word, "start": start, "end": start + len(word),
            "text": text[start:start + len(word)], "kind": kind}


def test_segments_mark_each_span_in_place_and_join_back_to_the_answer():
    text = "We retry with backoff, but not forever, and never lose data."
    breakdown = {
        "criteria": [
            {"title": "Retries", "matched": [_evidence(text, "retry", "lemma")],
             "negated": [_evidence(text, "forever")]},
            {"title": "Backoff", "matched": [_evidence(text, "backoff"),
                                             _evidence(text, "back")], "negated": []},
        ],
        "misconceptions": [{"statement": "Never losing data is free.", "negated": False,
                            "evidence": [_evidence(text, "never lose")]}],
    }
    pieces = segments(text, breakdown)
    assert "".join(piece for piece, _ in pieces) == text
    marked = [(piece, mark.colour, mark.category) for piece, mark in pieces if mark]
    assert marked == [("retry", 0, "matched"), ("backoff", 1, "matched"),
                      ("forever", 0, "negated"), ("never lose", -1, "misconception")]
    first = next(mark for _, mark in pieces if mark)
    assert first.tip == "Retries: 'retry' (lemma match; counts)"


def test_segments_skip_evidence_that_does_not_fit_the_text():
    breakdown = {"criteria": [{"title": "T", "negated": [], "matched": [
        {"concept": "x", "start": 0, "end": 5, "text": "other", "kind": "exact"},
        {"concept": "y", "start": 40, "end": 45, "text": "beyond", "kind": "exact"}]}]}
    assert segments("short text", breakdown) == [("short text", None)]


def test_blocks_rebuild_paragraphs_and_lists_from_wrapped_text():
    text = ("An hourly job\npulls orders.\n\n"
            "What we know:\n- It is paginated\n  and slow.\n- It fails.")
    assert blocks(text) == [("p", "An hourly job pulls orders."), ("p", "What we know:"),
                            ("ul", ["It is paginated and slow.", "It fails."])]


def test_diff_lines_are_classed_by_their_first_character():
    assert diff_lines("*** actual\n! Row(a=1)\n+ Row(b=2)\n- Row(c=3)") == [
        ("", "*** actual"), ("chg", "! Row(a=1)"), ("add", "+ Row(b=2)"), ("del", "- Row(c=3)")]
    assert diff_lines(None) == []


def test_time_left_reads_naturally():
    assert time_left(7500) == "2 h 5 min"
    assert time_left(240) == "4 min"
    assert time_left(20) == "less than a minute"


def test_charts_are_labelled_svg_with_one_mark_per_value():
    histogram = charts.histogram([0, 2, 0, 0, 0, 1, 0, 0, 0, 3], "Scores", "h")
    assert histogram.count("<rect") == 10 and 'aria-labelledby="t-h d-h"' in histogram
    assert "10-20: 2" in histogram
    scatter = charts.scatter([(40.0, 55.0), (90.0, 85.0)], "Agreement", "s")
    assert scatter.count("<circle") == 2 and "automatic 40, reviewed 55" in scatter
