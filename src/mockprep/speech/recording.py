"""Keeping recordings, only when asked: the policy, and the operations on kept audio.

By default the audio of a spoken answer is held only until its transcription job has run and
is then deleted; the attempt keeps the transcript, word timings and delivery metrics. With
``MOCKPREP_KEEP_RECORDINGS=true`` the audio is kept with the attempt for
``MOCKPREP_RECORDING_RETENTION_DAYS`` days, then purged by the workers' housekeeping. A user
can list and delete kept recordings at any time (``mockprep recordings``, or the API).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from mockprep.store.database import Database
from mockprep.store.models import utcnow
from mockprep.store.speech_repository import RecordingRecord, SpeechRepository

ORPHAN_AFTER = timedelta(days=1)
"""Unkept audio whose job never finished is deleted after this long."""


@dataclass(frozen=True)
class RecordingPolicy:
    keep: bool = False
    retention_days: int = 30

    def expires_at(self, now: datetime) -> datetime:
        return now + timedelta(days=self.retention_days)


def hold(
    db: Database,
    user_id: int,
    data: bytes,
    *,
    filename: str,
    format: str,
    duration_seconds: float | None = None,
) -> RecordingRecord:
    """Store uploaded audio until its job has run (any worker can read it from the database)."""
    with db.write() as s:
        return SpeechRepository(s).add_recording(
            user_id, data, filename=filename, format=format, duration_seconds=duration_seconds
        )


def settle(
    db: Database,
    user_id: int,
    recording_id: int,
    *,
    attempt_id: int | None,
    policy: RecordingPolicy,
    duration_seconds: float | None = None,
    now: datetime | None = None,
) -> RecordingRecord | None:
    """After transcription: keep the audio with its attempt (policy) or delete it."""
    now = now or utcnow()
    with db.write() as s:
        repo = SpeechRepository(s)
        if policy.keep and attempt_id is not None:
            return repo.keep(
                user_id,
                recording_id,
                attempt_id=attempt_id,
                expires_at=policy.expires_at(now),
                duration_seconds=duration_seconds,
            )
        repo.delete(user_id, recording_id)
        return None


def discard(db: Database, user_id: int, recording_id: int) -> None:
    """Delete held audio whose job failed for good (nothing to keep it for)."""
    with db.write() as s:
        repo = SpeechRepository(s)
        record = repo.get(user_id, recording_id)
        if not record.keep:
            repo.delete(user_id, recording_id)


def kept(db: Database, user_id: int) -> list[RecordingRecord]:
    with db.read() as s:
        return SpeechRepository(s).kept(user_id)


def delete(db: Database, user_id: int, recording_id: int) -> None:
    with db.write() as s:
        SpeechRepository(s).delete(user_id, recording_id)


def delete_all(db: Database, user_id: int) -> int:
    with db.write() as s:
        return SpeechRepository(s).delete_all(user_id)


def audio(db: Database, user_id: int, recording_id: int) -> tuple[RecordingRecord, bytes]:
    with db.read() as s:
        repo = SpeechRepository(s)
        return repo.get(user_id, recording_id), repo.audio(user_id, recording_id)


def purge_expired(db: Database, *, now: datetime | None = None) -> int:
    """Delete kept audio past its retention, and held audio whose job never ran to the end."""
    now = now or utcnow()
    with db.write() as s:
        return SpeechRepository(s).purge(now=now, orphan_before=now - ORPHAN_AFTER)
