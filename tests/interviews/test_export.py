"""Export rows and CSV cells: a `both` scenario's row, and cells a spreadsheet would run as a
formula neutralised (CSV injection)."""

from __future__ import annotations

import csv
import io

from service.interviews import flow, grading
from service.interviews.export import COLUMNS, csv_lines, export_rows, safe_cell
from service.interviews.reviews import add_review
from tests.interview_support import (
    BOTH,
    code_result,
    open_interview,
    portal_view,
    sample,
    store_code_answer,
)


def test_cells_that_start_a_formula_are_quoted():
    for text in ("=HYPERLINK(\"http://evil\")", "+1+1", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(text) == "'" + text
    assert [safe_cell(v) for v in ("plain", 42.5, None, True, False)] == [
        "plain", "42.5", "", "true", "false"]


def test_csv_lines_write_the_header_then_safe_rows():
    rows = [["=cmd|' /C calc'!A0", "a,b", 'say "hi"', None, 1.5, True]]
    parsed = list(csv.reader(io.StringIO("".join(csv_lines(iter(rows))))))
    assert parsed == [list(COLUMNS), ["'=cmd|' /C calc'!A0", "a,b", 'say "hi"', "", "1.5",
                                      "true"]]


def test_a_both_scenario_row_joins_its_written_and_code_parts(services, portal, candidate_id):
    interview, candidate = open_interview(services, portal, candidate_id, [BOTH])
    _, text = flow.submit_text(services, candidate, BOTH, sample(BOTH, "partial"))
    grading.finish(services, store_code_answer(services, interview.id, BOTH, "code"),
                   code_result(5, 5))
    flow.complete(services, candidate, interview.id)
    add_review(services, portal.org_id, "key:reviewer", text.id, 70.0, "Good in the call.")
    (row,) = export_rows(services, portal.org_id)
    values = dict(zip(COLUMNS, row, strict=True))
    assert values["kind"] == "both" and values["answered"] is True
    assert values["automatic_score"] == round((text.score + 100.0) / 2, 2)
    assert values["reviewed_score"] == values["score"] == 85.0
    assert values["passed"] is text.passed  # all parts must pass; the code part did
    assert values["code_verdict"] == "accepted"
    assert values["overall_score"] == portal_view(services, interview.id)["score"] == 85.0
