"""A worker thread that claims jobs from the queue and runs them, one at a time.

Each web worker process starts one (``web/app.py``'s lifespan); each claims from the shared
table, so the jobs of a busy worker are picked up by an idle one. While a job runs, a
heartbeat renews its lease every third of the lease; a worker that dies stops renewing and
its job is claimed again by another worker once the lease runs out.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from datetime import timedelta

from mockprep.errors import MockprepError
from mockprep.jobs.queue import Handler, JobContext, JobQueue
from mockprep.store.jobs_repository import JobRecord
from mockprep.store.models import utcnow

log = logging.getLogger(__name__)
KEEP_FINISHED = timedelta(days=7)
"""Finished jobs are deleted after this long (their results live in the attempts)."""


def new_worker_id() -> str:
    """Host, process and a random suffix: unique across machines, readable in the table."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class JobWorker:
    """Runs the handlers of ``handlers`` (by job kind) for jobs claimed from ``queue``."""

    def __init__(
        self,
        queue: JobQueue,
        handlers: Mapping[str, Handler],
        *,
        worker_id: str | None = None,
        poll_seconds: float = 1.0,
        housekeeping: Callable[[], None] | None = None,
        housekeeping_seconds: float = 3600.0,
    ) -> None:
        self.queue = queue
        self.handlers = dict(handlers)
        self.worker_id = worker_id or new_worker_id()
        self.poll_seconds = poll_seconds
        self.housekeeping = housekeeping
        self.housekeeping_seconds = housekeeping_seconds
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_housekeeping = 0.0

    # -- running one job ---------------------------------------------------------------------
    def run_once(self) -> JobRecord | None:
        """Claim and run one job; returns the claimed job (as claimed) or None if idle."""
        job = self.queue.claim(self.worker_id, kinds=list(self.handlers))
        if job is None:
            return None
        ctx = JobContext(job=job, queue=self.queue, worker_id=self.worker_id)
        done = threading.Event()
        beat = threading.Thread(
            target=self._heartbeat, args=(ctx, done), name=f"job-{job.id}-lease", daemon=True
        )
        beat.start()
        try:
            result = self.handlers[job.kind](ctx)
        except MockprepError as exc:  # the user's input: retrying would fail the same way
            done.set()
            self.queue.fail(
                job.id, self.worker_id, str(exc), error_type=type(exc).__name__, retry=False
            )
        except Exception as exc:
            done.set()
            log.exception("job %s (%s) failed", job.id, job.kind)
            self.queue.fail(
                job.id,
                self.worker_id,
                f"an unexpected error stopped the job ({type(exc).__name__}: {exc}). It is "
                "retried automatically; if it keeps failing, report it with the server's log.",
                error_type=type(exc).__name__,
                retry=True,
            )
        else:
            done.set()
            if not self.queue.complete(job.id, self.worker_id, result):
                log.warning("job %s finished after its lease passed to another worker", job.id)
        finally:
            done.set()
            beat.join(timeout=5)
        return job

    def _heartbeat(self, ctx: JobContext, done: threading.Event) -> None:
        interval = max(self.queue.lease_seconds / 3, 0.05)
        while not done.wait(interval):
            try:
                if not self.queue.renew(ctx.job.id, self.worker_id):
                    ctx.lost = True
                    return
            except Exception:
                log.warning("renewing the lease of job %s failed", ctx.job.id, exc_info=True)

    def drain(self, limit: int = 1000) -> int:
        """Run jobs until none is runnable (or ``limit``); returns how many ran."""
        count = 0
        while count < limit and self.run_once() is not None:
            count += 1
        return count

    # -- the thread -------------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(
            target=self._loop, name=f"mockprep-jobs-{self.worker_id}", daemon=True
        )
        self._thread.start()

    def wake(self) -> None:
        """Look for work now (a job was just enqueued by this process)."""
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=timeout)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self._maybe_housekeep()
                ran = self.run_once()
            except Exception:
                log.warning("the job worker could not reach the queue", exc_info=True)
                ran = None
            if ran is None and not self._stop.is_set():
                self._wake.wait(self.poll_seconds)
                self._wake.clear()

    def _maybe_housekeep(self) -> None:
        now = time.monotonic()
        if now - self._last_housekeeping < self.housekeeping_seconds:
            return
        self._last_housekeeping = now
        self.queue.purge_finished(utcnow() - KEEP_FINISHED)
        if self.housekeeping is not None:
            self.housekeeping()
