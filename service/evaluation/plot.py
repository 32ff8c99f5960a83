"""Scatter plot of engine score against human score (matplotlib, Agg backend, file output)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

from service.evaluation.evaluate import Scored

JITTER = 0.03  # spread of the human scores, so that points on few levels stay visible


def save_scatter(scored: list[Scored], path: Path, title: str) -> None:
    """Save engine score (x) against human score (y, lightly jittered) to `path`."""
    engine = np.array([s.engine for s in scored])
    human = np.array([s.human for s in scored])
    jitter = np.random.default_rng(0).uniform(-JITTER, JITTER, len(human))
    figure, axes = plt.subplots(figsize=(7, 5))
    axes.scatter(engine, human + jitter, s=6, alpha=0.3)
    axes.set_xlabel("engine score (0-100)")
    axes.set_ylabel("human score (score / max_score, jittered)")
    axes.set_title(title)
    axes.set_xlim(-2, 102)
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
