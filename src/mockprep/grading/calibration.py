"""The grader's global parameters and the calibrated maps that use them.

Per key point: ``lexical = sigmoid(b0 + b_sem*cosine + b_phrase*phrase + b_recall*recall + b_align*alignment)``;
for a written (not derived) rubric point a second route, ``semantic = sigmoid(SEMANTIC_SLOPE *
(cosine - SEMANTIC_COVERS_AT))``, lets a sentence that says the statement in other words cover it;
``strength = 1 - (1 - lexical) * (1 - semantic)``. Points derived from reference answers are
shown with their own map, ``derived_strength`` (see ``DERIVED_COVERS_AT``), while the score keeps
``strength`` for them.
Per answer: ``z = a0 + a_cov*coverage + a_recall*alignment_recall + a_precision*alignment_precision
+ a_length*min(1, length_ratio) + a_recall_mean*alignment_recall_mean - a_references*log(references)``
where ``references`` is the number of reference wordings (the closest counts) and ``coverage`` is the
weight-averaged strength of the key points (the whole-answer embedding cosine with the reference is left out: on questions held out of
the fit it adds nothing once word alignment is known); then ``score = 10 * sigmoid(slope * (z - pass_logit))``, with one slope
below the pass mark and another above it. ``pass_logit`` (score 5.0, the pass mark) is the
threshold that best separates right from wrong answers in the labelled data; the two slopes shape
the scale (human grades rise fast from "wrong" to "acceptable", then slowly to "complete").

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
    b_align: float
    a0: float
    a_cov: float
    a_recall: float
    a_precision: float
    a_length: float
    a_recall_mean: float
    """Weight of the alignment recall averaged over all references (see ``AnswerFeatures``)."""
    a_references: float
    """Penalty per unit of ``log(number of references)``: the closest of many reference wordings
    is closer than a single one would be, for right and wrong answers alike (>= 0)."""
    pass_logit: float
    """The answer logit that maps to the pass mark, 5.0."""
    slope_below: float
    slope_above: float

    def point_logit(self, semantic: float, phrase: float, recall: float, alignment: float) -> float:
        return (
            self.b0
            + self.b_sem * semantic
            + self.b_phrase * phrase
            + self.b_recall * recall
            + self.b_align * alignment
        )

    def strength(
        self, semantic: float, phrase: float, recall: float, alignment: float, *, derived: bool
    ) -> float:
        """How strongly one key point is covered, 0-1."""
        lexical = _sigmoid(self.point_logit(semantic, phrase, recall, alignment))
        if derived:
            return lexical
        return 1.0 - (1.0 - lexical) * (1.0 - semantic_route(semantic))

    def answer_logit(
        self,
        coverage: float,
        alignment_recall: float,
        alignment_precision: float,
        length_ratio: float,
        alignment_recall_mean: float,
        references: int = 1,
    ) -> float:
        """The answer's evidence on one scale (0 is a coin flip between right and wrong)."""
        return (
            self.a0
            + self.a_cov * coverage
            + self.a_recall * alignment_recall
            + self.a_precision * alignment_precision
            + self.a_length * min(1.0, length_ratio)
            + self.a_recall_mean * alignment_recall_mean
            - self.a_references * math.log(max(1, references))
        )

    def score_of(self, z: float) -> float:
        """The 0-10 score for an answer logit (monotone; 5.0 at ``pass_logit``)."""
        d = z - self.pass_logit
        return 10.0 * _sigmoid((self.slope_below if d < 0 else self.slope_above) * d)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def semantic_route(semantic: float) -> float:
    """Coverage by meaning alone, for written rubric points (see ``SEMANTIC_COVERS_AT``)."""
    return _sigmoid(SEMANTIC_SLOPE * (semantic - SEMANTIC_COVERS_AT))


SEMANTIC_COVERS_AT = 0.8
"""A sentence (or pair) this close in meaning to a written point's statement covers it in any
wording. On the bank's graded samples 99% of the (sample, point) pairs the samples do not cover
stay below 0.73, while rubric wording is then no longer required. Points derived from reference
answers do not use this route: they are clauses of the reference, whose closeness the answer-level
features already measure, and on human-graded data near-paraphrases of a reference clause are
common among wrong answers (Mohler r drops from 0.626 to 0.603 when they use it)."""
SEMANTIC_SLOPE = 25.0

COVERED_AT = 0.5
"""A key point counts as covered when its strength reaches this."""

DERIVED_COVERS_AT = 0.369
"""Shown coverage of a point derived from reference answers: the aligned recall of the point's own
words (best of its statement and the other references' wordings, see ``AnswerFeatures
.point_alignment``) at which the point is as likely covered as not. The score's ``coverage`` term
keeps the jointly fitted ``Parameters.strength`` (it is calibrated together with the answer
weights, and the written rubric's multi-phrasing points shape it, so derived points sit near 0.05
there whatever the answer says); what is shown per point uses this separate global map instead.
Fitted by ``benchmarks/calibrate_grader.py`` (``fit_derived_map``): a class-balanced logistic on
the human-graded answers to the ASAG questions that derive a single point, where the point is
covered exactly when the answer is right (labels for SciEntsBank and Beetle, the pass mark of
Mohler's average score). Global: nothing per question or per data set."""
DERIVED_SLOPE = 4.072
"""Slope of that logistic in aligned recall (see ``DERIVED_COVERS_AT``)."""


def derived_strength(alignment: float) -> float:
    """Shown coverage strength of a derived key point, 0-1, from its aligned recall (0-1)."""
    return _sigmoid(DERIVED_SLOPE * (alignment - DERIVED_COVERS_AT))


# Fitted by benchmarks/calibrate_grader.py (see its output); do not edit by hand.
PARAMETERS = Parameters(
    b0=-5.008,
    b_sem=0.751,
    b_phrase=6.125,
    b_recall=1.365,
    b_align=2.384,
    a0=-2.18,
    a_cov=2.874,
    a_recall=2.018,
    a_precision=1.048,
    a_length=0.67,
    a_recall_mean=0.632,
    a_references=0.8,
    pass_logit=-0.3,
    slope_below=1.5,
    slope_above=0.8,
)
