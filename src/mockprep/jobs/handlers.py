"""The jobs mockprep runs in the background, and the worker each web process starts."""

from __future__ import annotations

from mockprep.config import Settings
from mockprep.grading import Grader
from mockprep.jobs.queue import JobQueue
from mockprep.jobs.worker import JobWorker
from mockprep.speech import recording
from mockprep.speech.spoken_answer import VOICE_JOB, SpeechOptions, VoiceAnswerHandler
from mockprep.store.database import Database


def make_worker(
    settings: Settings, db: Database, grader: Grader, *, poll_seconds: float = 1.0
) -> JobWorker:
    """A worker for every built-in job kind, with recording retention as its housekeeping."""
    queue = JobQueue(db, lease_seconds=settings.job_lease_seconds)
    handlers = {
        VOICE_JOB: VoiceAnswerHandler(
            db,
            grader,
            SpeechOptions.of(settings),
            desired_retention=settings.desired_retention,
        )
    }
    return JobWorker(
        queue,
        handlers,
        poll_seconds=poll_seconds,
        housekeeping=lambda: _purge(db),
    )


def _purge(db: Database) -> None:
    recording.purge_expired(db)
