"""PNG charts of the batch commands (matplotlib with the Agg backend; import this module only
when a plot is asked for)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt


def save_change_histogram(changes: Counter[int], path: Path, title: str) -> None:
    """Bar chart: score change (whole points) → number of answers."""
    figure, axes = plt.subplots(figsize=(7, 4))
    points = sorted(changes)
    axes.bar(points, [changes[p] for p in points], width=0.9)
    axes.set_yscale("log")
    axes.set_xlabel("score change (new - old, points)")
    axes.set_ylabel("answers (log scale)")
    axes.set_title(title)
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


def save_scenario_charts(item: dict[str, Any], path: Path) -> None:
    """The score histogram and per criterion difficulty and discrimination of one scenario."""
    figure, (scores, criteria) = plt.subplots(1, 2, figsize=(11, 4))
    bins = item["histogram"]
    scores.bar([b["from"] + 5 for b in bins], [b["count"] for b in bins], width=9)
    scores.set_xlabel("score")
    scores.set_ylabel("answers")
    scores.set_title(f"{item['scenario_id']}: n={item['n']}, pass rate {item['pass_rate']}")
    names = [c["criterion_id"] for c in item["criteria"]]
    positions = range(len(names))
    criteria.barh([p - 0.2 for p in positions], [c["difficulty"] or 0 for c in item["criteria"]],
                  height=0.4, label="difficulty (share earned)")
    criteria.barh([p + 0.2 for p in positions],
                  [c["discrimination"] or 0 for c in item["criteria"]], height=0.4,
                  label="discrimination (point-biserial)")
    criteria.set_yticks(list(positions), names)
    criteria.legend(loc="lower right", fontsize="small")
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
