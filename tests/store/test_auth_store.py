"""AuthRepository on SQLite and PostgreSQL: sessions by token hash, counters, housekeeping."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from mockprep.store.database import Database
from mockprep.store.models import AuthSession, RateLimitCounter, User
from mockprep.store.repositories import AuthRepository, UserRepository

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _user(db: Database, name: str = "ada") -> int:
    with db.write() as session:
        return UserRepository(session).create(name, password_hash="h").id


def test_active_session_is_found_by_hash_until_it_expires(db: Database) -> None:
    uid = _user(db)
    with db.write() as session:
        record = AuthRepository(session).add_session(
            uid, "a" * 64, expires_at=NOW + timedelta(hours=1), user_agent="pytest", now=NOW
        )
    assert record.user_id == uid and record.created_at == NOW and record.last_seen == NOW
    with db.read() as session:
        repo = AuthRepository(session)
        found = repo.active_session("a" * 64, now=NOW + timedelta(minutes=59))
        assert found is not None
        assert found[0].id == record.id and found[1].username == "ada"
        assert repo.active_session("a" * 64, now=NOW + timedelta(hours=1)) is None
        assert repo.active_session("b" * 64, now=NOW) is None


def test_touch_moves_last_seen_and_expiry(db: Database) -> None:
    uid = _user(db)
    with db.write() as session:
        record = AuthRepository(session).add_session(
            uid, "c" * 64, expires_at=NOW + timedelta(hours=1), now=NOW
        )
    later = NOW + timedelta(minutes=30)
    with db.write() as session:
        AuthRepository(session).touch_session(
            record.id, last_seen=later, expires_at=later + timedelta(hours=1)
        )
    with db.read() as session:
        found = AuthRepository(session).active_session("c" * 64, now=NOW + timedelta(hours=1))
    assert found is not None
    assert found[0].last_seen == later and found[0].expires_at == later + timedelta(hours=1)


def test_delete_session_and_all_of_a_user(db: Database) -> None:
    uid = _user(db)
    with db.write() as session:
        repo = AuthRepository(session)
        for ch in "def":
            repo.add_session(uid, ch * 64, expires_at=NOW + timedelta(days=1), now=NOW)
    with db.write() as session:
        repo = AuthRepository(session)
        assert repo.delete_session("d" * 64) is True
        assert repo.delete_session("d" * 64) is False
        assert [s.token_hash for s in repo.sessions_of(uid)] == ["e" * 64, "f" * 64]
        assert repo.delete_sessions_of(uid) == 2
        assert repo.sessions_of(uid) == []


def test_sessions_go_with_their_user(db: Database) -> None:
    uid = _user(db)
    with db.write() as session:
        AuthRepository(session).add_session(uid, "9" * 64, expires_at=NOW, now=NOW)
    with db.write() as session:
        session.delete(session.get(User, uid))
    with db.read() as session:
        assert session.scalars(select(AuthSession)).all() == []


def test_set_password_hash(db: Database) -> None:
    uid = _user(db)
    with db.write() as session:
        AuthRepository(session).set_password_hash(uid, "$argon2id$new")
    with db.read() as session:
        assert UserRepository(session).get(uid).password_hash == "$argon2id$new"


def test_hits_count_per_scope_key_and_window(db: Database) -> None:
    w1, w2, w3 = NOW, NOW + timedelta(minutes=1), NOW + timedelta(minutes=2)
    with db.write() as session:
        repo = AuthRepository(session)
        assert [repo.hit("login", "user:1", window_start=w1, window_end=w2) for _ in range(3)] == [
            1,
            2,
            3,
        ]
        assert repo.hit("login", "user:2", window_start=w1, window_end=w2) == 1
        assert repo.hit("grade", "user:1", window_start=w1, window_end=w2) == 1
        assert repo.hit("login", "user:1", window_start=w2, window_end=w3) == 1
    with db.read() as session:
        repo = AuthRepository(session)
        assert repo.hits("login", "user:1", window_start=w1) == 3
        assert repo.hits("login", "user:3", window_start=w1) == 0


def test_concurrent_hits_are_all_counted(db: Database) -> None:
    """Separate transactions racing on one counter lose no hit (the upsert is atomic)."""
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            for _ in range(10):
                with db.write() as session:
                    AuthRepository(session).hit(
                        "grade", "address:10.0.0.1", window_start=NOW, window_end=NOW
                    )
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with db.read() as session:
        assert AuthRepository(session).hits("grade", "address:10.0.0.1", window_start=NOW) == 40


def test_purge_removes_expired_sessions_and_finished_windows(db: Database) -> None:
    uid = _user(db)
    with db.write() as session:
        repo = AuthRepository(session)
        repo.add_session(uid, "1" * 64, expires_at=NOW - timedelta(seconds=1), now=NOW)
        repo.add_session(uid, "2" * 64, expires_at=NOW + timedelta(days=1), now=NOW)
        repo.hit("login", "user:1", window_start=NOW - timedelta(minutes=2), window_end=NOW)
        repo.hit("login", "user:1", window_start=NOW, window_end=NOW + timedelta(minutes=1))
    with db.write() as session:
        assert AuthRepository(session).purge_expired(now=NOW) == 2
    with db.read() as session:
        assert [s.token_hash for s in session.scalars(select(AuthSession))] == ["2" * 64]
        assert [c.window_start for c in session.scalars(select(RateLimitCounter))] == [NOW]
