"""Repositories: the operations practice, review and the web app need, scoped to one user.

Each repository wraps an open SQLAlchemy ``Session`` (from ``Database.read()`` or
``Database.write()``) and returns frozen records. Every query that reads a user's data filters
by ``user_id``, so one user can never see another's attempts in hosted mode.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mockprep.errors import InputError, RecordNotFoundError
from mockprep.store.models import (
    LOCAL_USERNAME,
    Attempt,
    ImportedBank,
    NegotiationOffer,
    NegotiationProfile,
    PracticeSession,
    ResumeCheck,
    ReviewLog,
    ReviewState,
    StarStory,
    User,
    utcnow,
)
from mockprep.store.records import (
    AttemptRecord,
    BankRecord,
    ReviewRecord,
    SessionRecord,
    UserRecord,
)


class UserRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, user_id: int) -> UserRecord:
        row = self.session.get(User, user_id)
        if row is None:
            raise RecordNotFoundError(f"no user with id {user_id}", fix="Sign in again.")
        return UserRecord.of(row)

    def by_username(self, username: str) -> UserRecord | None:
        row = self.session.scalar(select(User).where(User.username == username))
        return UserRecord.of(row) if row else None

    def create(
        self,
        username: str,
        *,
        display_name: str = "",
        email: str | None = None,
        password_hash: str | None = None,
        is_local: bool = False,
    ) -> UserRecord:
        row = User(
            username=username,
            display_name=display_name or username,
            email=email,
            password_hash=password_hash,
            is_local=is_local,
        )
        self.session.add(row)
        try:
            self.session.flush()
        except IntegrityError as exc:
            raise InputError(
                f"the username {username!r} or email is already taken",
                fix="Choose another username or sign in.",
            ) from exc
        return UserRecord.of(row)

    def local_user(self) -> UserRecord:
        """The single local-mode user, created on first use."""
        existing = self.by_username(LOCAL_USERNAME)
        if existing:
            return existing
        return self.create(LOCAL_USERNAME, display_name="You", is_local=True)


class SessionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _row(self, user_id: int, session_id: int) -> PracticeSession:
        row = self.session.get(PracticeSession, session_id)
        if row is None or row.user_id != user_id:
            raise RecordNotFoundError(
                f"no practice session {session_id}",
                fix="List your sessions with `mockprep history`.",
            )
        return row

    def start(
        self,
        user_id: int,
        question_ids: Sequence[str],
        *,
        mode: str = "practice",
        filters: dict[str, Any] | None = None,
        time_limit_seconds: int | None = None,
    ) -> SessionRecord:
        row = PracticeSession(
            user_id=user_id,
            mode=mode,
            status="active",
            filters=dict(filters or {}),
            question_ids=list(question_ids),
            time_limit_seconds=time_limit_seconds,
            started_at=utcnow(),
        )
        self.session.add(row)
        self.session.flush()
        return SessionRecord.of(row)

    def get(self, user_id: int, session_id: int) -> SessionRecord:
        return SessionRecord.of(self._row(user_id, session_id))

    def set_filters(self, user_id: int, session_id: int, filters: dict[str, Any]) -> SessionRecord:
        """Replace the session's filters (also where skipped questions are noted)."""
        row = self._row(user_id, session_id)
        row.filters = dict(filters)
        self.session.flush()
        return SessionRecord.of(row)

    def finish(self, user_id: int, session_id: int) -> SessionRecord:
        row = self._row(user_id, session_id)
        if row.status != "finished":
            row.status = "finished"
            row.finished_at = utcnow()
        self.session.flush()
        return SessionRecord.of(row)

    def latest_unfinished(self, user_id: int, mode: str | None = None) -> SessionRecord | None:
        query = select(PracticeSession).where(
            PracticeSession.user_id == user_id, PracticeSession.status == "active"
        )
        if mode:
            query = query.where(PracticeSession.mode == mode)
        row = self.session.scalar(query.order_by(PracticeSession.id.desc()).limit(1))
        return SessionRecord.of(row) if row else None

    def history(self, user_id: int, *, limit: int = 50) -> list[SessionRecord]:
        rows = self.session.scalars(
            select(PracticeSession)
            .where(PracticeSession.user_id == user_id)
            .order_by(PracticeSession.id.desc())
            .limit(limit)
        )
        return [SessionRecord.of(r) for r in rows]


class AttemptRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _row(self, user_id: int, attempt_id: int) -> Attempt:
        row = self.session.get(Attempt, attempt_id)
        if row is None or row.user_id != user_id:
            raise RecordNotFoundError(
                f"no attempt {attempt_id}", fix="List your attempts with `mockprep history`."
            )
        return row

    def add(
        self,
        user_id: int,
        question_id: str,
        answer_text: str,
        *,
        prompt: str = "",
        session_id: int | None = None,
        parent_attempt_id: int | None = None,
        rubric_hash: str = "",
        bank_version: str = "",
        started_at: datetime | None = None,
        submitted_at: datetime | None = None,
        duration_seconds: float | None = None,
        transcript: str | None = None,
        delivery: dict[str, Any] | None = None,
    ) -> AttemptRecord:
        """Save an answer (before grading, so nothing typed is lost if grading fails)."""
        now = utcnow()
        row = Attempt(
            user_id=user_id,
            question_id=question_id,
            answer_text=answer_text,
            prompt=prompt,
            session_id=session_id,
            parent_attempt_id=parent_attempt_id,
            rubric_hash=rubric_hash,
            bank_version=bank_version,
            started_at=started_at or now,
            submitted_at=submitted_at or now,
            duration_seconds=duration_seconds,
            transcript=transcript,
            delivery=delivery,
        )
        self.session.add(row)
        self.session.flush()
        return AttemptRecord.of(row)

    def record_grade(
        self,
        user_id: int,
        attempt_id: int,
        grade: dict[str, Any],
        *,
        score: float,
        grader_name: str,
        grader_version: str,
    ) -> AttemptRecord:
        row = self._row(user_id, attempt_id)
        row.grade = grade
        row.score = score
        row.grader_name = grader_name
        row.grader_version = grader_version
        row.graded_at = utcnow()
        self.session.flush()
        return AttemptRecord.of(row)

    def get(self, user_id: int, attempt_id: int) -> AttemptRecord:
        return AttemptRecord.of(self._row(user_id, attempt_id))

    def history(
        self,
        user_id: int,
        *,
        question_id: str | None = None,
        session_id: int | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[AttemptRecord]:
        """Attempts, newest first."""
        query = select(Attempt).where(Attempt.user_id == user_id)
        if question_id is not None:
            query = query.where(Attempt.question_id == question_id)
        if session_id is not None:
            query = query.where(Attempt.session_id == session_id)
        rows = self.session.scalars(
            query.order_by(Attempt.submitted_at.desc(), Attempt.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return [AttemptRecord.of(r) for r in rows]

    def count(self, user_id: int) -> int:
        return int(
            self.session.scalar(select(func.count(Attempt.id)).where(Attempt.user_id == user_id))
            or 0
        )

    def ungraded(self, user_id: int) -> list[AttemptRecord]:
        rows = self.session.scalars(
            select(Attempt)
            .where(Attempt.user_id == user_id, Attempt.grade.is_(None))
            .order_by(Attempt.id)
        )
        return [AttemptRecord.of(r) for r in rows]

    def scores_by_question(self, user_id: int) -> dict[str, list[tuple[datetime, float]]]:
        """Graded scores of top-level attempts per question, oldest first."""
        rows = self.session.execute(
            select(Attempt.question_id, Attempt.submitted_at, Attempt.score)
            .where(
                Attempt.user_id == user_id,
                Attempt.score.is_not(None),
                Attempt.parent_attempt_id.is_(None),
            )
            .order_by(Attempt.submitted_at, Attempt.id)
        )
        out: dict[str, list[tuple[datetime, float]]] = defaultdict(list)
        for question_id, when, score in rows:
            out[question_id].append((when, float(score or 0.0)))
        return dict(out)


class ReviewRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _row(self, user_id: int, question_id: str) -> ReviewState | None:
        return self.session.scalar(
            select(ReviewState).where(
                ReviewState.user_id == user_id, ReviewState.question_id == question_id
            )
        )

    def get(self, user_id: int, question_id: str) -> ReviewRecord | None:
        row = self._row(user_id, question_id)
        return ReviewRecord.of(row) if row else None

    def save(
        self,
        user_id: int,
        question_id: str,
        *,
        card: dict[str, Any],
        due: datetime,
        last_review: datetime | None,
        reps: int,
        lapses: int,
        last_score: float | None,
    ) -> ReviewRecord:
        """Insert or update the card for (user, question)."""
        row = self._row(user_id, question_id)
        if row is None:
            row = ReviewState(user_id=user_id, question_id=question_id)
            self.session.add(row)
        row.card = dict(card)
        row.due = due
        row.last_review = last_review
        row.reps = reps
        row.lapses = lapses
        row.last_score = last_score
        row.updated_at = utcnow()
        self.session.flush()
        return ReviewRecord.of(row)

    def due(self, user_id: int, before: datetime | None = None) -> list[ReviewRecord]:
        """Cards due at or before ``before`` (default: now), earliest first."""
        cutoff = before or datetime.now(UTC)
        rows = self.session.scalars(
            select(ReviewState)
            .where(ReviewState.user_id == user_id, ReviewState.due <= cutoff)
            .order_by(ReviewState.due, ReviewState.id)
        )
        return [ReviewRecord.of(r) for r in rows]

    def all(self, user_id: int) -> list[ReviewRecord]:
        rows = self.session.scalars(
            select(ReviewState).where(ReviewState.user_id == user_id).order_by(ReviewState.due)
        )
        return [ReviewRecord.of(r) for r in rows]

    def log(
        self,
        user_id: int,
        question_id: str,
        *,
        rating: int,
        attempt_id: int | None = None,
        reviewed_at: datetime | None = None,
        log: dict[str, Any] | None = None,
    ) -> None:
        self.session.add(
            ReviewLog(
                user_id=user_id,
                question_id=question_id,
                attempt_id=attempt_id,
                rating=rating,
                reviewed_at=reviewed_at or utcnow(),
                log=dict(log or {}),
            )
        )
        self.session.flush()


class BankRepository:
    """Imported banks, versioned: importing changed content adds a version, never rewrites one."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def versions(self, user_id: int, name: str) -> list[BankRecord]:
        rows = self.session.scalars(
            select(ImportedBank)
            .where(ImportedBank.user_id == user_id, ImportedBank.name == name)
            .order_by(ImportedBank.id)
        )
        return [BankRecord.of(r) for r in rows]

    def add(
        self, user_id: int, name: str, content: dict[str, Any], *, source: str, question_count: int
    ) -> tuple[BankRecord, bool]:
        """Store ``content`` as the newest version of bank ``name``.

        Returns the record and whether it is new (identical content keeps the current version).
        """
        existing = self.versions(user_id, name)
        if existing and existing[-1].content == content:
            return existing[-1], False
        version = str(len(existing) + 1)
        row = ImportedBank(
            user_id=user_id,
            name=name,
            version=version,
            source=source,
            content=content,
            question_count=question_count,
        )
        self.session.add(row)
        self.session.flush()
        return BankRecord.of(row), True

    def latest(self, user_id: int) -> list[BankRecord]:
        """The newest version of each of the user's banks, by name."""
        rows = self.session.scalars(
            select(ImportedBank).where(ImportedBank.user_id == user_id).order_by(ImportedBank.id)
        )
        newest: dict[str, BankRecord] = {}
        for row in rows:
            newest[row.name] = BankRecord.of(row)
        return [newest[k] for k in sorted(newest)]

    def get(self, user_id: int, name: str, version: str | None = None) -> BankRecord:
        versions = self.versions(user_id, name)
        for record in reversed(versions):
            if version is None or record.version == version:
                return record
        raise RecordNotFoundError(
            f"no imported bank {name!r}" + (f" version {version}" if version else ""),
            fix="List banks with `mockprep bank list --banks`.",
        )


# --- queries for progress and data transfer ---


@dataclass(frozen=True)
class ReviewLogRecord:
    """One scheduling event (a row of ``review_logs``)."""

    id: int
    user_id: int
    question_id: str
    attempt_id: int | None
    rating: int
    reviewed_at: datetime
    log: dict[str, Any]

    @classmethod
    def of(cls, row: ReviewLog) -> ReviewLogRecord:
        return cls(
            id=row.id,
            user_id=row.user_id,
            question_id=row.question_id,
            attempt_id=row.attempt_id,
            rating=row.rating,
            reviewed_at=row.reviewed_at,
            log=dict(row.log or {}),
        )


class DataRepository:
    """All of one user's data, read whole (progress, export) or restored row by row (import).

    Reads return records in creation order (by id). The ``restore_*`` methods insert rows with
    every field given, timestamps included, and return the new row's id; they take no ids from
    the caller, so an import never collides with existing rows. Run them inside one
    ``Database.write()`` so that a failed import changes nothing.
    """

    def __init__(self, session: Session) -> None:
        self.session = session

    def sessions(self, user_id: int) -> list[SessionRecord]:
        rows = self.session.scalars(
            select(PracticeSession)
            .where(PracticeSession.user_id == user_id)
            .order_by(PracticeSession.id)
        )
        return [SessionRecord.of(r) for r in rows]

    def attempts(self, user_id: int) -> list[AttemptRecord]:
        rows = self.session.scalars(
            select(Attempt).where(Attempt.user_id == user_id).order_by(Attempt.id)
        )
        return [AttemptRecord.of(r) for r in rows]

    def follow_ups_of(self, user_id: int, attempt_id: int) -> list[AttemptRecord]:
        """Attempts answering the follow-up of ``attempt_id``, oldest first."""
        rows = self.session.scalars(
            select(Attempt)
            .where(Attempt.user_id == user_id, Attempt.parent_attempt_id == attempt_id)
            .order_by(Attempt.id)
        )
        return [AttemptRecord.of(r) for r in rows]

    def review_states(self, user_id: int) -> list[ReviewRecord]:
        rows = self.session.scalars(
            select(ReviewState)
            .where(ReviewState.user_id == user_id)
            .order_by(ReviewState.question_id)
        )
        return [ReviewRecord.of(r) for r in rows]

    def review_logs(self, user_id: int) -> list[ReviewLogRecord]:
        rows = self.session.scalars(
            select(ReviewLog).where(ReviewLog.user_id == user_id).order_by(ReviewLog.id)
        )
        return [ReviewLogRecord.of(r) for r in rows]

    def banks(self, user_id: int) -> list[BankRecord]:
        """Every version of every imported bank, oldest first."""
        rows = self.session.scalars(
            select(ImportedBank).where(ImportedBank.user_id == user_id).order_by(ImportedBank.id)
        )
        return [BankRecord.of(r) for r in rows]

    def counts(self, user_id: int) -> dict[str, int]:
        """How many rows of each kind the user has (all zero for an empty home)."""
        tables: dict[str, Any] = {
            "sessions": PracticeSession,
            "attempts": Attempt,
            "review_states": ReviewState,
            "review_logs": ReviewLog,
            "banks": ImportedBank,
            "stories": StarStory,
            "offers": NegotiationOffer,
            "negotiation_profiles": NegotiationProfile,
            "resume_checks": ResumeCheck,
        }
        return {
            name: int(
                self.session.scalar(
                    select(func.count()).select_from(table).where(table.user_id == user_id)
                )
                or 0
            )
            for name, table in tables.items()
        }

    def _insert(self, row: Any) -> int:
        self.session.add(row)
        try:
            self.session.flush()
        except IntegrityError as exc:
            raise InputError(
                f"the data cannot be stored ({str(exc.orig).strip().splitlines()[0]})",
                fix="Nothing was changed. Check that the file is a mockprep export.",
            ) from exc
        return int(row.id)

    def restore_session(
        self,
        user_id: int,
        *,
        mode: str,
        status: str,
        filters: dict[str, Any],
        question_ids: Sequence[str],
        time_limit_seconds: int | None,
        started_at: datetime,
        finished_at: datetime | None,
    ) -> int:
        return self._insert(
            PracticeSession(
                user_id=user_id,
                mode=mode,
                status=status,
                filters=dict(filters),
                question_ids=list(question_ids),
                time_limit_seconds=time_limit_seconds,
                started_at=started_at,
                finished_at=finished_at,
            )
        )

    def restore_attempt(
        self,
        user_id: int,
        question_id: str,
        *,
        session_id: int | None,
        parent_attempt_id: int | None,
        bank_version: str,
        rubric_hash: str,
        prompt: str,
        answer_text: str,
        transcript: str | None,
        delivery: dict[str, Any] | None,
        started_at: datetime,
        submitted_at: datetime,
        duration_seconds: float | None,
        grade: dict[str, Any] | None,
        score: float | None,
        grader_name: str | None,
        grader_version: str | None,
        graded_at: datetime | None,
        word_timings: list[Any] | None = None,
        audio_info: dict[str, Any] | None = None,
    ) -> int:
        return self._insert(
            Attempt(
                user_id=user_id,
                question_id=question_id,
                session_id=session_id,
                parent_attempt_id=parent_attempt_id,
                bank_version=bank_version,
                rubric_hash=rubric_hash,
                prompt=prompt,
                answer_text=answer_text,
                transcript=transcript,
                delivery=dict(delivery) if delivery is not None else None,
                started_at=started_at,
                submitted_at=submitted_at,
                duration_seconds=duration_seconds,
                grade=dict(grade) if grade is not None else None,
                score=score,
                grader_name=grader_name,
                grader_version=grader_version,
                graded_at=graded_at,
                word_timings=list(word_timings) if word_timings is not None else None,
                audio_info=dict(audio_info) if audio_info is not None else None,
            )
        )

    def restore_review_state(
        self,
        user_id: int,
        question_id: str,
        *,
        card: dict[str, Any],
        due: datetime,
        last_review: datetime | None,
        reps: int,
        lapses: int,
        last_score: float | None,
    ) -> int:
        return self._insert(
            ReviewState(
                user_id=user_id,
                question_id=question_id,
                card=dict(card),
                due=due,
                last_review=last_review,
                reps=reps,
                lapses=lapses,
                last_score=last_score,
                updated_at=utcnow(),
            )
        )

    def restore_review_log(
        self,
        user_id: int,
        question_id: str,
        *,
        attempt_id: int | None,
        rating: int,
        reviewed_at: datetime,
        log: dict[str, Any],
    ) -> int:
        return self._insert(
            ReviewLog(
                user_id=user_id,
                question_id=question_id,
                attempt_id=attempt_id,
                rating=rating,
                reviewed_at=reviewed_at,
                log=dict(log),
            )
        )

    def restore_bank(
        self,
        user_id: int,
        name: str,
        version: str,
        *,
        source: str,
        content: dict[str, Any],
        question_count: int,
        imported_at: datetime,
    ) -> int:
        return self._insert(
            ImportedBank(
                user_id=user_id,
                name=name,
                version=version,
                source=source,
                content=dict(content),
                question_count=question_count,
                imported_at=imported_at,
            )
        )


# --- hosted mode: login sessions, password updates and rate-limit counters ---
# Imported here rather than at the top so this section stays a self-contained addition.
from sqlalchemy import delete, update  # noqa: E402
from sqlalchemy.dialects import postgresql as _postgresql  # noqa: E402
from sqlalchemy.dialects import sqlite as _sqlite  # noqa: E402

from mockprep.store.models import AuthSession, RateLimitCounter  # noqa: E402
from mockprep.store.records import AuthSessionRecord  # noqa: E402


class AuthRepository:
    """Sessions of signed-in users and rate-limit counters (hosted mode).

    Sessions are looked up by the SHA-256 of their token; the raw token never reaches the
    database. Rate-limit counters are fixed windows incremented with one atomic upsert, so
    several web workers (and several machines) share them.
    """

    def __init__(self, session: Session) -> None:
        self.session = session

    # sessions

    def add_session(
        self,
        user_id: int,
        token_hash: str,
        *,
        expires_at: datetime,
        user_agent: str | None = None,
        now: datetime | None = None,
    ) -> AuthSessionRecord:
        created = now or utcnow()
        row = AuthSession(
            user_id=user_id,
            token_hash=token_hash,
            created_at=created,
            last_seen=created,
            expires_at=expires_at,
            user_agent=(user_agent or None) and user_agent[:300],
        )
        self.session.add(row)
        self.session.flush()
        return AuthSessionRecord.of(row)

    def active_session(
        self, token_hash: str, *, now: datetime | None = None
    ) -> tuple[AuthSessionRecord, UserRecord] | None:
        """The unexpired session with this token hash and its user, in one query."""
        row = self.session.execute(
            select(AuthSession, User)
            .join(User, User.id == AuthSession.user_id)
            .where(AuthSession.token_hash == token_hash, AuthSession.expires_at > (now or utcnow()))
        ).first()
        if row is None:
            return None
        return AuthSessionRecord.of(row[0]), UserRecord.of(row[1])

    def touch_session(self, session_id: int, *, last_seen: datetime, expires_at: datetime) -> None:
        self.session.execute(
            update(AuthSession)
            .where(AuthSession.id == session_id)
            .values(last_seen=last_seen, expires_at=expires_at)
        )

    def delete_session(self, token_hash: str) -> bool:
        """Delete the session with this token hash; whether there was one."""
        result = self.session.execute(
            delete(AuthSession).where(AuthSession.token_hash == token_hash)
        )
        return bool(getattr(result, "rowcount", 0))

    def delete_sessions_of(self, user_id: int) -> int:
        result = self.session.execute(delete(AuthSession).where(AuthSession.user_id == user_id))
        return int(getattr(result, "rowcount", 0) or 0)

    def sessions_of(self, user_id: int) -> list[AuthSessionRecord]:
        rows = self.session.scalars(
            select(AuthSession).where(AuthSession.user_id == user_id).order_by(AuthSession.id)
        )
        return [AuthSessionRecord.of(r) for r in rows]

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        """Replace a user's password hash (after a rehash with new parameters)."""
        row = self.session.get(User, user_id)
        if row is None:
            raise RecordNotFoundError(f"no user with id {user_id}", fix="Sign in again.")
        row.password_hash = password_hash
        self.session.flush()

    # rate limits

    def hit(self, scope: str, key: str, *, window_start: datetime, window_end: datetime) -> int:
        """Count one hit of ``key`` in the window starting at ``window_start``; the new count."""
        dialect = self.session.get_bind().dialect.name
        insert = _postgresql.insert if dialect == "postgresql" else _sqlite.insert
        values = insert(RateLimitCounter).values(
            scope=scope, key=key, window_start=window_start, window_end=window_end, count=1
        )
        upsert = values.on_conflict_do_update(
            index_elements=["scope", "key", "window_start"],
            set_={"count": RateLimitCounter.count + 1},
        ).returning(RateLimitCounter.count)
        return int(self.session.execute(upsert).scalar_one())

    def hits(self, scope: str, key: str, *, window_start: datetime) -> int:
        """Hits counted so far in one window (0 when none)."""
        value = self.session.scalar(
            select(RateLimitCounter.count).where(
                RateLimitCounter.scope == scope,
                RateLimitCounter.key == key,
                RateLimitCounter.window_start == window_start,
            )
        )
        return int(value or 0)

    # housekeeping

    def purge_expired(self, *, now: datetime | None = None) -> int:
        """Delete expired sessions and finished rate-limit windows; how many rows went."""
        cutoff = now or utcnow()
        gone = self.session.execute(delete(AuthSession).where(AuthSession.expires_at <= cutoff))
        windows = self.session.execute(
            delete(RateLimitCounter).where(RateLimitCounter.window_end <= cutoff)
        )
        return int(getattr(gone, "rowcount", 0) or 0) + int(getattr(windows, "rowcount", 0) or 0)
