"""Two uvicorn workers on PostgreSQL share everything through the database: a session made on
one worker is honoured by the other, the user's data reads and writes work on both, a logout
on one is seen by the other, and the login rate limit counts across both.

Each request's worker is known from the ``X-Mockprep-Worker`` header of the auth routes, or from
``/healthz`` asked on the same keep-alive connection (a connection stays with one process).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from mockprep.config import load_settings
from mockprep.store.database import open_database
from mockprep.web.auth.routes import WORKER_HEADER
from mockprep.web.auth.sessions import COOKIE_NAME
from mockprep.web.csrf import COOKIE_NAME as CSRF_COOKIE
from mockprep.web.csrf import HEADER_NAME as CSRF_HEADER

PASSWORD = "correct horse battery"
SECRET = "k3y-for-tests-only-0123456789abcdef"
ANSWER = (
    "RAG retrieves relevant documents from an index first, then the model generates its answer "
    "grounded in those passages, so it can cite sources and use newer knowledge."
)
STARTUP_SECONDS = 120
ROUNDS = 60

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(
    database_url: str, sealed_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """``uvicorn --workers 2`` in hosted mode on the PostgreSQL test database; its base URL."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOCKPREP_")}
    env.update(
        MOCKPREP_HOME=str(sealed_home),
        MOCKPREP_AUTH="accounts",
        MOCKPREP_SECRET_KEY=SECRET,
        DATABASE_URL=database_url,
    )
    for name, value in env.items():
        if name.startswith("MOCKPREP_") or name == "DATABASE_URL":
            monkeypatch.setenv(name, value)
    open_database(load_settings()).dispose()  # migrate once first, as `mockprep web` does
    port = _free_port()
    log = (tmp_path / "uvicorn.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "mockprep.web.app:create_app",
            "--factory",
            "--workers",
            "2",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for_both_workers(base, proc, tmp_path / "uvicorn.log")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:  # pragma: no cover - only if uvicorn hangs
            proc.kill()
            proc.wait()
        log.close()


def _wait_for_both_workers(base: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    seen: set[int] = set()
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"uvicorn exited with {proc.returncode}:\n{log.read_text()}")
        try:
            with httpx.Client(base_url=base, timeout=5) as c:
                r = c.get("/healthz")
            if r.status_code == 200:
                seen.add(r.json()["pid"])
                if len(seen) == 2:
                    return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail(
        f"both workers did not come up in {STARTUP_SECONDS} s (saw {seen}):\n{log.read_text()}"
    )


def _connection(
    base: str, cookies: dict[str, str], *, local_address: str = "127.0.0.1"
) -> httpx.Client:
    """A new client with its own TCP connection (so the kernel picks the worker afresh)."""
    return httpx.Client(
        base_url=base,
        cookies=cookies,
        timeout=30,
        transport=httpx.HTTPTransport(local_address=local_address),
    )


def _csrf(client: httpx.Client) -> str:
    token = client.get("/api/v1/csrf").json()["csrf_token"]
    assert isinstance(token, str)
    return token


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_two_workers_share_sessions_data_and_limits_on_postgres(server: str) -> None:
    # sign up, then log in (a new token), on whichever worker takes the connection
    with _connection(server, {}) as c:
        csrf = _csrf(c)
        r = c.post(
            "/api/v1/auth/signup",
            json={"username": "ada", "password": PASSWORD},
            headers={CSRF_HEADER: csrf},
        )
        assert r.status_code == 201, r.text
        signup_token = c.cookies[COOKIE_NAME]
        r = c.post(
            "/api/v1/auth/login",
            json={"username": "ada", "password": PASSWORD},
            headers={CSRF_HEADER: csrf},
        )
        assert r.status_code == 200, r.text
        login_worker = int(r.headers[WORKER_HEADER])
        token = c.cookies[COOKIE_NAME]
        assert token != signup_token
        started = c.post(
            "/api/v1/sessions", json={"question_ids": ["rag-basics"]}, headers={CSRF_HEADER: csrf}
        )
        assert started.status_code == 201, started.text
        answered = c.post(
            f"/api/v1/sessions/{started.json()['id']}/answers",
            json={"question_id": "rag-basics", "answer": ANSWER},
            headers={CSRF_HEADER: csrf},
        )
        assert answered.status_code == 201, answered.text
        attempt_id = answered.json()["attempt"]["id"]
    cookies = {COOKIE_NAME: token, CSRF_COOKIE: csrf}

    # many fresh connections: every one is authenticated and sees the data, on both workers
    served: dict[int, int] = {}
    created_sessions = [started.json()["id"]]
    for n in range(ROUNDS):
        with _connection(server, cookies) as c:
            me = c.get("/api/v1/auth/me")
            assert me.status_code == 200, me.text
            assert me.json()["user"]["username"] == "ada"
            worker = int(me.headers[WORKER_HEADER])
            served[worker] = served.get(worker, 0) + 1
            attempt = c.get(f"/api/v1/attempts/{attempt_id}")
            assert attempt.status_code == 200, attempt.text
            assert attempt.json()["answer_text"] == ANSWER
            if n % 3 == 0:  # a write (with CSRF) on this worker, too
                new = c.post(
                    "/api/v1/sessions",
                    json={"question_ids": ["rag-basics"]},
                    headers={CSRF_HEADER: csrf},
                )
                assert new.status_code == 201, new.text
                created_sessions.append(new.json()["id"])
            again = c.get("/api/v1/auth/me")
            assert int(again.headers[WORKER_HEADER]) == worker  # same connection, same worker
        if len(served) == 2 and n >= ROUNDS // 2:
            break
    assert len(served) == 2, f"only one worker served the requests: {served}"
    assert login_worker in served
    with _connection(server, cookies) as c:
        listed = c.get("/api/v1/sessions", params={"limit": 200}).json()
    assert sorted(s["id"] for s in listed) == sorted(created_sessions)

    # a logout on one worker ends the session on the other
    with _connection(server, cookies) as c:
        r = c.post("/api/v1/auth/logout", headers={CSRF_HEADER: csrf})
        assert r.status_code == 200 and r.json() == {"signed_out": True}
        logout_worker = int(r.headers[WORKER_HEADER])
    other_worker_refused = False
    for _ in range(ROUNDS):
        with _connection(server, cookies) as c:
            worker = c.get("/healthz").json()["pid"]
            assert c.get("/api/v1/auth/me").status_code == 401
        if worker != logout_worker:
            other_worker_refused = True
            break
    assert other_worker_refused

    # the login limit (10 a minute) is one count across both workers, not 10 per worker
    now = datetime.now(UTC)
    if now.second > 45:  # start in a fresh window so the count is not split
        time.sleep(61 - now.second)
    attacker = "127.0.0.7"  # its own loopback address, so its counter starts at zero
    with _connection(server, {}, local_address=attacker) as c:
        attack_csrf = _csrf(c)
        r = c.post(  # the target: an account nobody has tried to log in to yet
            "/api/v1/auth/signup",
            json={"username": "eve", "password": PASSWORD},
            headers={CSRF_HEADER: attack_csrf},
        )
        assert r.status_code == 201, r.text
    attack_cookies = {CSRF_COOKIE: attack_csrf}
    statuses: list[int] = []
    attack_workers: set[int] = set()
    while len(statuses) < 11 or (len(attack_workers) < 2 and len(statuses) < 11 + ROUNDS):
        with _connection(server, attack_cookies, local_address=attacker) as c:
            attack_workers.add(c.get("/healthz").json()["pid"])
            r = c.post(
                "/api/v1/auth/login",
                json={"username": "eve", "password": "not the password"},
                headers={CSRF_HEADER: attack_csrf},
            )
            statuses.append(r.status_code)
            if r.status_code == 429:
                assert int(r.headers["retry-after"]) >= 1
    # ten tries in all, wherever they landed; then refused, whichever worker is asked
    assert statuses == [401] * 10 + [429] * (len(statuses) - 10), statuses
    assert len(attack_workers) == 2
