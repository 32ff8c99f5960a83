"""The drift report of a regrade, from outcome batches."""

from __future__ import annotations

import json

import pandas as pd

from service.analytics.drift import TOP_MOVERS, DriftReport


def _outcome(sid: str, old: float, new: float, old_passed: bool, new_passed: bool,
             criteria: dict, scenario: str = "s1") -> dict:
    return {"submission_id": sid, "scenario_id": scenario, "old_score": old, "new_score": new,
            "old_passed": old_passed, "new_passed": new_passed, "criteria": json.dumps(criteria)}


def test_flips_changes_criteria_and_movers_per_scenario():
    report = DriftReport()
    report.add_frame(pd.DataFrame([
        _outcome("a", 70, 50, True, False, {"c1": [20, 0, 20], "c2": [5, 5, 10]}),
        _outcome("b", 40, 65, False, True, {"c1": [0, 20, 20], "c2": [5, 10, 10]}),
    ]))
    report.add_frame(pd.DataFrame([
        _outcome("c", 30, 30, False, False, {"c1": [0, 0, 20], "c2": [10, 10, 10]}),
        _outcome("d", 80, 80, True, True, {"c9": [None, 3, 5]}, scenario="s2"),
    ]))
    s1, s2 = report.as_json()
    assert (s1["n"], s1["changed"], s1["pass_to_fail"], s1["fail_to_pass"]) == (3, 2, 1, 1)
    assert s1["mean_change"] == round((-20 + 25 + 0) / 3, 4)
    assert s1["largest_change"] == 25
    assert [c["criterion_id"] for c in s1["criteria_moved_most"]] == ["c1", "c2"]
    assert s1["criteria_moved_most"][0] == {"criterion_id": "c1", "mean_change": 0.0,
                                            "mean_abs_change": round(40 / 3, 4)}
    assert s1["biggest_movers"] == [{"submission_id": "b", "change": 25},
                                    {"submission_id": "a", "change": -20}]
    assert s2["changed"] == 0 and s2["criteria_moved_most"][0]["mean_change"] == 3
    assert report.n == 4 and report.histogram() == {-20: 1, 25: 1, 0: 2}
    assert "s1" in report.table() and "biggest movers: b (+25.00)" in report.table()


def test_only_the_largest_movers_are_kept_whatever_the_order():
    rows = [_outcome(f"x{i:03d}", 50, 50 + (i % 37) - 18, True, True, {}) for i in range(300)]
    forward, backward = DriftReport(), DriftReport()
    forward.add_frame(pd.DataFrame(rows))
    backward.add_frame(pd.DataFrame(rows[::-1]))
    movers = forward.as_json()[0]["biggest_movers"]
    assert len(movers) == TOP_MOVERS and all(abs(m["change"]) == 18 for m in movers)
    assert movers == backward.as_json()[0]["biggest_movers"]
