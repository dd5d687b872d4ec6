"""Contradictions: opposites, negated restatements in word alignment, polarity of rubric phrasings."""

from __future__ import annotations

import pytest

from mockprep.grading import Grader, question_from_references
from mockprep.grading.alignment import AlignedWords, align, content_words, contradicting
from mockprep.grading.lexical import AnswerTerms, compile_terms, keys_of, match_point
from mockprep.grading.polarity import are_opposites
from mockprep.nlp.text import split_sentences


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("positive", "negative"),
        ("increases", "decreased"),
        ("complete", "incomplete"),
        ("connected", "disconnected"),
        ("Open", "closed"),
    ],
)
def test_opposites(a: str, b: str) -> None:
    assert are_opposites(a, b) and are_opposites(b, a)


@pytest.mark.parametrize(
    ("a", "b"), [("form", "inform"), ("bulb", "bulbs"), ("battery", "terminal"), ("fast", "fast")]
)
def test_not_opposites(a: str, b: str) -> None:
    assert not are_opposites(a, b)


def _words(grader: Grader, text: str, question: str = "") -> AlignedWords:
    sentences = split_sentences(text)
    _, pieces = grader._embed([s.text for s in sentences])
    return content_words(
        text, sentences, pieces, frozenset(keys_of(question)), grader.model.dimension
    )


def test_a_negated_restatement_aligns_less_than_the_statement(grader: Grader) -> None:
    reference = _words(grader, "The bulb is in a closed path with the battery.")
    same = _words(grader, "The bulb sits in a closed path with the battery.")
    negated = _words(grader, "The bulb is not in a closed path with the battery.")
    flipped = _words(grader, "The bulb is in an open path with the battery.")
    assert contradicting(reference, negated).any() and not contradicting(reference, same).any()
    assert contradicting(reference, flipped).any()
    recall_same = align(reference, same, 0.0)[0]
    assert align(reference, negated, 0.0)[0] < recall_same - 0.2
    assert align(reference, flipped, 0.0)[0] < recall_same


def test_a_rubric_phrasing_matches_only_a_clause_of_its_own_polarity() -> None:
    question = question_from_references(
        "q",
        "What does a reading of 1.5 volts tell you about the two terminals?",
        ["The terminals are separated by a gap.", "The terminals are not connected"],
    )
    point = compile_terms(question).points[0]
    assert match_point(point, AnswerTerms.of("the terminals are not connected")).phrase == 1.0
    assert match_point(point, AnswerTerms.of("the terminals are connected")).phrase < 1.0


def test_a_contradicting_answer_scores_below_the_matching_one(grader: Grader) -> None:
    question = question_from_references(
        "bulb",
        "Why does bulb A stay lit when switch Y is opened?",
        [
            "Bulb A is still in a closed path with the battery.",
            "There is still a closed path containing bulb A and the battery.",
        ],
    )
    right = grader.grade(question, "Because bulb A is still in a closed path with the battery.")
    wrong = grader.grade(question, "Because bulb A is not in a closed path with the battery.")
    assert right.passed
    assert wrong.score < right.score - 2.0
