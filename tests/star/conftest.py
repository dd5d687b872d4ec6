"""Fixtures: the real bundled embedding model (through the grader) and the bundled bank."""

from __future__ import annotations

import pytest

from mockprep.bank.catalog import bundled_questions
from mockprep.bank.schema import Kind, Question
from mockprep.grading.grader import Grader
from mockprep.nlp.embeddings import load_embedding_model


@pytest.fixture(scope="session")
def grader() -> Grader:
    return Grader(load_embedding_model())


@pytest.fixture(scope="session")
def behavioural() -> list[Question]:
    found = [q for q in bundled_questions() if q.kind is Kind.BEHAVIOURAL]
    if not found:
        pytest.skip("the bundled bank has no behavioural questions")
    return found
