"""The practice steps the API and the pages share, over ``PracticeRunner``.

Thin glue only: check that the question or attempt belongs to the session, save the answer
(before grading, as the runner does), grade it, and find the follow-up question to answer
next. The terminal flow in ``cli/practice_cmd.py`` makes the same calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from pydantic import ValidationError

from mockprep.bank.schema import Question
from mockprep.errors import InputError, QuestionNotFoundError, RecordNotFoundError
from mockprep.grading import Grade
from mockprep.practice.runner import PracticeRunner, follow_up_question
from mockprep.store.records import AttemptRecord, SessionRecord
from mockprep.store.repositories import AttemptRepository, DataRepository, SessionRepository


@dataclass(frozen=True)
class Answered:
    """A saved and graded answer, and the follow-up question to answer next (if any)."""

    attempt: AttemptRecord
    grade: Grade
    follow_up: Question | None


def load_session(runner: PracticeRunner, session_id: int) -> SessionRecord:
    """The user's session (404 for anyone else's)."""
    with runner.db.read() as s:
        return SessionRepository(s).get(runner.user_id, session_id)


def clamp_started(session: SessionRecord, started_at: datetime | None) -> datetime:
    """When the candidate saw the question: as sent, but never before the session or after now."""
    now = datetime.now(UTC)
    if started_at is None:
        return now
    if started_at.tzinfo is None:
        started_at = started_at.replace(tzinfo=UTC)
    return max(min(started_at, now), session.started_at)


def parse_started(session: SessionRecord, raw: str | None) -> datetime:
    """``clamp_started`` for a form's ISO timestamp (anything unreadable means now)."""
    try:
        when = datetime.fromisoformat(raw) if raw else None
    except ValueError:
        when = None
    return clamp_started(session, when)


def question_in(runner: PracticeRunner, session: SessionRecord, ref: str) -> Question:
    """The session's question named ``ref`` (an id or ``bank/id``)."""
    question = runner.catalog.get(ref)
    if question.uid not in session.question_ids:
        raise QuestionNotFoundError(
            f"question {ref!r} is not part of session {session.id}",
            fix="Answer one of the session's questions (GET its next question).",
        )
    return question


def check_text(answer: str) -> str:
    text = answer.strip()
    if not text:
        raise InputError("the answer is empty", fix="Write an answer, or skip the question.")
    return text


def answer(
    runner: PracticeRunner,
    session: SessionRecord,
    question: Question,
    text: str,
    *,
    started_at: datetime,
) -> Answered:
    """Save, then grade, an answer to one of the session's questions."""
    if session.status != "active":
        raise InputError(
            f"session {session.id} is finished", fix="Start a new session to answer more."
        )
    attempt = runner.save_answer(session, question, check_text(text), started_at=started_at)
    grade = runner.grade(attempt, question)
    return Answered(_reload(runner, attempt), grade, follow_up_question(question, grade))


def _reload(runner: PracticeRunner, attempt: AttemptRecord) -> AttemptRecord:
    """The attempt as stored now (with its grade)."""
    with runner.db.read() as s:
        return AttemptRepository(s).get(runner.user_id, attempt.id)


def attempt_in(runner: PracticeRunner, session: SessionRecord, attempt_id: int) -> AttemptRecord:
    with runner.db.read() as s:
        attempt = AttemptRepository(s).get(runner.user_id, attempt_id)
    if attempt.session_id != session.id:
        raise RecordNotFoundError(
            f"no attempt {attempt_id} in session {session.id}",
            fix="List the session's attempts with GET /api/v1/attempts?session_id=….",
        )
    return attempt


def stored_grade(attempt: AttemptRecord) -> Grade | None:
    """The attempt's grade as a ``Grade`` (``None`` if ungraded or written by another grader)."""
    if attempt.grade is None:
        return None
    try:
        return Grade.model_validate(attempt.grade)
    except ValidationError:
        return None


def follow_up_for(runner: PracticeRunner, attempt: AttemptRecord) -> Question | None:
    """The follow-up question of a graded top-level answer, as the runner builds it."""
    grade = stored_grade(attempt)
    if grade is None or attempt.parent_attempt_id is not None:
        return None
    try:
        question = runner.catalog.get(attempt.question_id)
    except QuestionNotFoundError:
        return None
    return follow_up_question(question, grade)


def answer_follow_up(
    runner: PracticeRunner,
    session: SessionRecord,
    parent: AttemptRecord,
    text: str,
    *,
    started_at: datetime,
) -> Answered:
    """Save, then grade, the answer to ``parent``'s follow-up question."""
    focused = follow_up_for(runner, parent)
    if focused is None:
        raise InputError(
            f"attempt {parent.id} has no follow-up question to answer",
            fix="Answer a follow-up only after a graded answer whose grade asks one.",
        )
    question = runner.catalog.get(parent.question_id)
    saved = runner.save_answer(
        session,
        question,
        check_text(text),
        started_at=started_at,
        prompt=focused.question,
        parent_attempt_id=parent.id,
    )
    grade = runner.grade(saved, focused)
    return Answered(_reload(runner, saved), grade, None)


def follow_up_answers(runner: PracticeRunner, attempt: AttemptRecord) -> list[AttemptRecord]:
    with runner.db.read() as s:
        return DataRepository(s).follow_ups_of(runner.user_id, attempt.id)
