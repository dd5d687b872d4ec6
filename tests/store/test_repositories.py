"""Repository operations the practice and web features rely on, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mockprep.errors import InputError, RecordNotFoundError
from mockprep.store.database import Database
from mockprep.store.repositories import (
    AttemptRepository,
    ReviewRepository,
    SessionRepository,
    UserRepository,
)


def test_local_user_is_created_once(db: Database) -> None:
    with db.write() as s:
        first = UserRepository(s).local_user()
    with db.write() as s:
        second = UserRepository(s).local_user()
    assert first.id == second.id
    assert first.is_local and first.username == "local"


def test_duplicate_username_is_a_clear_error(db: Database) -> None:
    with db.write() as s:
        UserRepository(s).create("ada", email="ada@example.org")
    with pytest.raises(InputError, match="already taken"), db.write() as s:
        UserRepository(s).create("ada")
    with db.read() as s:
        assert UserRepository(s).by_username("ada") is not None


def test_attempt_is_saved_before_grading_and_graded_later(db: Database) -> None:
    with db.write() as s:
        user = UserRepository(s).local_user()
        session = SessionRepository(s).start(user.id, ["core/rag-basics", "core/lora"])
        attempt = AttemptRepository(s).add(
            user.id,
            "core/rag-basics",
            "RAG retrieves documents first.",
            prompt="What is RAG?",
            session_id=session.id,
            rubric_hash="abc123",
            duration_seconds=42.5,
        )
    assert not attempt.is_graded
    with db.read() as s:
        assert [a.id for a in AttemptRepository(s).ungraded(user.id)] == [attempt.id]
    grade = {"score": 6.5, "band": "adequate", "grader": {"name": "rubric", "version": "1"}}
    with db.write() as s:
        graded = AttemptRepository(s).record_grade(
            user.id, attempt.id, grade, score=6.5, grader_name="rubric", grader_version="1"
        )
    assert graded.grade == grade and graded.score == 6.5
    assert graded.graded_at is not None and graded.graded_at.tzinfo is not None
    with db.read() as s:
        again = AttemptRepository(s).get(user.id, attempt.id)
        assert again.grade == grade
        assert again.submitted_at.tzinfo is not None
        assert AttemptRepository(s).ungraded(user.id) == []
        assert AttemptRepository(s).scores_by_question(user.id)["core/rag-basics"][0][1] == 6.5


def test_attempts_are_listed_newest_first_and_scoped_to_their_user(db: Database) -> None:
    base = datetime(2026, 1, 1, tzinfo=UTC)
    with db.write() as s:
        users = UserRepository(s)
        alice, bob = users.create("alice"), users.create("bob")
        repo = AttemptRepository(s)
        ids = [
            repo.add(alice.id, "core/q", f"answer {i}", submitted_at=base + timedelta(minutes=i)).id
            for i in range(3)
        ]
        bobs = repo.add(bob.id, "core/q", "bob's answer")
    with db.read() as s:
        repo = AttemptRepository(s)
        assert [a.id for a in repo.history(alice.id)] == list(reversed(ids))
        assert repo.count(alice.id) == 3
        with pytest.raises(RecordNotFoundError):
            repo.get(alice.id, bobs.id)


def test_sessions_resume_and_finish(db: Database) -> None:
    with db.write() as s:
        user = UserRepository(s).local_user()
        started = SessionRepository(s).start(
            user.id, ["core/a", "core/b"], filters={"category": "rag"}, time_limit_seconds=90
        )
    with db.read() as s:
        unfinished = SessionRepository(s).latest_unfinished(user.id)
    assert unfinished is not None and unfinished.id == started.id
    assert unfinished.filters == {"category": "rag"} and unfinished.question_ids == [
        "core/a",
        "core/b",
    ]
    with db.write() as s:
        finished = SessionRepository(s).finish(user.id, started.id)
    assert finished.status == "finished" and finished.finished_at is not None
    with db.read() as s:
        assert SessionRepository(s).latest_unfinished(user.id) is None


def test_review_state_upserts_and_lists_due_cards_earliest_first(db: Database) -> None:
    now = datetime(2026, 6, 1, 12, tzinfo=UTC)
    with db.write() as s:
        user = UserRepository(s).local_user()
        reviews = ReviewRepository(s)
        for qid, days in [("core/a", -1), ("core/b", -3), ("core/c", 2)]:
            reviews.save(
                user.id,
                qid,
                card={"state": 2},
                due=now + timedelta(days=days),
                last_review=now - timedelta(days=5),
                reps=1,
                lapses=0,
                last_score=5.0,
            )
        reviews.save(
            user.id,
            "core/a",
            card={"state": 2, "stability": 3.1},
            due=now - timedelta(hours=1),
            last_review=now,
            reps=2,
            lapses=0,
            last_score=7.0,
        )
        reviews.log(user.id, "core/a", rating=3)
    with db.read() as s:
        reviews = ReviewRepository(s)
        due = reviews.due(user.id, now)
        assert [r.question_id for r in due] == ["core/b", "core/a"]
        a = reviews.get(user.id, "core/a")
        assert a is not None and a.reps == 2 and a.card["stability"] == 3.1
        assert a.due.tzinfo is not None
        assert len(reviews.all(user.id)) == 3
