"""SQLAlchemy models: users, practice sessions, attempts and review state.

Timestamps are stored timezone-aware in UTC (SQLite keeps them as ISO text; ``UTCDateTime``
gives them back as aware datetimes on every backend). JSON columns hold typed objects
serialised by their own models (a ``Grade``, an FSRS card), so a stored grade can be explained
and reproduced: it carries the grader's name and version and the question's rubric hash.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

LOCAL_USERNAME = "local"


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite drops the zone otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use datetime.now(UTC)")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime, dict[str, Any]: JSON}


class User(Base):
    """A candidate. Local mode has exactly one, named ``local``."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_local: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    sessions: Mapped[list[PracticeSession]] = relationship(back_populates="user")


class PracticeSession(Base):
    """A run of questions: a mock interview or a review round."""

    __tablename__ = "practice_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    mode: Mapped[str] = mapped_column(String(20), default="practice")  # practice | review
    status: Mapped[str] = mapped_column(String(20), default="active")  # active | finished
    filters: Mapped[dict[str, Any]] = mapped_column(default=dict)
    question_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    time_limit_seconds: Mapped[int | None] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()

    user: Mapped[User] = relationship(back_populates="sessions")
    attempts: Mapped[list[Attempt]] = relationship(back_populates="session", order_by="Attempt.id")


class Attempt(Base):
    """One answer to one question. Saved before grading; the grade is filled in afterwards."""

    __tablename__ = "attempts"
    __table_args__ = (Index("ix_attempts_user_question", "user_id", "question_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("practice_sessions.id", ondelete="SET NULL"), index=True
    )
    parent_attempt_id: Mapped[int | None] = mapped_column(
        ForeignKey("attempts.id", ondelete="SET NULL")
    )
    question_id: Mapped[str] = mapped_column(String(200))
    """Bank-qualified id, e.g. ``core/rag-basics``."""
    bank_version: Mapped[str] = mapped_column(String(40), default="")
    rubric_hash: Mapped[str] = mapped_column(String(64), default="")
    prompt: Mapped[str] = mapped_column(Text, default="")
    """The question as asked (a follow-up's own text for follow-up attempts)."""
    answer_text: Mapped[str] = mapped_column(Text, default="")
    transcript: Mapped[str | None] = mapped_column(Text)
    delivery: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    word_timings: Mapped[list[Any] | None] = mapped_column(JSON)
    """Spoken answers: ``[word, start, end, probability]`` per recognised word."""
    audio_info: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """Spoken answers: format, duration, model, transcript confidence (never the audio)."""
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    duration_seconds: Mapped[float | None] = mapped_column(Float)
    grade: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    score: Mapped[float | None] = mapped_column(Float)
    grader_name: Mapped[str | None] = mapped_column(String(80))
    grader_version: Mapped[str | None] = mapped_column(String(40))
    graded_at: Mapped[datetime | None] = mapped_column()

    session: Mapped[PracticeSession | None] = relationship(back_populates="attempts")


class ReviewState(Base):
    """A user's spaced-repetition card for one question (FSRS card serialised as JSON)."""

    __tablename__ = "review_states"
    __table_args__ = (UniqueConstraint("user_id", "question_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(String(200))
    card: Mapped[dict[str, Any]] = mapped_column(default=dict)
    due: Mapped[datetime] = mapped_column(index=True)
    last_review: Mapped[datetime | None] = mapped_column()
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    last_score: Mapped[float | None] = mapped_column(Float)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ReviewLog(Base):
    """One scheduling event: which attempt produced which rating, for history and replay."""

    __tablename__ = "review_logs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(String(200))
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("attempts.id", ondelete="SET NULL"))
    rating: Mapped[int] = mapped_column(Integer)
    reviewed_at: Mapped[datetime] = mapped_column(default=utcnow)
    log: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ImportedBank(Base):
    """One version of a bank a user imported; old versions stay so old attempts keep their meaning."""

    __tablename__ = "imported_banks"
    __table_args__ = (UniqueConstraint("user_id", "name", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    version: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(500), default="")
    content: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """The validated bank file (``BankFile`` as JSON)."""
    question_count: Mapped[int] = mapped_column(Integer, default=0)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- hosted mode: login sessions and rate limits ---


class AuthSession(Base):
    """A signed-in browser or client (hosted mode). Only the SHA-256 of the token is stored."""

    __tablename__ = "auth_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    """Hex SHA-256 of the random token in the cookie; the token itself is never stored."""
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    user_agent: Mapped[str | None] = mapped_column(String(300))


class RateLimitCounter(Base):
    """Hits of one key (a user or an address) in one fixed time window of one scope."""

    __tablename__ = "rate_limit_counters"
    __table_args__ = (UniqueConstraint("scope", "key", "window_start"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(40))
    """What is limited: ``login``, ``signup``, ``grade`` …"""
    key: Mapped[str] = mapped_column(String(200))
    """Who is limited: ``user:42`` or ``address:203.0.113.7``."""
    window_start: Mapped[datetime] = mapped_column()
    window_end: Mapped[datetime] = mapped_column(index=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


# --- STAR stories (issue 9) -------------------------------------------------------------


class StarStory(Base):
    """One STAR story of a user's story bank (issue 9). Lists are JSON arrays of strings."""

    __tablename__ = "star_stories"
    __table_args__ = (Index("ix_star_stories_user_updated", "user_id", "updated_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    situation: Mapped[str] = mapped_column(Text, default="")
    task: Mapped[str] = mapped_column(Text, default="")
    action: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(Text, default="")
    competencies: Mapped[list[str]] = mapped_column(JSON, default=list)
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    questions: Mapped[list[str]] = mapped_column(JSON, default=list)
    """Bank question ids the candidate linked this story to."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


# (section end)


# --- ATS resume checks (issue 8) --------------------------------------------------------


class ResumeCheck(Base):
    """One ATS check of a resume: what was extracted and the report, not the file itself."""

    __tablename__ = "resume_checks"
    __table_args__ = (Index("ix_resume_checks_user_created", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    file_sha256: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(10))  # pdf | docx | text | markdown
    score: Mapped[int] = mapped_column(Integer)
    job_title: Mapped[str] = mapped_column(String(200), default="")
    job_text: Mapped[str] = mapped_column(Text, default="")
    extracted_text: Mapped[str] = mapped_column(Text, default="")
    report: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """The ``AtsReport`` as JSON (its ``version`` says how to read it)."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# (section end)


# --- Voice: jobs and recordings (issue 7) -----------------------------------------------


class Job(Base):
    """Slow work (transcribing a spoken answer ...) queued for any web worker to run.

    A worker claims a queued job (or a running one whose lease ran out: its worker died) by
    setting ``locked_by`` and ``locked_until``, renews the lease while it works, and writes
    ``result`` or ``error`` at the end. Claims use ``FOR UPDATE SKIP LOCKED`` on PostgreSQL
    and the write lock of ``BEGIN IMMEDIATE`` on SQLite, so no job runs twice at once.
    """

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_status_run_after", "status", "run_after"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    """queued | running | done | failed"""
    stage: Mapped[str] = mapped_column(String(80), default="")
    """What the job is doing now, for progress displays."""
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    error_type: Mapped[str | None] = mapped_column(String(80))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=3)
    locked_by: Mapped[str | None] = mapped_column(String(120))
    locked_until: Mapped[datetime | None] = mapped_column()
    run_after: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()


class Recording(Base):
    """The audio of a spoken answer: held until its job has run, and kept only if the user
    turned keeping on (then until ``expires_at``)."""

    __tablename__ = "recordings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    attempt_id: Mapped[int | None] = mapped_column(
        ForeignKey("attempts.id", ondelete="SET NULL"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200), default="")
    format: Mapped[str] = mapped_column(String(20), default="")
    size_bytes: Mapped[int] = mapped_column(Integer, default=0)
    duration_seconds: Mapped[float | None] = mapped_column(Float)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    keep: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(index=True)


# (section end)


# --- Negotiation offers (issue 10) ------------------------------------------------------


class NegotiationOffer(Base):
    """A job offer a user entered; ``data`` is the validated ``negotiation.offer.Offer`` (JSON,
    money as exact strings or integers). Company, role and currency are copied out for lists."""

    __tablename__ = "negotiation_offers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    company: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(120))
    currency: Mapped[str] = mapped_column(String(3))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class NegotiationProfile(Base):
    """A user's negotiation numbers (``negotiation.offer.Profile`` as JSON): one per user."""

    __tablename__ = "negotiation_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


# (section end)
