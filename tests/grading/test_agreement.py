"""Agreement metrics against hand-computed values."""

from __future__ import annotations

import pytest

from mockprep.grading import agreement


def test_correlations() -> None:
    assert agreement.pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert agreement.spearman([1, 2, 3, 4], [10, 20, 30, 1]) == pytest.approx(-0.2)
    assert agreement.pearson([1, 1, 1], [1, 2, 3]) == 0.0


def test_errors_and_kappa() -> None:
    assert agreement.rmse([0, 0], [3, 4]) == pytest.approx(12.5**0.5)
    assert agreement.quadratic_weighted_kappa([0, 5, 2.5], [0, 5, 2.5], 0, 5) == pytest.approx(1.0)
    assert agreement.linear_map([0, 1], [2, 4]) == pytest.approx([2.0, 4.0])


def test_classification() -> None:
    truth = [True, True, False, False]
    assert agreement.accuracy(truth, [True, False, False, False]) == 0.75
    assert agreement.macro_f1(truth, [True, False, False, False]) == pytest.approx(
        (2 / 3 + 0.8) / 2
    )
