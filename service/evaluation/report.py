"""Printing an evaluation report: a text table, or the one-object JSON of `grader eval --json`."""

from __future__ import annotations

from typing import Any

from service.evaluation.evaluate import Report
from service.evaluation.metrics import Metrics

COLUMNS = ("pearson", "spearman", "qwk", "rmse", "accuracy", "weighted_f1", "threshold")


def as_json(report: Report) -> dict[str, Any]:
    """{"n", "pearson", ..., "threshold", "baseline": {same keys}}."""
    return {**report.engine.as_dict(), "baseline": report.baseline.as_dict()}


def _cell(value: float | None) -> str:
    return "-" if value is None else f"{value:.4f}"


def _row(name: str, metrics: Metrics) -> str:
    return f"{name:<10}" + "".join(f"{_cell(getattr(metrics, c)):>13}" for c in COLUMNS)


def fit_note(report: Report) -> str:
    """Where the linear fit and the threshold were learnt."""
    if report.fitted_on_train:
        return "threshold and linear fit learnt on --train"
    return "threshold and linear fit learnt on the evaluated file itself: no --train given"


def label_lines(report: Report) -> list[str]:
    """Mean engine and baseline score per human label."""
    return [
        f"  {label:<15} n={m['n']:<6} engine {m['engine']:6.2f}   baseline {m['baseline']:6.2f}"
        for label, m in report.label_means.items()
    ]


def as_text(report: Report) -> str:
    """A table of engine and baseline metrics, the gain in Pearson r, and the label means."""
    lines = [
        f"n = {report.engine.n}",
        f"{'':<10}" + "".join(f"{c:>13}" for c in COLUMNS),
        _row("engine", report.engine),
        _row("baseline", report.baseline),
    ]
    if report.engine.pearson is not None and report.baseline.pearson is not None:
        gain = report.engine.pearson - report.baseline.pearson
        lines.append(f"Pearson r gain over the baseline: {gain:+.4f}")
    lines.append(f"({fit_note(report)}; baseline = share of the reference's content words)")
    if report.label_means:
        lines += ["mean score by human label:", *label_lines(report)]
    return "\n".join(lines)
