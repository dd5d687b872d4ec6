"""The job queue: a table in the application database that every web worker shares.

A request that needs slow work (transcribing a recording) calls ``JobQueue.enqueue`` and
answers at once with the job's id; whichever worker claims the job runs its handler, and
the client polls ``JobQueue.status``. Nothing lives in one process's memory, so with several
web workers (or several machines on one PostgreSQL) any worker can finish any job.

Handlers are plain callables ``handler(ctx) -> dict`` registered by job kind. ``ctx.progress``
reports a stage (shown to the user) and renews the lease. A ``MockprepError`` from a handler
is the user's problem (a silent recording): the job fails at once with that message. Any
other exception is taken as transient and the job is retried, up to ``max_attempts``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mockprep.store.database import Database
from mockprep.store.jobs_repository import JobRecord, JobRepository


@dataclass
class JobContext:
    """What a handler gets: the job, and a way to report progress (which renews the lease)."""

    job: JobRecord
    queue: JobQueue
    worker_id: str
    lost: bool = False
    """Set when the lease was lost to another worker: stop and do not write results."""

    def progress(self, stage: str) -> None:
        if not self.queue.renew(self.job.id, self.worker_id, stage=stage):
            self.lost = True


Handler = Callable[[JobContext], dict[str, Any]]


class JobQueue:
    """Enqueue, claim, renew and finish jobs in ``db``; leases last ``lease_seconds``."""

    def __init__(self, db: Database, *, lease_seconds: float = 120.0) -> None:
        self.db = db
        self.lease_seconds = lease_seconds

    def enqueue(
        self, user_id: int, kind: str, payload: dict[str, Any], *, max_attempts: int = 3
    ) -> JobRecord:
        with self.db.write() as s:
            return JobRepository(s).enqueue(user_id, kind, payload, max_attempts=max_attempts)

    def status(self, user_id: int, job_id: int) -> tuple[JobRecord, int]:
        """The user's job and how many queued jobs are ahead of it."""
        with self.db.read() as s:
            repo = JobRepository(s)
            job = repo.get(user_id, job_id)
            return job, repo.ahead_of(job)

    def claim(
        self, worker_id: str, *, kinds: Sequence[str] | None = None, now: datetime | None = None
    ) -> JobRecord | None:
        with self.db.write() as s:
            return JobRepository(s).claim(
                worker_id, lease_seconds=self.lease_seconds, kinds=kinds, now=now
            )

    def renew(self, job_id: int, worker_id: str, *, stage: str | None = None) -> bool:
        with self.db.write() as s:
            return JobRepository(s).renew(
                job_id, worker_id, lease_seconds=self.lease_seconds, stage=stage
            )

    def complete(self, job_id: int, worker_id: str, result: dict[str, Any]) -> bool:
        with self.db.write() as s:
            return JobRepository(s).complete(job_id, worker_id, result)

    def fail(
        self, job_id: int, worker_id: str, error: str, *, error_type: str, retry: bool
    ) -> bool:
        with self.db.write() as s:
            return JobRepository(s).fail(
                job_id, worker_id, error, error_type=error_type, retry=retry
            )

    def purge_finished(self, before: datetime) -> int:
        with self.db.write() as s:
            return JobRepository(s).purge_finished(before)
