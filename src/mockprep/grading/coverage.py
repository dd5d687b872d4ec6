"""Rubric coverage: how strongly an answer covers each key point, and where; and how close the
whole answer is to the model/reference answers.

Per key point, meaning comes from sentence embeddings (each answer sentence, and each pair of
neighbouring sentences, against the point's statement) and from soft word alignment (how many of
the statement's words the answer says, in context); wording from the lexical matcher. They are
combined per key point by the calibrated logistic in ``calibration.Parameters.strength``.
For the whole answer: word alignment with the closest reference (recall and precision) and the
length against the reference, which the score uses, and the pooled-embedding cosine, which the
guards and the evaluation baseline use. Only sentences on the question's topic give evidence
(``EVIDENCE_RELEVANCE``), so text added around an answer cannot add any.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from mockprep.bank.schema import Question
from mockprep.grading.alignment import AlignedWords, align, content_words
from mockprep.grading.lexical import (
    AnswerTerms,
    LexicalMatch,
    RubricTerms,
    compile_terms,
    is_long_phrasing,
    match_point,
)
from mockprep.nlp.embeddings import EmbeddingCache, TokenVectors, Vectors
from mockprep.nlp.text import Span, content_terms, split_sentences, tokenize, word_count

EVIDENCE_RELEVANCE = 0.25
"""Sentences less related than this to the question, the rubric and the references give no
evidence for a key point or the answer's recall (measured on the bank: 4% of the samples'
sentences fall below it, 98% of unrelated padding does), so padding cannot add evidence."""
POINT_QUESTION_WEIGHT = 0.3
"""Weight of question words when aligning a key point's statement (they still say what it is about)."""
ANSWER_QUESTION_WEIGHT = 0.0
"""Weight of question words when aligning the whole answer with a reference: none."""


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
class WordOrder:
    """Every word of one reference answer (normalised, function words included): how many of
    each, and which pairs stand side by side (what ``guards`` compares a shuffled answer with)."""

    counts: Counter[str]
    length: int
    pairs: frozenset[tuple[str, str]]

    @classmethod
    def of(cls, text: str) -> WordOrder:
        words = [t.norm for t in tokenize(text)]
        return cls(Counter(words), len(words), frozenset(pairwise(words)))


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
    """One pooled vector per model/reference answer (and the written rubric, see ``rubric_reference``)."""
    answer_sentence_vectors: Vectors
    expected_words: tuple[int, int]
    minimum_words: int = 5
    point_words: tuple[tuple[AlignedWords, ...], ...] = ()
    """Per key point: the aligned words of its statement and of each long phrasing."""
    reference_words: tuple[AlignedWords, ...] = ()
    """One per model/reference answer (and the written rubric)."""
    reference_length: float = 1.0
    """Mean number of content words of the model/reference answers."""
    reference_order: tuple[WordOrder, ...] = ()
    """The words and word pairs of each model/reference answer."""


def _reference_words(question: Question) -> int:
    """Length of the model answer (or, without one, of the longest reference answer)."""
    if question.model_answer:
        return word_count(question.model_answer)
    return max((word_count(a) for a in question.answers), default=60)


def expected_words(question: Question) -> tuple[int, int]:
    """The length to aim for: 60-130% of the model answer's, in tens of words."""
    reference = _reference_words(question)
    low = max(10, 10 * round(0.6 * reference / 10))
    high = max(low + 10, 10 * round(1.3 * reference / 10))
    return low, high


def minimum_words(question: Question) -> int:
    """Below this many words an answer is flagged too short (about a third of the model answer)."""
    return max(5, int(_reference_words(question) * 0.35))


def rubric_reference(question: Question) -> str | None:
    """The written rubric as one more reference answer: each point's statement and phrasings.

    A model answer is one way to answer; for a behavioural question it is one example story among
    many. The rubric says what any good answer contains, so the answer is also compared with it.
    Derived rubrics are pieces of the reference answers already, so they add nothing.
    """
    if all(kp.derived for kp in question.key_points):
        return None
    lines = [
        f"{kp.statement.rstrip('. ')}: {', '.join(kp.phrasings)}." if kp.phrasings else kp.statement
        for kp in question.key_points
    ]
    return "\n\n".join(lines)


def prepare_question(question: Question, cache: EmbeddingCache) -> PreparedQuestion:
    """Compile and embed everything about ``question`` the grader needs, once."""
    texts: list[str] = []
    owner: list[int] = []
    for i, kp in enumerate(question.key_points):
        for text in (kp.statement, *[p for p in kp.phrasings if is_long_phrasing(p)]):
            texts.append(text)
            owner.append(i)
    rubric = rubric_reference(question)
    references = [*question.answers, *([rubric] if rubric else [])]
    answer_sentences = [split_sentences(a) or [Span(a, 0, len(a))] for a in references]
    flat = [s.text for sentences in answer_sentences for s in sentences]
    pieces = cache.embed_tokens([*texts, *flat])
    vectors = cache.embed([*texts, question.question, *flat])
    point_vectors = vectors[: len(texts)]
    question_vector = vectors[len(texts)]
    sentence_vectors = vectors[len(texts) + 1 :]
    terms = compile_terms(question)
    dim = point_vectors.shape[1]
    point_words: list[list[AlignedWords]] = [[] for _ in question.key_points]
    for text, piece, k in zip(texts, pieces[: len(texts)], owner, strict=True):
        whole = [Span(text, 0, len(text))]
        point_words[k].append(content_words(text, whole, [piece], terms.question_keys, dim))
    pooled_answers: list[Vectors] = []
    reference_words: list[AlignedWords] = []
    at = 0
    for answer, sentences in zip(references, answer_sentences, strict=True):
        rows = sentence_vectors[at : at + len(sentences)]
        pooled_answers.append(pooled(rows, [word_count(s.text) or 1 for s in sentences]))
        own = pieces[len(texts) + at : len(texts) + at + len(sentences)]
        reference_words.append(content_words(answer, sentences, own, terms.question_keys, dim))
        at += len(sentences)
    return PreparedQuestion(
        question=question,
        terms=terms,
        point_vectors=point_vectors,
        point_owner=tuple(owner),
        question_vector=question_vector,
        answer_vectors=np.stack(pooled_answers)
        if pooled_answers
        else np.zeros((0, dim), np.float32),
        answer_sentence_vectors=sentence_vectors,
        expected_words=expected_words(question),
        minimum_words=minimum_words(question),
        point_words=tuple(tuple(words) for words in point_words),
        reference_words=tuple(reference_words),
        reference_length=max(
            1.0, float(np.mean([len(content_terms(a)) for a in question.answers] or [1]))
        ),
        reference_order=tuple(WordOrder.of(a) for a in question.answers),
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
    point_alignment: list[float]
    """Per key point: recall of its statement's words (best of statement and long phrasings)."""
    alignment_recall: float
    """Share of the closest reference's content words the answer's evidence sentences align to
    (question words left out)."""
    alignment_recall_mean: float
    """The same share averaged over every reference: the references of one question are other
    wordings of the same answer, so a right answer agrees with all of them, while a partial one
    often matches only the shortest (``there is a gap``) fully."""
    alignment_precision: float
    """Share of the answer's content words that align to a reference."""
    length_ratio: float
    """Content words of the answer's sentences that give evidence, over the references' mean."""
    references: int = 1
    """How many reference wordings the answer was compared with (``alignment_recall`` takes the
    closest, so it runs higher with more of them)."""


def measure(
    prepared: PreparedQuestion,
    text: str,
    sentences: list[Span],
    vectors: Vectors,
    pieces: list[TokenVectors],
) -> AnswerFeatures:
    """Compare an embedded answer (sentence vectors and their word-piece vectors) with the rubric."""
    n_points = len(prepared.question.key_points)
    terms = AnswerTerms.of(text)
    words = [word_count(s.text) or 1 for s in sentences]
    if not sentences:
        zeros = [0.0] * n_points
        lexical = [match_point(p, terms) for p in prepared.terms.points]
        return AnswerFeatures(
            sentences, zeros, [(-1, -1)] * n_points, lexical, 0.0, 0.0, [], [], terms, 0,
            list(zeros), 0.0, 0.0, 0.0, 0.0,
        )  # fmt: skip
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
    evidence = [
        (s.start, s.end)
        for s, r in zip(sentences, relevance, strict=True)
        if r >= EVIDENCE_RELEVANCE
    ]
    evidence_terms = AnswerTerms.of(text, evidence)
    lexical = [match_point(p, evidence_terms) for p in prepared.terms.points]
    mine = content_words(
        text, sentences, pieces, prepared.terms.question_keys, prepared.point_vectors.shape[1]
    )
    topical = mine.inside(evidence)
    point_alignment = [
        max((align(w, mine, POINT_QUESTION_WEIGHT, topical)[0] for w in point), default=0.0)
        for point in prepared.point_words
    ]
    pairs = [align(r, mine, ANSWER_QUESTION_WEIGHT, topical) for r in prepared.reference_words]
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
        point_alignment=point_alignment,
        alignment_recall=max((r for r, _ in pairs), default=0.0),
        alignment_recall_mean=float(np.mean([r for r, _ in pairs])) if pairs else 0.0,
        alignment_precision=max((p for _, p in pairs), default=0.0),
        length_ratio=int(topical.sum()) / prepared.reference_length,
        references=max(1, len(prepared.reference_words)),
    )
