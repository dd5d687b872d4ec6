"""Plain, frozen records the repositories return: domain code never sees ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mockprep.store import models


@dataclass(frozen=True)
class UserRecord:
    id: int
    username: str
    display_name: str
    email: str | None
    is_local: bool
    created_at: datetime
    password_hash: str | None = field(default=None, repr=False)

    @classmethod
    def of(cls, row: models.User) -> UserRecord:
        return cls(
            id=row.id,
            username=row.username,
            display_name=row.display_name,
            email=row.email,
            is_local=row.is_local,
            created_at=row.created_at,
            password_hash=row.password_hash,
        )


@dataclass(frozen=True)
class SessionRecord:
    id: int
    user_id: int
    mode: str
    status: str
    filters: dict[str, Any]
    question_ids: list[str]
    time_limit_seconds: int | None
    started_at: datetime
    finished_at: datetime | None

    @classmethod
    def of(cls, row: models.PracticeSession) -> SessionRecord:
        return cls(
            id=row.id,
            user_id=row.user_id,
            mode=row.mode,
            status=row.status,
            filters=dict(row.filters or {}),
            question_ids=list(row.question_ids or []),
            time_limit_seconds=row.time_limit_seconds,
            started_at=row.started_at,
            finished_at=row.finished_at,
        )


@dataclass(frozen=True)
class AttemptRecord:
    id: int
    user_id: int
    session_id: int | None
    parent_attempt_id: int | None
    question_id: str
    bank_version: str
    rubric_hash: str
    prompt: str
    answer_text: str
    transcript: str | None
    delivery: dict[str, Any] | None
    started_at: datetime
    submitted_at: datetime
    duration_seconds: float | None
    grade: dict[str, Any] | None
    score: float | None
    grader_name: str | None
    grader_version: str | None
    graded_at: datetime | None
    word_timings: list[Any] | None = None
    """Spoken answers: ``[word, start, end, probability]`` per word."""
    audio_info: dict[str, Any] | None = None
    """Spoken answers: format, duration, model and transcript confidence."""

    @property
    def is_graded(self) -> bool:
        return self.grade is not None

    @classmethod
    def of(cls, row: models.Attempt) -> AttemptRecord:
        return cls(
            id=row.id,
            user_id=row.user_id,
            session_id=row.session_id,
            parent_attempt_id=row.parent_attempt_id,
            question_id=row.question_id,
            bank_version=row.bank_version,
            rubric_hash=row.rubric_hash,
            prompt=row.prompt,
            answer_text=row.answer_text,
            transcript=row.transcript,
            delivery=dict(row.delivery) if row.delivery is not None else None,
            started_at=row.started_at,
            submitted_at=row.submitted_at,
            duration_seconds=row.duration_seconds,
            grade=dict(row.grade) if row.grade is not None else None,
            score=row.score,
            grader_name=row.grader_name,
            grader_version=row.grader_version,
            graded_at=row.graded_at,
            word_timings=list(row.word_timings) if row.word_timings is not None else None,
            audio_info=dict(row.audio_info) if row.audio_info is not None else None,
        )


@dataclass(frozen=True)
class ReviewRecord:
    user_id: int
    question_id: str
    card: dict[str, Any]
    due: datetime
    last_review: datetime | None
    reps: int
    lapses: int
    last_score: float | None

    @classmethod
    def of(cls, row: models.ReviewState) -> ReviewRecord:
        return cls(
            user_id=row.user_id,
            question_id=row.question_id,
            card=dict(row.card or {}),
            due=row.due,
            last_review=row.last_review,
            reps=row.reps,
            lapses=row.lapses,
            last_score=row.last_score,
        )


@dataclass(frozen=True)
class BankRecord:
    id: int
    user_id: int
    name: str
    version: str
    source: str
    content: dict[str, Any]
    question_count: int
    imported_at: datetime

    @classmethod
    def of(cls, row: models.ImportedBank) -> BankRecord:
        return cls(
            id=row.id,
            user_id=row.user_id,
            name=row.name,
            version=row.version,
            source=row.source,
            content=dict(row.content or {}),
            question_count=row.question_count,
            imported_at=row.imported_at,
        )


@dataclass(frozen=True)
class AuthSessionRecord:
    """A signed-in session (hosted mode); ``token_hash`` is the SHA-256 of the cookie's token."""

    id: int
    user_id: int
    token_hash: str = field(repr=False)
    created_at: datetime
    last_seen: datetime
    expires_at: datetime
    user_agent: str | None

    @classmethod
    def of(cls, row: models.AuthSession) -> AuthSessionRecord:
        return cls(
            id=row.id,
            user_id=row.user_id,
            token_hash=row.token_hash,
            created_at=row.created_at,
            last_seen=row.last_seen,
            expires_at=row.expires_at,
            user_agent=row.user_agent,
        )
