"""Rubric coverage: how strongly an answer covers each key point, and where.

Meaning comes from sentence embeddings (each answer sentence, and each pair of neighbouring
sentences, against each key point's statement), wording from the lexical matcher. Both are
combined per key point by the calibrated logistic in ``calibration.Parameters.strength``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mockprep.bank.schema import Question
from mockprep.grading.lexical import (
    AnswerTerms,
    LexicalMatch,
    RubricTerms,
    compile_terms,
    is_long_phrasing,
    match_point,
)
from mockprep.nlp.embeddings import EmbeddingCache, Vectors
from mockprep.nlp.text import Span, split_sentences, word_count


def pooled(vectors: Vectors, weights: list[int]) -> Vectors:
    """One unit vector for a text from its sentences' vectors, weighted by sentence length."""
    if len(vectors) == 0:
        return np.zeros(vectors.shape[1], dtype=np.float32)
    w = np.asarray(weights, dtype=np.float32)[:, None]
    total = (vectors * w).sum(axis=0)
    norm = float(np.linalg.norm(total))
    out: Vectors = (total / norm if norm > 0 else total).astype(np.float32)
    return out


@dataclass(frozen=True)
class PreparedQuestion:
    """A question with its rubric compiled and embedded (cached per rubric hash)."""

    question: Question
    terms: RubricTerms
    point_vectors: Vectors
    """One row per statement and long phrasing of every key point."""
    point_owner: tuple[int, ...]
    """Index of the key point each row of ``point_vectors`` belongs to."""
    question_vector: Vectors
    answer_vectors: Vectors
    """One pooled vector per model/reference answer."""
    answer_sentence_vectors: Vectors
    expected_words: tuple[int, int]


def expected_words(question: Question) -> tuple[int, int]:
    """How long a good spoken answer is: from the rubric's size and the model answer's length."""
    answers = question.answers
    reference = max((word_count(a) for a in answers), default=60)
    low = max(5, int(reference * 0.35))
    high = max(60, int(reference * 2.5))
    return low, high


def prepare_question(question: Question, cache: EmbeddingCache) -> PreparedQuestion:
    """Compile and embed everything about ``question`` the grader needs, once."""
    texts: list[str] = []
    owner: list[int] = []
    for i, kp in enumerate(question.key_points):
        for text in (kp.statement, *[p for p in kp.phrasings if is_long_phrasing(p)]):
            texts.append(text)
            owner.append(i)
    answer_sentences = [split_sentences(a) or [Span(a, 0, len(a))] for a in question.answers]
    flat = [s.text for sentences in answer_sentences for s in sentences]
    vectors = cache.embed([*texts, question.question, *flat])
    point_vectors = vectors[: len(texts)]
    question_vector = vectors[len(texts)]
    sentence_vectors = vectors[len(texts) + 1 :]
    pooled_answers: list[Vectors] = []
    at = 0
    for sentences in answer_sentences:
        rows = sentence_vectors[at : at + len(sentences)]
        pooled_answers.append(pooled(rows, [word_count(s.text) or 1 for s in sentences]))
        at += len(sentences)
    dim = point_vectors.shape[1]
    return PreparedQuestion(
        question=question,
        terms=compile_terms(question),
        point_vectors=point_vectors,
        point_owner=tuple(owner),
        question_vector=question_vector,
        answer_vectors=np.stack(pooled_answers)
        if pooled_answers
        else np.zeros((0, dim), np.float32),
        answer_sentence_vectors=sentence_vectors,
        expected_words=expected_words(question),
    )


@dataclass(frozen=True)
class AnswerFeatures:
    """Everything measured about one answer against one prepared question."""

    sentences: list[Span]
    semantic: list[float]
    """Per key point: best cosine of a sentence (or neighbouring pair) with its statement."""
    best_sentence: list[tuple[int, int]]
    """Per key point: the first and last sentence index of the best match."""
    lexical: list[LexicalMatch]
    reference_similarity: float
    """Cosine of the whole answer with the closest model/reference answer."""
    question_similarity: float
    sentence_relevance: list[float]
    """Per sentence: its best cosine with the question, a key point or a reference sentence."""
    sentence_question_similarity: list[float]
    answer_terms: AnswerTerms
    words: int


def embed_sentences(text: str, cache: EmbeddingCache) -> tuple[list[Span], Vectors]:
    """The answer's sentences and their vectors (answers are not cached; rubric texts are)."""
    sentences = split_sentences(text)
    vectors = cache.model.embed([s.text for s in sentences])
    return sentences, vectors


def measure(
    prepared: PreparedQuestion, text: str, sentences: list[Span], vectors: Vectors
) -> AnswerFeatures:
    """Compare an embedded answer with the prepared rubric."""
    n_points = len(prepared.question.key_points)
    terms = AnswerTerms.of(text)
    lexical = [match_point(p, terms) for p in prepared.terms.points]
    words = [word_count(s.text) or 1 for s in sentences]
    if not sentences:
        return AnswerFeatures(
            sentences, [0.0] * n_points, [(-1, -1)] * n_points, lexical, 0.0, 0.0, [], [], terms, 0
        )
    # neighbouring pairs, pooled from the sentence vectors (mean pooling is near-additive)
    pair_rows = [pooled(vectors[i : i + 2], words[i : i + 2]) for i in range(len(sentences) - 1)]
    units = np.vstack([vectors, *pair_rows]) if pair_rows else vectors
    sims = units @ prepared.point_vectors.T
    owner = np.asarray(prepared.point_owner)
    semantic: list[float] = []
    best: list[tuple[int, int]] = []
    n = len(sentences)
    for k in range(n_points):
        cols = sims[:, owner == k].max(axis=1)
        single = int(np.argmax(cols[:n]))
        top = single
        if len(cols) > n:
            pair = n + int(np.argmax(cols[n:]))
            if cols[pair] > cols[single] + 0.03:
                top = pair
        semantic.append(float(cols[top]))
        best.append((top, top) if top < n else (top - n, top - n + 1))
    answer_vector = pooled(vectors, words)
    ref_sim = (
        float((prepared.answer_vectors @ answer_vector).max())
        if len(prepared.answer_vectors)
        else 0.0
    )
    q_sims = vectors @ prepared.question_vector
    relevance = np.maximum(q_sims, sims[:n].max(axis=1))
    if len(prepared.answer_sentence_vectors):
        relevance = np.maximum(
            relevance, (vectors @ prepared.answer_sentence_vectors.T).max(axis=1)
        )
    return AnswerFeatures(
        sentences=sentences,
        semantic=semantic,
        best_sentence=best,
        lexical=lexical,
        reference_similarity=ref_sim,
        question_similarity=float(answer_vector @ prepared.question_vector),
        sentence_relevance=[float(x) for x in relevance],
        sentence_question_similarity=[float(x) for x in q_sims],
        answer_terms=terms,
        words=sum(word_count(s.text) for s in sentences),
    )
