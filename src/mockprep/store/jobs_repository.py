"""The job queue's table: enqueue, claim with a lease, renew, finish, and read back per user.

Claiming is safe with any number of workers in any number of processes:

- PostgreSQL: ``SELECT … FOR UPDATE SKIP LOCKED`` picks a row no other transaction holds, so
  two workers claiming at once get different jobs (or one gets none).
- SQLite: ``Database.write()`` starts with ``BEGIN IMMEDIATE``, taking the database's write
  lock before the ``SELECT``; the second claimer waits, then sees the job already taken.

A claim sets ``locked_by`` (the worker's id) and ``locked_until`` (the lease). A worker that
dies stops renewing; once the lease runs out the job is claimable again, and a late
``complete`` from the dead worker is refused because ``locked_by`` no longer names it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.orm import Session

from mockprep.errors import RecordNotFoundError
from mockprep.store.models import Job, utcnow

QUEUED = "queued"
RUNNING = "running"
DONE = "done"
FAILED = "failed"
FINISHED = (DONE, FAILED)


@dataclass(frozen=True)
class JobRecord:
    id: int
    user_id: int
    kind: str
    payload: dict[str, Any]
    status: str
    stage: str
    result: dict[str, Any] | None
    error: str | None
    error_type: str | None
    attempts: int
    max_attempts: int
    locked_by: str | None
    locked_until: datetime | None
    run_after: datetime
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @classmethod
    def of(cls, row: Job) -> JobRecord:
        return cls(
            id=row.id,
            user_id=row.user_id,
            kind=row.kind,
            payload=dict(row.payload or {}),
            status=row.status,
            stage=row.stage,
            result=dict(row.result) if row.result is not None else None,
            error=row.error,
            error_type=row.error_type,
            attempts=row.attempts,
            max_attempts=row.max_attempts,
            locked_by=row.locked_by,
            locked_until=row.locked_until,
            run_after=row.run_after,
            created_at=row.created_at,
            started_at=row.started_at,
            finished_at=row.finished_at,
        )


class JobRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def enqueue(
        self,
        user_id: int,
        kind: str,
        payload: dict[str, Any],
        *,
        max_attempts: int = 3,
        now: datetime | None = None,
    ) -> JobRecord:
        now = now or utcnow()
        row = Job(
            user_id=user_id,
            kind=kind,
            payload=dict(payload),
            status=QUEUED,
            stage="waiting for a worker",
            attempts=0,
            max_attempts=max_attempts,
            run_after=now,
            created_at=now,
        )
        self.session.add(row)
        self.session.flush()
        return JobRecord.of(row)

    def get(self, user_id: int, job_id: int) -> JobRecord:
        """The user's job (anyone else's is reported as missing)."""
        row = self.session.get(Job, job_id)
        if row is None or row.user_id != user_id:
            raise RecordNotFoundError(
                f"no job {job_id}", fix="Use the job id that the upload answered with."
            )
        return JobRecord.of(row)

    def claim(
        self,
        worker_id: str,
        *,
        lease_seconds: float,
        kinds: Sequence[str] | None = None,
        now: datetime | None = None,
    ) -> JobRecord | None:
        """Take the oldest runnable job for ``worker_id``; None when there is none.

        Runnable: queued and due, or running with an expired lease (its worker died). A job
        that has already used up its attempts that way is marked failed instead.
        """
        now = now or utcnow()
        runnable = or_(
            and_(Job.status == QUEUED, Job.run_after <= now),
            and_(Job.status == RUNNING, Job.locked_until < now),
        )
        query = select(Job).where(runnable)
        if kinds is not None:
            query = query.where(Job.kind.in_(list(kinds)))
        while True:
            row = self.session.scalar(
                query.order_by(Job.run_after, Job.id).limit(1).with_for_update(skip_locked=True)
            )
            if row is None:
                return None
            if row.status == RUNNING and row.attempts >= row.max_attempts:
                row.status = FAILED
                row.error = (
                    f"the job stopped without finishing {row.attempts} times (its worker was "
                    "stopped or crashed). Try again; if it keeps failing, try a shorter recording."
                )
                row.error_type = "WorkerLost"
                row.finished_at = now
                row.locked_by = None
                row.locked_until = None
                self.session.flush()
                continue
            row.status = RUNNING
            row.locked_by = worker_id
            row.locked_until = now + timedelta(seconds=lease_seconds)
            row.attempts += 1
            row.started_at = now
            row.stage = "starting"
            self.session.flush()
            return JobRecord.of(row)

    def _held(self, job_id: int, worker_id: str) -> Job | None:
        row = self.session.get(Job, job_id, with_for_update=True)
        if row is None or row.status != RUNNING or row.locked_by != worker_id:
            return None
        return row

    def renew(
        self,
        job_id: int,
        worker_id: str,
        *,
        lease_seconds: float,
        stage: str | None = None,
        now: datetime | None = None,
    ) -> bool:
        """Extend the lease (and note the stage); False if the job is no longer this worker's."""
        row = self._held(job_id, worker_id)
        if row is None:
            return False
        row.locked_until = (now or utcnow()) + timedelta(seconds=lease_seconds)
        if stage is not None:
            row.stage = stage[:80]
        self.session.flush()
        return True

    def complete(
        self, job_id: int, worker_id: str, result: dict[str, Any], *, now: datetime | None = None
    ) -> bool:
        """Store the result; False (and nothing written) if another worker owns the job now."""
        row = self._held(job_id, worker_id)
        if row is None:
            return False
        row.status = DONE
        row.stage = "done"
        row.result = dict(result)
        row.error = None
        row.error_type = None
        row.finished_at = now or utcnow()
        row.locked_by = None
        row.locked_until = None
        self.session.flush()
        return True

    def fail(
        self,
        job_id: int,
        worker_id: str,
        error: str,
        *,
        error_type: str,
        retry: bool,
        retry_delay: float = 5.0,
        now: datetime | None = None,
    ) -> bool:
        """Record a failure: back to the queue when ``retry`` and attempts remain, else failed."""
        row = self._held(job_id, worker_id)
        if row is None:
            return False
        now = now or utcnow()
        row.error = error
        row.error_type = error_type[:80]
        row.locked_by = None
        row.locked_until = None
        if retry and row.attempts < row.max_attempts:
            row.status = QUEUED
            row.stage = "waiting to retry"
            row.run_after = now + timedelta(seconds=retry_delay)
        else:
            row.status = FAILED
            row.stage = "failed"
            row.finished_at = now
        self.session.flush()
        return True

    def queued_count(self, *, now: datetime | None = None) -> int:
        """Jobs waiting to run (for progress messages: "2 answers ahead of yours")."""
        now = now or utcnow()
        return int(
            self.session.scalar(
                select(func.count(Job.id)).where(Job.status == QUEUED, Job.run_after <= now)
            )
            or 0
        )

    def ahead_of(self, job: JobRecord) -> int:
        """Queued jobs that will run before ``job``."""
        if job.status != QUEUED:
            return 0
        return int(
            self.session.scalar(
                select(func.count(Job.id)).where(Job.status == QUEUED, Job.id < job.id)
            )
            or 0
        )

    def purge_finished(self, before: datetime) -> int:
        """Delete finished jobs older than ``before`` (housekeeping); returns how many."""
        result = self.session.execute(
            delete(Job).where(Job.status.in_(FINISHED), Job.finished_at < before)
        )
        return int(getattr(result, "rowcount", 0) or 0)
