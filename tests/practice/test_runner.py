"""PracticeRunner over a real database and the real grader."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from mockprep.bank.catalog import Catalog
from mockprep.bank.library import import_bank, load_catalog
from mockprep.errors import InputError
from mockprep.grading import Grader
from mockprep.nlp.embeddings import load_embedding_model
from mockprep.practice.runner import Filters, PracticeRunner, follow_up_question
from mockprep.store.database import Database
from mockprep.store.repositories import (
    AttemptRepository,
    BankRepository,
    ReviewRepository,
    UserRepository,
)


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(load_embedding_model())


@pytest.fixture
def runner(db: Database, grader: Grader) -> PracticeRunner:
    with db.write() as s:
        user_id = UserRepository(s).local_user().id
    return PracticeRunner(db, Catalog.with_imports(), grader, user_id)


def test_start_honours_filters_and_never_repeats(runner: PracticeRunner) -> None:
    session = runner.start(Filters(category="ethics"), count=6, seed=1)
    assert len(session.question_ids) == len(set(session.question_ids)) == 6
    assert all(runner.catalog.get(uid).category == "ethics" for uid in session.question_ids)
    with pytest.raises(InputError, match="no questions match"):
        runner.start(Filters(category="ethics", kind="behavioural"))


def test_answers_are_saved_before_grading_and_pending_ones_get_graded(
    runner: PracticeRunner, db: Database
) -> None:
    session = runner.start(question_ids=["rag-basics", "lora-low-rank-adaptation"])
    question = runner.catalog.get("rag-basics")
    attempt = runner.save_answer(
        session,
        question,
        "RAG retrieves documents and grounds the answer.",
        started_at=datetime.now(UTC),
    )
    # a crash here: saved, not graded
    with db.read() as s:
        stored = AttemptRepository(s).get(runner.user_id, attempt.id)
    assert stored.answer_text.startswith("RAG retrieves") and stored.grade is None
    assert stored.rubric_hash == question.rubric_hash() and stored.bank_version
    assert [q.id for q in runner.remaining(session)] == ["lora-low-rank-adaptation"]
    assert runner.grade_pending(session) == 1
    with db.read() as s:
        graded = AttemptRepository(s).get(runner.user_id, attempt.id)
        card = ReviewRepository(s).get(runner.user_id, "core/rag-basics")
    assert graded.score is not None and graded.grade and graded.grade["question_id"]
    assert card is not None and card.reps == 1  # the grade scheduled the question


def test_skip_and_summary(runner: PracticeRunner) -> None:
    session = runner.start(question_ids=["rag-basics", "lora-low-rank-adaptation"])
    rag = runner.catalog.get("rag-basics")
    saved = runner.save_answer(session, rag, "I am not sure.", started_at=datetime.now(UTC))
    runner.grade(saved, rag)
    runner.skip(session, runner.catalog.get("lora-low-rank-adaptation"))
    assert runner.remaining(session) == []
    summary = runner.finish(session)
    assert summary.session.status == "finished"
    assert [r.question.id for r in summary.results] == ["rag-basics"]
    assert summary.skipped == ["core/lora-low-rank-adaptation"]
    assert summary.review_next() == [rag]  # a weak answer is the one to review


def test_follow_up_is_graded_on_the_point_it_probes(runner: PracticeRunner) -> None:
    question = runner.catalog.get("rag-basics")
    grade = runner.grader.grade(question, "RAG looks up documents and puts them in the prompt.")
    focused = follow_up_question(question, grade)
    assert focused is not None and focused.question == grade.follow_up
    assert len(focused.key_points) == 1 and focused.key_points[0].weight == 1.0
    probed = focused.key_points[0].id
    assert probed in {kp.id for kp in question.key_points}
    good = question.key_points[[kp.id for kp in question.key_points].index(probed)].statement
    assert runner.grader.grade(focused, good).score > runner.grader.grade(focused, "No idea.").score


def test_an_imported_bank_is_practised_and_graded_like_the_bundled_one(
    runner: PracticeRunner, db: Database, tmp_path: Path
) -> None:
    guide = tmp_path / "team.md"
    guide.write_text(
        "## Serving\n\nQ1: What does a KV cache store?\n"
        "It stores the attention keys and values of earlier tokens so each decoding step reuses "
        "them instead of recomputing the whole prefix. It trades memory for speed.\n"
    )
    with db.write() as s:
        import_bank(BankRepository(s), runner.user_id, guide)
    with db.read() as s:
        runner.catalog = load_catalog(BankRepository(s), runner.user_id)
    session = runner.start(Filters(bank="team"), count=3)
    assert session.question_ids == ["team/what-does-a-kv-cache-store"]
    question = runner.catalog.get(session.question_ids[0])
    good = runner.save_answer(
        session,
        question,
        "The KV cache keeps the keys and values computed for earlier tokens, so decoding reuses "
        "them rather than recomputing the prefix; it costs memory but saves time.",
        started_at=datetime.now(UTC),
    )
    bad = runner.save_answer(
        session, question, "It caches web pages for the browser.", started_at=datetime.now(UTC)
    )
    assert good.bank_version == "1"
    assert runner.grade(good, question).score > runner.grade(bad, question).score
