"""Agreement between the grader and human graders: correlation, error, kappa, F1. Pure numpy."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def _arrays(a: Sequence[float], b: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if x.shape != y.shape:
        raise ValueError("both sequences need the same length")
    return x, y


def pearson(a: Sequence[float], b: Sequence[float]) -> float:
    """Pearson r (0.0 when either side is constant)."""
    x, y = _arrays(a, b)
    if len(x) < 2 or x.std() == 0 or y.std() == 0:
        return 0.0
    return float(np.corrcoef(x, y)[0, 1])


def _ranks(x: np.ndarray) -> np.ndarray:
    order = np.argsort(x, kind="mergesort")
    ranks = np.empty(len(x), dtype=float)
    sorted_x = x[order]
    i = 0
    while i < len(x):
        j = i
        while j + 1 < len(x) and sorted_x[j + 1] == sorted_x[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2.0
        i = j + 1
    return ranks


def spearman(a: Sequence[float], b: Sequence[float]) -> float:
    """Spearman rho with ties given their average rank."""
    x, y = _arrays(a, b)
    return pearson(list(_ranks(x)), list(_ranks(y)))


def rmse(a: Sequence[float], b: Sequence[float]) -> float:
    x, y = _arrays(a, b)
    return float(np.sqrt(np.mean((x - y) ** 2))) if len(x) else 0.0


def quadratic_weighted_kappa(
    a: Sequence[float], b: Sequence[float], low: float, high: float, steps: int = 11
) -> float:
    """Cohen's kappa with quadratic weights, after rounding both sides onto ``steps`` levels."""
    x, y = _arrays(a, b)
    if not len(x) or high <= low:
        return 0.0

    def to_level(v: np.ndarray) -> np.ndarray:
        return np.clip(np.rint((v - low) / (high - low) * (steps - 1)), 0, steps - 1).astype(int)

    lx, ly = to_level(x), to_level(y)
    observed = np.zeros((steps, steps))
    np.add.at(observed, (lx, ly), 1)
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / len(x)
    i, j = np.indices((steps, steps))
    weights = (i - j) ** 2 / (steps - 1) ** 2
    denominator = float((weights * expected).sum())
    return 1.0 - float((weights * observed).sum()) / denominator if denominator else 0.0


def accuracy(truth: Sequence[bool], predicted: Sequence[bool]) -> float:
    t, p = np.asarray(truth, bool), np.asarray(predicted, bool)
    return float((t == p).mean()) if len(t) else 0.0


def macro_f1(truth: Sequence[bool], predicted: Sequence[bool]) -> float:
    """Mean of the F1 of the positive and of the negative class."""
    t, p = np.asarray(truth, bool), np.asarray(predicted, bool)
    scores = []
    for cls in (True, False):
        tp = int(((p == cls) & (t == cls)).sum())
        fp = int(((p == cls) & (t != cls)).sum())
        fn = int(((p != cls) & (t == cls)).sum())
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(scores))


def linear_map(predicted: Sequence[float], truth: Sequence[float]) -> list[float]:
    """Least-squares line from predictions to the truth's scale (for RMSE on the file's scale)."""
    x, y = _arrays(predicted, truth)
    if len(x) < 2 or x.std() == 0:
        return [float(y.mean())] * len(x) if len(x) else []
    slope, intercept = np.polyfit(x, y, 1)
    return [float(v) for v in slope * x + intercept]
