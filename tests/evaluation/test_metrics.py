"""Agreement metrics between automatic and human scores."""

from __future__ import annotations

import numpy as np
import pytest

from service.evaluation.metrics import compare, fit_threshold


def test_perfect_binary_agreement():
    scores = np.array([10.0, 20.0, 80.0, 90.0])
    human = np.array([0.0, 0.0, 1.0, 1.0])
    m = compare(scores, human, scores, human)
    assert (m.n, m.accuracy, m.weighted_f1, m.qwk) == (4, 1.0, 1.0, 1.0)
    assert m.pearson == pytest.approx(70 / 5000**0.5, abs=1e-4)
    assert m.spearman == pytest.approx(0.8944, abs=1e-4)
    assert 20 < m.threshold <= 80


def test_threshold_maximises_training_accuracy_and_is_the_lowest_on_ties():
    scores = np.array([5.0, 30.0, 40.0, 70.0])
    passed = np.array([False, False, True, True])
    assert fit_threshold(scores, passed) == 35.0


def test_threshold_fitted_on_train_is_applied_to_the_evaluated_scores():
    train_scores, train_human = np.array([0.0, 100.0]), np.array([0.0, 1.0])
    m = compare(np.array([40.0, 60.0]), np.array([1.0, 1.0]), train_scores, train_human)
    assert m.threshold == 50.0 and m.accuracy == 0.5


def test_rmse_is_measured_after_the_linear_fit():
    scores = np.array([0.0, 50.0, 100.0])
    human = np.array([0.0, 1.0, 2.0])
    assert compare(scores, human, scores, human).rmse == pytest.approx(0.0, abs=1e-9)


def test_many_levels_give_qwk_but_no_accuracy_or_threshold():
    scores = np.array([0.0, 30.0, 60.0, 100.0])
    human = np.array([0.0, 1.0, 2.0, 3.0])
    m = compare(scores, human, scores, human)
    assert m.accuracy is None and m.weighted_f1 is None and m.threshold is None
    assert m.qwk == 1.0


def test_constant_scores_have_no_correlation():
    m = compare(np.zeros(3), np.array([0.0, 1.0, 1.0]), np.zeros(3), np.array([0.0, 1.0, 1.0]))
    assert m.pearson is None and m.spearman is None
