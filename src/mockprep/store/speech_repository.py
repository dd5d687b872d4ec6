"""Spoken answers in the store: recordings (held for their job, kept only when asked) and the
transcript details of an attempt. Every read and delete is scoped to one user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, defer

from mockprep.errors import RecordNotFoundError
from mockprep.store.models import Attempt, Recording, utcnow
from mockprep.store.records import AttemptRecord


@dataclass(frozen=True)
class RecordingRecord:
    """A recording's details (the audio itself is read with ``SpeechRepository.audio``)."""

    id: int
    user_id: int
    attempt_id: int | None
    filename: str
    format: str
    size_bytes: int
    duration_seconds: float | None
    keep: bool
    created_at: datetime
    expires_at: datetime | None

    @classmethod
    def of(cls, row: Recording) -> RecordingRecord:
        return cls(
            id=row.id,
            user_id=row.user_id,
            attempt_id=row.attempt_id,
            filename=row.filename,
            format=row.format,
            size_bytes=row.size_bytes,
            duration_seconds=row.duration_seconds,
            keep=row.keep,
            created_at=row.created_at,
            expires_at=row.expires_at,
        )


class SpeechRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _row(self, user_id: int, recording_id: int) -> Recording:
        row = self.session.get(Recording, recording_id, options=[defer(Recording.data)])
        if row is None or row.user_id != user_id:
            raise RecordNotFoundError(
                f"no recording {recording_id}",
                fix="List your kept recordings with `mockprep recordings list`.",
            )
        return row

    def add_recording(
        self,
        user_id: int,
        data: bytes,
        *,
        filename: str,
        format: str,
        duration_seconds: float | None = None,
        now: datetime | None = None,
    ) -> RecordingRecord:
        """Hold an uploaded recording until its job has transcribed it."""
        row = Recording(
            user_id=user_id,
            data=data,
            filename=filename[:200],
            format=format[:20],
            size_bytes=len(data),
            duration_seconds=duration_seconds,
            keep=False,
            created_at=now or utcnow(),
        )
        self.session.add(row)
        self.session.flush()
        return RecordingRecord.of(row)

    def get(self, user_id: int, recording_id: int) -> RecordingRecord:
        return RecordingRecord.of(self._row(user_id, recording_id))

    def audio(self, user_id: int, recording_id: int) -> bytes:
        self._row(user_id, recording_id)
        data = self.session.scalar(select(Recording.data).where(Recording.id == recording_id))
        return bytes(data or b"")

    def keep(
        self,
        user_id: int,
        recording_id: int,
        *,
        attempt_id: int | None,
        expires_at: datetime,
        duration_seconds: float | None = None,
    ) -> RecordingRecord:
        """Keep the recording (the user turned keeping on) until ``expires_at``."""
        row = self._row(user_id, recording_id)
        row.keep = True
        row.attempt_id = attempt_id
        row.expires_at = expires_at
        if duration_seconds is not None:
            row.duration_seconds = duration_seconds
        self.session.flush()
        return RecordingRecord.of(row)

    def delete(self, user_id: int, recording_id: int) -> None:
        row = self._row(user_id, recording_id)
        self.session.delete(row)
        self.session.flush()

    def kept(self, user_id: int) -> list[RecordingRecord]:
        """The user's kept recordings, newest first."""
        rows = self.session.scalars(
            select(Recording)
            .options(defer(Recording.data))
            .where(Recording.user_id == user_id, Recording.keep.is_(True))
            .order_by(Recording.id.desc())
        )
        return [RecordingRecord.of(r) for r in rows]

    def for_attempt(self, user_id: int, attempt_id: int) -> RecordingRecord | None:
        row = self.session.scalar(
            select(Recording)
            .options(defer(Recording.data))
            .where(Recording.user_id == user_id, Recording.attempt_id == attempt_id)
            .order_by(Recording.id.desc())
            .limit(1)
        )
        return RecordingRecord.of(row) if row else None

    def delete_all(self, user_id: int) -> int:
        """Delete every recording of the user; returns how many."""
        result = self.session.execute(delete(Recording).where(Recording.user_id == user_id))
        return int(getattr(result, "rowcount", 0) or 0)

    def purge(self, *, now: datetime | None = None, orphan_before: datetime | None = None) -> int:
        """Housekeeping for every user: delete kept recordings past their retention, and
        unkept ones older than ``orphan_before`` (their job died without cleaning up)."""
        now = now or utcnow()
        result = self.session.execute(
            delete(Recording).where(Recording.keep.is_(True), Recording.expires_at <= now)
        )
        count = int(getattr(result, "rowcount", 0) or 0)
        if orphan_before is not None:
            result = self.session.execute(
                delete(Recording).where(
                    Recording.keep.is_(False), Recording.created_at < orphan_before
                )
            )
            count += int(getattr(result, "rowcount", 0) or 0)
        return count

    def save_speech(
        self,
        user_id: int,
        attempt_id: int,
        *,
        word_timings: list[Any],
        audio_info: dict[str, Any],
    ) -> AttemptRecord:
        """Store a spoken attempt's word timings and audio details."""
        row = self.session.get(Attempt, attempt_id)
        if row is None or row.user_id != user_id:
            raise RecordNotFoundError(
                f"no attempt {attempt_id}", fix="List your attempts with `mockprep history`."
            )
        row.word_timings = list(word_timings)
        row.audio_info = dict(audio_info)
        self.session.flush()
        return AttemptRecord.of(row)
