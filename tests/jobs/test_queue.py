"""The job queue on SQLite and PostgreSQL: claims, leases, retries, and never one job twice."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest

from mockprep.config import Settings
from mockprep.errors import InputError, RecordNotFoundError
from mockprep.jobs.queue import JobContext, JobQueue
from mockprep.jobs.worker import JobWorker
from mockprep.store.database import Database, open_database
from mockprep.store.jobs_repository import JobRepository
from mockprep.store.models import Job, utcnow
from mockprep.store.repositories import UserRepository


def users(db: Database) -> tuple[int, int]:
    with db.write() as s:
        repo = UserRepository(s)
        return repo.create("ada").id, repo.create("bob").id


def test_enqueue_claim_complete_and_only_the_owner_reads_it(db: Database) -> None:
    ada, bob = users(db)
    queue = JobQueue(db, lease_seconds=30)
    job = queue.enqueue(ada, "echo", {"n": 1})
    assert job.status == "queued"
    claimed = queue.claim("w1")
    assert claimed is not None and claimed.id == job.id and claimed.status == "running"
    assert claimed.attempts == 1 and claimed.locked_by == "w1"
    assert queue.claim("w2") is None  # taken
    assert queue.complete(job.id, "w1", {"ok": True})
    done, ahead = queue.status(ada, job.id)
    assert done.status == "done" and done.result == {"ok": True} and ahead == 0
    with pytest.raises(RecordNotFoundError):
        queue.status(bob, job.id)


def test_a_dead_workers_job_is_reclaimed_after_the_lease(db: Database) -> None:
    ada, _ = users(db)
    queue = JobQueue(db, lease_seconds=30)
    job = queue.enqueue(ada, "echo", {})
    assert queue.claim("dies") is not None
    assert queue.claim("other") is None  # lease still held
    later = utcnow() + timedelta(seconds=31)
    again = queue.claim("other", now=later)
    assert again is not None and again.id == job.id and again.attempts == 2
    assert not queue.complete(job.id, "dies", {"late": True})  # the dead worker's result is refused
    assert queue.complete(job.id, "other", {"ok": 1})


def test_jobs_that_keep_killing_workers_end_failed(db: Database) -> None:
    ada, _ = users(db)
    queue = JobQueue(db, lease_seconds=10)
    job = queue.enqueue(ada, "echo", {}, max_attempts=2)
    now = utcnow()
    assert queue.claim("a", now=now) is not None
    assert queue.claim("b", now=now + timedelta(seconds=11)) is not None
    assert queue.claim("c", now=now + timedelta(seconds=22)) is None
    failed, _ = queue.status(ada, job.id)
    assert failed.status == "failed" and failed.error_type == "WorkerLost" and failed.error


def test_worker_fails_user_errors_at_once_and_retries_bugs(db: Database) -> None:
    ada, _ = users(db)
    queue = JobQueue(db, lease_seconds=30)
    calls: Counter[str] = Counter()

    def bad_input(ctx: JobContext) -> dict[str, object]:
        calls["bad"] += 1
        raise InputError("the recording is silent", fix="Record again.")

    def flaky(ctx: JobContext) -> dict[str, object]:
        calls["flaky"] += 1
        if calls["flaky"] == 1:
            raise RuntimeError("disk hiccup")
        ctx.progress("finishing")
        return {"n": calls["flaky"]}

    worker = JobWorker(queue, {"bad": bad_input, "flaky": flaky}, worker_id="w")
    a = queue.enqueue(ada, "bad", {})
    b = queue.enqueue(ada, "flaky", {})
    worker.drain()
    with db.write() as s:  # make the retry (delayed a few seconds) due now
        row = s.get(Job, b.id)
        assert row is not None and row.status == "queued"
        row.run_after = utcnow()
    worker.drain()
    first, _ = queue.status(ada, a.id)
    second, _ = queue.status(ada, b.id)
    assert first.status == "failed" and first.error_type == "InputError" and calls["bad"] == 1
    assert "Record again" in (first.error or "")
    assert second.status == "done" and second.result == {"n": 2} and second.attempts == 2


def test_two_workers_claiming_at_once_never_run_a_job_twice(
    db: Database, settings: Settings
) -> None:
    ada, _ = users(db)
    runs: Counter[int] = Counter()
    lock = threading.Lock()

    def count(ctx: JobContext) -> dict[str, object]:
        with lock:
            runs[ctx.job.id] += 1
        return {"by": ctx.worker_id}

    seed = JobQueue(db)
    ids = [seed.enqueue(ada, "count", {"i": i}).id for i in range(40)]
    # each worker has its own engine and connection pool, as separate processes would
    dbs = [open_database(settings) for _ in range(2)]
    workers = [
        JobWorker(JobQueue(d, lease_seconds=60), {"count": count}, worker_id=f"w{i}")
        for i, d in enumerate(dbs)
    ]
    start = threading.Barrier(2)

    def run(worker: JobWorker) -> None:
        start.wait()
        worker.drain()

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    for d in dbs:
        d.dispose()
    assert sorted(runs) == sorted(ids)
    assert set(runs.values()) == {1}
    with db.read() as s:
        by = Counter(JobRepository(s).get(ada, i).result["by"] for i in ids)  # type: ignore[index]
    assert sum(by.values()) == 40


def test_worker_thread_runs_jobs_enqueued_later(db: Database) -> None:
    ada, _ = users(db)
    queue = JobQueue(db, lease_seconds=30)
    done = threading.Event()

    def mark(ctx: JobContext) -> dict[str, object]:
        done.set()
        return {}

    worker = JobWorker(queue, {"mark": mark}, poll_seconds=5)
    worker.start()
    try:
        job = queue.enqueue(ada, "mark", {})
        worker.wake()
        assert done.wait(20)
    finally:
        worker.stop()
    assert queue.status(ada, job.id)[0].status == "done"
