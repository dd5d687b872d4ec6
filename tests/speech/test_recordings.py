"""Recordings on SQLite and PostgreSQL: held for the job, kept only when asked, purged after
the retention, deletable, and private to their owner."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mockprep.errors import RecordNotFoundError
from mockprep.speech import recording
from mockprep.speech.recording import RecordingPolicy
from mockprep.store.database import Database
from mockprep.store.models import utcnow
from mockprep.store.repositories import AttemptRepository, UserRepository


def test_recordings_are_dropped_by_default_and_kept_with_a_retention_when_asked(
    db: Database,
) -> None:
    with db.write() as s:
        ada = UserRepository(s).create("ada").id
        bob = UserRepository(s).create("bob").id
        attempt = AttemptRepository(s).add(ada, "core/rag-basics", "spoken").id
    dropped = recording.hold(db, ada, b"RIFF-one", filename="a.wav", format="WAV")
    assert (
        recording.settle(db, ada, dropped.id, attempt_id=attempt, policy=RecordingPolicy()) is None
    )
    assert recording.kept(db, ada) == []

    kept_one = recording.hold(db, ada, b"RIFF-two", filename="b.wav", format="WAV")
    policy = RecordingPolicy(keep=True, retention_days=7)
    now = utcnow()
    kept = recording.settle(db, ada, kept_one.id, attempt_id=attempt, policy=policy, now=now)
    assert kept is not None and kept.attempt_id == attempt
    assert kept.expires_at is not None and kept.expires_at - now == timedelta(days=7)
    record, data = recording.audio(db, ada, kept_one.id)
    assert data == b"RIFF-two" and record.format == "WAV"
    assert [r.id for r in recording.kept(db, ada)] == [kept_one.id]

    # bob sees nothing of ada's and cannot delete it
    assert recording.kept(db, bob) == []
    with pytest.raises(RecordNotFoundError):
        recording.audio(db, bob, kept_one.id)
    with pytest.raises(RecordNotFoundError):
        recording.delete(db, bob, kept_one.id)

    # not yet expired: the purge keeps it; after the retention it goes
    assert recording.purge_expired(db, now=now + timedelta(days=6)) == 0
    assert recording.purge_expired(db, now=now + timedelta(days=7, seconds=1)) == 1
    assert recording.kept(db, ada) == []


def test_a_user_deletes_a_kept_recording(db: Database) -> None:
    with db.write() as s:
        ada = UserRepository(s).create("ada").id
    held = recording.hold(db, ada, b"x" * 10, filename="c.webm", format="WebM")
    recording.settle(db, ada, held.id, attempt_id=None, policy=RecordingPolicy(keep=True))
    held2 = recording.hold(db, ada, b"y" * 10, filename="d.webm", format="WebM")
    with db.write() as s:
        attempt = AttemptRepository(s).add(ada, "core/rag-basics", "spoken").id
    recording.settle(db, ada, held2.id, attempt_id=attempt, policy=RecordingPolicy(keep=True))
    recording.delete(db, ada, held2.id)
    with pytest.raises(RecordNotFoundError):
        recording.audio(db, ada, held2.id)
    assert recording.kept(db, ada) == []  # the first had no attempt to keep it with
    recording.hold(db, ada, b"z" * 10, filename="e.webm", format="WebM")
    assert recording.delete_all(db, ada) == 1
