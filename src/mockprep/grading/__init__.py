"""Answer assessment: rubric coverage with evidence, signals, gaming guards, calibration, feedback,
and agreement metrics for evaluating the grader itself.

Use ``Grader(load_embedding_model()).grade(question, answer)``; the pass mark is ``PASS_BAND``.
"""

from mockprep.grading.grader import GRADER_NAME, GRADER_VERSION, Grader
from mockprep.grading.keypoints import derive_key_points, question_from_references
from mockprep.grading.models import (
    PASS_BAND,
    PASS_SCORE,
    Band,
    Evidence,
    Flag,
    Grade,
    KeyPointResult,
    MissingPoint,
    Signals,
    band_for,
    passes,
)

__all__ = [
    "GRADER_NAME",
    "GRADER_VERSION",
    "PASS_BAND",
    "PASS_SCORE",
    "Band",
    "Evidence",
    "Flag",
    "Grade",
    "Grader",
    "KeyPointResult",
    "MissingPoint",
    "Signals",
    "band_for",
    "derive_key_points",
    "passes",
    "question_from_references",
]
