"""Agreement of automatic scores with human scores.

Pearson r and Spearman rho on the raw scores. The rest needs the automatic scores on the human
scale, learnt on training data: a least-squares line (RMSE is measured after it, and QWK rounds
its predictions to the nearest score level of the data), and, when the human scores take two
values, the threshold that maximises training accuracy (accuracy, weighted F1 and QWK use it).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
from scipy.stats import pearsonr, spearmanr
from sklearn.metrics import accuracy_score, cohen_kappa_score, f1_score


@dataclass(frozen=True)
class Metrics:
    """Agreement of one scorer with the humans (None where a metric is undefined)."""

    n: int
    pearson: float | None
    spearman: float | None
    qwk: float | None
    rmse: float
    accuracy: float | None
    weighted_f1: float | None
    threshold: float | None

    def as_dict(self) -> dict[str, float | int | None]:
        """The metrics by name, as in `grader eval --json`."""
        return asdict(self)


def _finite(value: float) -> float | None:
    return None if math.isnan(value) else round(float(value), 4)


def pearson(a: np.ndarray, b: np.ndarray) -> float | None:
    """Pearson r of two series; None when either is constant (r is undefined)."""
    if len(a) < 2 or np.ptp(a) == 0 or np.ptp(b) == 0:
        return None
    return _finite(pearsonr(a, b).statistic)


def qwk(a: np.ndarray, b: np.ndarray, levels: list[int] | None = None) -> float | None:
    """Quadratic weighted kappa of two ratings on the same ordinal levels (`levels`: all of
    them in order, so that distances count levels nobody used; default: the levels seen)."""
    return _finite(cohen_kappa_score(a, b, labels=levels, weights="quadratic"))


def fit_threshold(scores: np.ndarray, passed: np.ndarray) -> float:
    """The cut (score >= cut counts as passing) with the best accuracy; the lowest on ties."""
    values = np.unique(scores)
    cuts = np.concatenate([[values[0]], (values[1:] + values[:-1]) / 2, [values[-1] + 1]])
    accuracies = [np.mean((scores >= cut) == passed) for cut in cuts]
    return round(float(cuts[int(np.argmax(accuracies))]), 4)


def _nearest_level(values: np.ndarray, levels: np.ndarray) -> np.ndarray:
    return levels[np.abs(values[:, None] - levels[None, :]).argmin(axis=1)]


def compare(
    scores: np.ndarray, human: np.ndarray, train_scores: np.ndarray, train_human: np.ndarray
) -> Metrics:
    """Metrics of `scores` against `human`, with the mappings fitted on the training pair."""
    constant = np.ptp(scores) == 0 or np.ptp(human) == 0
    r = pearson(scores, human)
    spearman = None if constant else _finite(spearmanr(scores, human).statistic)
    if np.ptp(train_scores) == 0:
        slope, intercept = 0.0, float(np.mean(train_human))
    else:
        slope, intercept = np.polyfit(train_scores, train_human, 1)
    fitted = slope * scores + intercept
    rmse = round(float(np.sqrt(np.mean((fitted - human) ** 2))), 4)
    levels = np.unique(train_human)
    accuracy = weighted_f1 = threshold = None
    if len(levels) == 2:
        threshold = fit_threshold(train_scores, train_human == levels[1])
        predicted = np.where(scores >= threshold, levels[1], levels[0])
        accuracy = round(float(accuracy_score(human, predicted)), 4)
        weighted_f1 = round(float(f1_score(human, predicted, average="weighted")), 4)
    else:
        predicted = _nearest_level(fitted, levels)
    as_levels = [np.searchsorted(levels, v) for v in (_nearest_level(human, levels), predicted)]
    return Metrics(len(scores), r, spearman, qwk(*as_levels), rmse, accuracy, weighted_f1,
                   threshold)
