"""Hosted mode through the whole app: every attempt and session is visible only to its owner
(another user gets 404, a stranger 401 or the login page), imported banks stay private, and
grading is rate-limited per user and per address with Retry-After."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from webhelpers import BASE_URL, Api, make_client

from mockprep.config import Settings, load_settings
from mockprep.web.auth import ratelimit

PASSWORD = "correct horse battery"
ANSWER = (
    "RAG retrieves relevant documents from an index first, then the model generates its answer "
    "grounded in those passages, so it can cite sources and use newer knowledge."
)


@pytest.fixture
def hosted(database_url: str, sealed_home: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    sealed_home.mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("MOCKPREP_AUTH", "accounts")
    monkeypatch.setenv("MOCKPREP_SECRET_KEY", "k3y-for-tests-only-0123456789abcdef")
    return load_settings()


@pytest.fixture
def app(hosted: Settings) -> Iterator[FastAPI]:
    for client in make_client(hosted):
        assert isinstance(client.app, FastAPI)
        yield client.app


@pytest.fixture
def pinned_clock(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """Rate limits count in one window whatever the time: the limiter's clock stands still at
    second 30 of a minute a little ahead (ahead, so that no purge at login removes its counts)."""
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    moment = now + timedelta(minutes=5, seconds=30)
    monkeypatch.setattr(ratelimit, "utcnow", lambda: moment)
    return moment


def _browser(app: FastAPI, username: str, *, address: str = "203.0.113.1") -> Api:
    """A signed-up, signed-in browser (its own cookies and CSRF token) at ``address``."""
    web = Api(TestClient(app, base_url=BASE_URL, client=(address, 40000)))
    r = web.post("/api/v1/auth/signup", json={"username": username, "password": PASSWORD})
    assert r.status_code == 201, r.text
    return web


def _practise(web: Api) -> dict[str, Any]:
    started = web.post("/api/v1/sessions", json={"question_ids": ["rag-basics"]})
    assert started.status_code == 201, started.text
    sid = started.json()["id"]
    answered = web.post(
        f"/api/v1/sessions/{sid}/answers", json={"question_id": "rag-basics", "answer": ANSWER}
    )
    assert answered.status_code == 201, answered.text
    return {"session_id": sid, "attempt_id": answered.json()["attempt"]["id"]}


def test_another_user_gets_404_for_someone_elses_attempt(app: FastAPI) -> None:
    ada = _browser(app, "ada")
    eve = _browser(app, "eve")
    mine = _practise(ada)
    aid, sid = mine["attempt_id"], mine["session_id"]

    assert ada.get(f"/api/v1/attempts/{aid}").status_code == 200
    r = eve.get(f"/api/v1/attempts/{aid}")
    assert r.status_code == 404 and r.json()["error"]["type"] == "RecordNotFoundError"
    assert ANSWER not in r.text
    assert eve.get("/api/v1/attempts").json() == []
    assert eve.get(f"/api/v1/sessions/{sid}").status_code == 404
    assert eve.get(f"/api/v1/sessions/{sid}/next").status_code == 404
    assert eve.get(f"/api/v1/sessions/{sid}/summary").status_code == 404
    forged = eve.post(
        f"/api/v1/sessions/{sid}/answers", json={"question_id": "rag-basics", "answer": "mine now"}
    )
    assert forged.status_code == 404
    assert eve.post(f"/api/v1/sessions/{sid}/finish").status_code == 404
    assert (
        eve.post(
            f"/api/v1/sessions/{sid}/attempts/{aid}/follow-up", json={"answer": "x y z"}
        ).status_code
        == 404
    )
    # the pages refuse too, and never show the answer
    for url in (f"/history/{aid}", f"/practice/{sid}", f"/practice/{sid}/attempts/{aid}"):
        page = eve.get(url)
        assert page.status_code == 404, url
        assert ANSWER not in page.text
    # the owner's data is untouched and still theirs
    assert [a["id"] for a in ada.get("/api/v1/attempts").json()] == [aid]
    assert ada.get(f"/api/v1/sessions/{sid}").json()["status"] == "active"


def test_strangers_are_asked_to_log_in(app: FastAPI) -> None:
    mine = _practise(_browser(app, "ada"))
    stranger = Api(TestClient(app, base_url=BASE_URL, follow_redirects=False))
    r = stranger.get(f"/api/v1/attempts/{mine['attempt_id']}")
    assert r.status_code == 401 and r.json()["error"]["type"] == "LoginRequiredError"
    page = stranger.client.get(f"/history/{mine['attempt_id']}", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == f"/login?next=/history/{mine['attempt_id']}"
    assert (
        stranger.post(
            "/api/v1/grade", json={"question_id": "rag-basics", "answer": "x"}
        ).status_code
        == 401
    )


def test_each_user_has_their_own_progress_and_exports(app: FastAPI) -> None:
    ada = _browser(app, "ada")
    eve = _browser(app, "eve")
    _practise(ada)
    ada_export = ada.get("/api/v1/data/export")
    eve_export = eve.get("/api/v1/data/export")
    assert ada_export.status_code == eve_export.status_code == 200
    assert ANSWER in ada_export.text and ANSWER not in eve_export.text


def test_grading_is_rate_limited_per_user(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch, pinned_clock: datetime
) -> None:
    monkeypatch.setitem(ratelimit.LIMITS, "grade", ratelimit.Limit(3, 60, "answers graded"))
    ada = _browser(app, "ada", address="203.0.113.1")
    eve = _browser(app, "eve", address="203.0.113.2")
    body = {"question_id": "rag-basics", "answer": ANSWER}
    for _ in range(3):
        assert ada.post("/api/v1/grade", json=body).status_code == 200
    r = ada.post("/api/v1/grade", json=body)
    assert r.status_code == 429
    assert r.headers["retry-after"] == "30"
    error = r.json()["error"]
    assert error["type"] == "RateLimitedError"
    assert error["message"].startswith("too many answers graded for your account")
    assert "Try again in" in error["message"]
    # answering in a session counts against the same limit
    started = ada.post("/api/v1/sessions", json={"question_ids": ["rag-basics"]}).json()
    r = ada.post(f"/api/v1/sessions/{started['id']}/answers", json=body)
    assert r.status_code == 429 and "retry-after" in r.headers
    # another user elsewhere is not affected
    assert eve.post("/api/v1/grade", json=body).status_code == 200


def test_grading_is_rate_limited_per_address(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch, pinned_clock: datetime
) -> None:
    monkeypatch.setitem(ratelimit.LIMITS, "grade", ratelimit.Limit(2, 60, "answers graded"))
    body = {"question_id": "rag-basics", "answer": ANSWER}
    ada = _browser(app, "ada", address="198.51.100.9")
    eve = _browser(app, "eve", address="198.51.100.9")
    assert ada.post("/api/v1/grade", json=body).status_code == 200
    assert eve.post("/api/v1/grade", json=body).status_code == 200
    r = eve.post("/api/v1/grade", json=body)
    assert r.status_code == 429 and "from your address" in r.json()["error"]["message"]
