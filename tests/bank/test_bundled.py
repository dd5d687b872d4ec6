"""Quality checks on the bundled bank: counts, rules, stable unique ids, no near-duplicates."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from mockprep.bank.catalog import bundled_questions
from mockprep.bank.loader import bundled_files, load_bank_file
from mockprep.bank.schema import CORE_CATEGORIES, Kind, Question
from mockprep.nlp.embeddings import load_embedding_model

IDS_FILE = Path(__file__).with_name("bundled_ids.txt")
# Question texts closer than this (cosine, all-MiniLM-L6-v2) count as near-duplicates. Measured:
# reworded copies of bank questions score 0.83-0.98 (the test below keeps three of them), while
# the closest distinct pair in the bank (a product and a technical angle on foundation vs.
# specialised models) scores 0.77. The threshold sits between the two.
NEAR_DUPLICATE = 0.82


@pytest.fixture(scope="module")
def questions() -> tuple[Question, ...]:
    return bundled_questions()


def test_every_file_validates_under_the_bundled_rules() -> None:
    files = bundled_files()
    assert {f.stem for f in files} >= set(CORE_CATEGORIES) | {"behavioural"}
    for path in files:
        bank = load_bank_file(path, bundled=True)
        assert bank.questions, path
        assert {q.category for q in bank.questions} == {path.stem}, path


def test_counts_match_the_plan(questions: tuple[Question, ...]) -> None:
    per_category = Counter(q.category for q in questions)
    assert per_category["foundations"] == 15
    assert per_category["implementation"] == 15
    assert per_category["product"] == 10
    assert per_category["ethics"] == 10
    beyond = [q for q in questions if q.category not in (*CORE_CATEGORIES, "behavioural")]
    assert len(beyond) >= 55
    assert per_category["system-design"] >= 5
    behavioural = [q for q in questions if q.kind is Kind.BEHAVIOURAL]
    assert len(behavioural) >= 15 and all(q.competency for q in behavioural)
    assert len(questions) >= 120


def test_core_questions_have_graded_samples_at_several_levels(
    questions: tuple[Question, ...],
) -> None:
    for q in questions:
        if q.category in CORE_CATEGORIES:
            assert len(q.samples) >= 3, q.id
            assert len({s.level for s in q.samples}) >= 3, q.id
            scores = sorted(s.score for s in q.samples)
            assert scores[-1] - scores[0] >= 5, q.id


def test_opinion_questions_are_judged_on_argument_not_one_answer(
    questions: tuple[Question, ...],
) -> None:
    opinion = [q for q in questions if q.kind is Kind.OPINION]
    assert opinion
    for q in opinion:
        rubric = " ".join(f"{kp.label} {kp.statement}" for kp in q.key_points).lower()
        assert any(w in rubric for w in ("position", "stance", "view", "commit")), q.id
        assert any(
            w in rubric
            for w in ("risk", "limit", "trade-off", "downside", "other side", "cost", "failure")
        ), q.id


def test_ids_are_unique_and_stable(questions: tuple[Question, ...]) -> None:
    ids = [q.id for q in questions]
    assert len(ids) == len(set(ids))
    published = set(IDS_FILE.read_text().split())
    missing = sorted(published - set(ids))
    assert not missing, f"published ids disappeared (ids are stable forever): {missing}"


def test_no_two_questions_are_near_duplicates(questions: tuple[Question, ...]) -> None:
    model = load_embedding_model()
    vectors = model.embed([q.question for q in questions])
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -1.0)
    i, j = np.unravel_index(int(np.argmax(sims)), sims.shape)
    closest = float(sims[i, j])
    assert closest < NEAR_DUPLICATE, (questions[i].id, questions[j].id, closest)


def test_the_near_duplicate_threshold_catches_a_reworded_copy(
    questions: tuple[Question, ...],
) -> None:
    model = load_embedding_model()
    by_id = {q.id: q for q in questions}
    pairs = [
        (
            "rag-basics",
            "Could you explain retrieval-augmented generation and why you would use it rather "
            "than relying on the model by itself?",
        ),
        ("lora-low-rank-adaptation", "Explain LoRA and why it is so popular for fine-tuning."),
        (
            "hallucination-causes-mitigations",
            "Your assistant sometimes confidently says things that are made up, users report. "
            "What is happening and what would you do?",
        ),
    ]
    for qid, reworded in pairs:
        a, b = model.embed([by_id[qid].question, reworded])
        assert float(a @ b) >= NEAR_DUPLICATE, (qid, float(a @ b))
