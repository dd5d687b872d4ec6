"""Key points derived from reference answers."""

from __future__ import annotations

import pytest

from mockprep.grading.keypoints import derive_key_points, question_from_references


def test_claims_become_weighted_derived_points() -> None:
    points = derive_key_points(
        [
            "RAG retrieves relevant documents at query time; the model then writes an answer grounded in them. "
            "This reduces hallucination and keeps knowledge fresh without retraining."
        ]
    )
    assert len(points) == 3
    assert all(p.derived for p in points)
    assert abs(sum(p.weight for p in points) - 1.0) < 1e-6
    assert len({p.id for p in points}) == 3


def test_other_references_become_phrasings_of_the_closest_point() -> None:
    points = derive_key_points(
        [
            "Terminal 1 and the positive terminal are separated by the gap",
            "Terminal 1 and the positive terminal are not connected",
        ]
    )
    assert len(points) == 1
    assert points[0].phrasings == ["Terminal 1 and the positive terminal are not connected"]


def test_no_reference_is_an_error() -> None:
    with pytest.raises(ValueError, match="reference"):
        derive_key_points(["  ", ""])


def test_question_from_references_is_a_valid_question() -> None:
    q = question_from_references("11.1", "What is a stack?", ["LIFO."])
    assert q.id == "11-1" and q.key_points[0].statement == "The answer is: LIFO."
