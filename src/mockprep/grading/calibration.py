"""The grader's global parameters and the two calibrated maps that use them.

Per key point: ``strength = sigmoid(b0 + b_sem * cosine + b_phrase * phrase + b_recall * recall)``.
Per answer: ``score = 10 * sigmoid(a0 + a_cov * coverage + a_ref * reference_cosine + a_overlap * overlap)``
where ``coverage`` is the weight-averaged strength of the key points.

The numbers are fitted by ``benchmarks/calibrate_grader.py`` on human-graded data (global values,
nothing per question) and pinned here; that script reproduces them.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Parameters:
    """Global constants of the grader (never tuned per question)."""

    b0: float
    b_sem: float
    b_phrase: float
    b_recall: float
    a0: float
    a_cov: float
    a_ref: float
    a_overlap: float

    def strength(self, semantic: float, phrase: float, recall: float) -> float:
        """How strongly one key point is covered, 0-1."""
        return _sigmoid(
            self.b0 + self.b_sem * semantic + self.b_phrase * phrase + self.b_recall * recall
        )

    def score(self, coverage: float, reference: float, overlap: float) -> float:
        """The 0-10 score before guards."""
        z = self.a0 + self.a_cov * coverage + self.a_ref * reference + self.a_overlap * overlap
        return 10.0 * _sigmoid(z)

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


COVERED_AT = 0.5
"""A key point counts as covered when its strength reaches this."""

# Fitted by benchmarks/calibrate_grader.py (see its output); do not edit by hand.
PARAMETERS = Parameters(
    b0=-2.047,
    b_sem=2.53,
    b_phrase=1.491,
    b_recall=0.612,
    a0=-2.253,
    a_cov=4.224,
    a_ref=0.0,
    a_overlap=1.652,
)
