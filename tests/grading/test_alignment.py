"""Soft word alignment with contextual word vectors (real model)."""

from __future__ import annotations

import pytest

from mockprep.grading.alignment import AlignedWords, align, content_words
from mockprep.grading.grader import Grader
from mockprep.grading.lexical import keys_of
from mockprep.nlp.text import split_sentences


def _words(grader: Grader, text: str, question: str = "") -> AlignedWords:
    sentences = split_sentences(text)
    _, pieces = grader._embed([s.text for s in sentences])
    return content_words(
        text, sentences, pieces, frozenset(keys_of(question)), grader.model.dimension
    )


def test_content_words_get_one_unit_vector_each(grader: Grader) -> None:
    words = _words(grader, "The retriever fetches passages. Then the generator writes the answer.")
    assert words.keys == tuple(keys_of("retriever fetches passages generator writes answer"))
    assert abs(float((words.vectors**2).sum(axis=1).max()) - 1.0) < 1e-4


def test_a_paraphrase_aligns_better_than_another_topic(grader: Grader) -> None:
    reference = _words(grader, "The water evaporated and left the salt behind.")
    paraphrase = _words(grader, "Let the water dry up in the sun so only salt crystals remain.")
    other = _words(grader, "Our football club signed two new midfielders over the summer.")
    recall, precision = align(reference, paraphrase, 0.0)
    assert 0.0 <= precision <= 1.0 and 0.0 <= recall <= 1.0
    assert recall > align(reference, other, 0.0)[0] + 0.2
    assert align(reference, reference, 0.0) == pytest.approx((1.0, 1.0))


def test_question_words_are_demoted(grader: Grader) -> None:
    question = "How did you separate the salt from the water?"
    reference = _words(grader, "The water was evaporated, leaving the salt.", question)
    echo = _words(grader, "I separated the salt from the water.", question)
    assert reference.from_question.any()
    assert align(reference, echo, 0.0)[0] < align(reference, echo, 1.0)[0]


def test_empty_sides_align_to_nothing(grader: Grader) -> None:
    empty = AlignedWords.empty(grader.model.dimension)
    assert align(empty, _words(grader, "Anything at all."), 0.0) == (0.0, 0.0)
