"""RecentVectors: the STAR review of a behavioural answer reuses the vectors the grader computed."""

from __future__ import annotations

import numpy as np
import pytest
from webhelpers import Api

from mockprep.bank.catalog import Catalog
from mockprep.bank.schema import Kind, Question
from mockprep.grading import Grader
from mockprep.nlp.embeddings import TokenEmbeddingModel, load_embedding_model
from mockprep.star.coach import review_behavioural
from mockprep.web.recent_vectors import RecentVectors


@pytest.fixture(scope="module")
def model() -> TokenEmbeddingModel:
    loaded = load_embedding_model()
    assert isinstance(loaded, TokenEmbeddingModel)
    return loaded


def behavioural() -> tuple[Question, str]:
    """A behavioural question of the bundled bank and its longest sample answer."""
    question = next(
        q for q in Catalog.with_imports().questions if q.kind is Kind.BEHAVIOURAL and q.samples
    )
    return question, max((s.answer for s in question.samples), key=len)


def test_a_repeated_request_gets_the_vectors_of_the_first_pass(
    model: TokenEmbeddingModel,
) -> None:
    recent = RecentVectors(model)
    texts = ["I led the migration to the new index.", "Latency fell by half within a week."]
    vectors, pieces = recent.embed_with_tokens(texts)
    assert len(pieces) == 2
    again = recent.embed(texts[::-1])
    assert recent.hits == 2
    np.testing.assert_array_equal(again, vectors[::-1])
    np.testing.assert_array_equal(again, model.embed(texts[::-1]))
    assert recent.name == model.name and recent.dimension == model.dimension


def test_a_request_with_any_new_text_goes_to_the_model_whole(model: TokenEmbeddingModel) -> None:
    recent = RecentVectors(model)
    recent.embed(["One sentence I said before."])
    texts = ["One sentence I said before.", "And one I did not."]
    out = recent.embed(texts)
    assert recent.hits == 0
    np.testing.assert_array_equal(out, model.embed(texts))
    assert recent.embed([]).shape == (0, model.dimension)


def test_only_the_most_recent_texts_are_kept(model: TokenEmbeddingModel) -> None:
    recent = RecentVectors(model, size=2)
    recent.embed(["The first text.", "The second text.", "The third text."])
    recent.embed(["The third text.", "The second text."])
    assert recent.hits == 2
    recent.embed(["The first text."])  # forgotten: embedded again
    assert recent.hits == 2


def test_a_behavioural_grade_is_unchanged_and_its_review_reuses_the_grader_pass(
    model: TokenEmbeddingModel,
) -> None:
    question, answer = behavioural()
    plain = Grader(model)
    expected = review_behavioural(plain.grade(question, answer), question, answer, (), plain.cache)
    recent = RecentVectors(model)
    grader = Grader(recent)
    got = review_behavioural(grader.grade(question, answer), question, answer, (), grader.cache)
    assert got.star is not None
    assert got == expected
    assert recent.hits > 0  # the STAR splitter's sentences came from the grader's pass


def test_the_web_app_grades_with_recent_vectors(api: Api) -> None:
    question, answer = behavioural()
    session = api.post("/api/v1/sessions", json={"question_ids": [question.uid]}).json()
    done = api.post(
        f"/api/v1/sessions/{session['id']}/answers",
        json={"question_id": question.uid, "answer": answer},
    )
    assert done.status_code == 201, done.text
    assert done.json()["grade"]["star"] is not None
    model = api.client.app.state.grader.model  # type: ignore[attr-defined]
    assert isinstance(model, RecentVectors) and model.hits > 0
