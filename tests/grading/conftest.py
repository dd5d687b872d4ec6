"""Fixtures: the real bundled embedding model and the bundled bank (no mocks)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mockprep.bank.loader import load_bundled
from mockprep.bank.schema import Question
from mockprep.grading.grader import Grader
from mockprep.nlp.embeddings import load_embedding_model


@pytest.fixture(autouse=True)
def _sealed_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOCKPREP_HOME", str(tmp_path / "home"))


@pytest.fixture(scope="session")
def grader() -> Grader:
    return Grader(load_embedding_model())


@pytest.fixture(scope="session")
def bank() -> list[Question]:
    questions = load_bundled()
    if not questions:
        pytest.skip("the bundled bank has no questions yet")
    return questions
