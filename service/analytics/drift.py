"""What a regrade changes, per scenario: pass↔fail flips, mean and largest score change, the
criteria that moved most and the biggest movers. Fed batch by batch; memory is bounded (a fixed
number of movers and one histogram bin per whole point of change)."""

from __future__ import annotations

import heapq
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

TOP_MOVERS = 10
TOP_CRITERIA = 3


@dataclass
class CriterionDrift:
    """Running totals of one criterion's point changes."""

    total: float = 0.0
    total_abs: float = 0.0


@dataclass
class ScenarioDrift:
    """Running totals of one scenario's score changes."""

    scenario_id: str
    n: int = 0
    changed: int = 0
    pass_to_fail: int = 0
    fail_to_pass: int = 0
    total_change: float = 0.0
    largest_change: float = 0.0
    criteria: dict[str, CriterionDrift] = field(default_factory=dict)
    movers: list[tuple[float, str, float]] = field(default_factory=list)  # a min-heap
    histogram: Counter[int] = field(default_factory=Counter)

    def add(self, submission_id: str, old: float, new: float, old_passed: bool,
            new_passed: bool, criteria: dict[str, list[float | None]]) -> None:
        """Count one answer's outcome."""
        change = round(new - old, 4)
        self.n += 1
        self.total_change += change
        self.histogram[round(change)] += 1
        if change:
            self.changed += 1
            if abs(change) > abs(self.largest_change):
                self.largest_change = change
            entry = (abs(change), submission_id, change)
            if len(self.movers) < TOP_MOVERS:
                heapq.heappush(self.movers, entry)
            else:
                heapq.heappushpop(self.movers, entry)
        if old_passed and not new_passed:
            self.pass_to_fail += 1
        elif new_passed and not old_passed:
            self.fail_to_pass += 1
        for criterion_id, (before, after, _possible) in criteria.items():
            moved = (after or 0.0) - (before or 0.0)
            totals = self.criteria.setdefault(criterion_id, CriterionDrift())
            totals.total += moved
            totals.total_abs += abs(moved)

    def as_json(self) -> dict[str, Any]:
        """The scenario's drift as JSON."""
        criteria = sorted(self.criteria.items(), key=lambda item: (-item[1].total_abs, item[0]))
        return {
            "scenario_id": self.scenario_id,
            "n": self.n,
            "changed": self.changed,
            "pass_to_fail": self.pass_to_fail,
            "fail_to_pass": self.fail_to_pass,
            "mean_change": round(self.total_change / self.n, 4) if self.n else 0.0,
            "largest_change": self.largest_change,
            "criteria_moved_most": [
                {"criterion_id": cid, "mean_change": round(t.total / self.n, 4),
                 "mean_abs_change": round(t.total_abs / self.n, 4)}
                for cid, t in criteria[:TOP_CRITERIA] if t.total_abs
            ],
            "biggest_movers": [
                {"submission_id": sid, "change": change}
                for _, sid, change in sorted(self.movers, reverse=True)
            ],
        }


@dataclass
class DriftReport:
    """Drift of every scenario of a regrade, fed with outcome batches."""

    scenarios: dict[str, ScenarioDrift] = field(default_factory=dict)

    def add_frame(self, frame: pd.DataFrame) -> None:
        """Count a batch of outcomes (service/regrade/rescore.OUTCOME_COLUMNS)."""
        for row in frame.itertuples(index=False):
            drift = self.scenarios.get(row.scenario_id)
            if drift is None:
                drift = self.scenarios[row.scenario_id] = ScenarioDrift(row.scenario_id)
            drift.add(row.submission_id, row.old_score, row.new_score, bool(row.old_passed),
                      bool(row.new_passed), json.loads(row.criteria))

    @property
    def n(self) -> int:
        """Answers regraded."""
        return sum(d.n for d in self.scenarios.values())

    def histogram(self) -> Counter[int]:
        """Score changes (rounded to whole points) → answers, over all scenarios."""
        total: Counter[int] = Counter()
        for drift in self.scenarios.values():
            total.update(drift.histogram)
        return total

    def as_json(self) -> list[dict[str, Any]]:
        """Every scenario's drift, in scenario id order."""
        return [self.scenarios[sid].as_json() for sid in sorted(self.scenarios)]

    def table(self) -> str:
        """A fixed-width table for the terminal, one line per scenario plus its top movers."""
        lines = [f"{'scenario':<28} {'n':>7} {'changed':>7} {'P→F':>5} {'F→P':>5} "
                 f"{'mean Δ':>8} {'max Δ':>8}  criteria moved most"]
        for item in self.as_json():
            moved = ", ".join(f"{c['criterion_id']} {c['mean_change']:+.2f}"
                              for c in item["criteria_moved_most"]) or "-"
            lines.append(
                f"{item['scenario_id']:<28} {item['n']:>7} {item['changed']:>7} "
                f"{item['pass_to_fail']:>5} {item['fail_to_pass']:>5} "
                f"{item['mean_change']:>+8.2f} {item['largest_change']:>+8.2f}  {moved}"
            )
            movers = ", ".join(f"{m['submission_id']} ({m['change']:+.2f})"
                               for m in item["biggest_movers"][:3])
            if movers:
                lines.append(f"{'':<28} biggest movers: {movers}")
        if not self.scenarios:
            lines.append("(no answers to regrade)")
        return "\n".join(lines)
