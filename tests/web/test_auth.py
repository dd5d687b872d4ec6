"""Sign-up, login, logout and sessions over HTTP in the real app (hosted mode): JSON and HTML
forms, cookie flags, session renewal, expiry, CSRF on the auth forms, and rate limits."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from webhelpers import BASE_URL, Api, form_token, make_client

from mockprep.config import Settings, load_settings
from mockprep.store.database import Database
from mockprep.store.models import AuthSession
from mockprep.store.repositories import AuthRepository, UserRepository
from mockprep.web.auth import ratelimit, sessions
from mockprep.web.auth.routes import WORKER_HEADER

PASSWORD = "correct horse battery"
SECRET = "k3y-for-tests-only-0123456789abcdef"


@pytest.fixture
def hosted(database_url: str, sealed_home: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Hosted-mode settings on each backend (SQLite, and PostgreSQL when configured)."""
    sealed_home.mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("MOCKPREP_AUTH", "accounts")
    monkeypatch.setenv("MOCKPREP_SECRET_KEY", SECRET)
    return load_settings()


@pytest.fixture
def client(hosted: Settings) -> Iterator[TestClient]:
    yield from make_client(hosted)


@pytest.fixture
def web(client: TestClient) -> Api:
    return Api(client)


@pytest.fixture
def app(client: TestClient) -> FastAPI:
    application = client.app
    assert isinstance(application, FastAPI)
    return application


@pytest.fixture
def db(app: FastAPI) -> Database:
    database: Database = app.state.db
    return database


@pytest.fixture
def pinned_clock(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """Rate limits count in one window whatever the time: the limiter's clock stands still at
    second 30 of a minute a little ahead (ahead, so that no purge at login removes its counts)."""
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    moment = now + timedelta(minutes=5, seconds=30)
    monkeypatch.setattr(ratelimit, "utcnow", lambda: moment)
    return moment


def _signup(web: Api, username: str = "ada", password: str = PASSWORD) -> str:
    r = web.post("/api/v1/auth/signup", json={"username": username, "password": password})
    assert r.status_code == 201, r.text
    return web.client.cookies[sessions.COOKIE_NAME]


def _login(web: Api, username: str = "ada", password: str = PASSWORD) -> str:
    r = web.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert r.status_code == 200, r.text
    return web.client.cookies[sessions.COOKIE_NAME]


def _me(app: FastAPI, token: str | None) -> int:
    """The status of ``GET /api/v1/auth/me`` from a browser that holds only ``token``."""
    browser = TestClient(app, base_url=BASE_URL)
    if token is not None:
        browser.cookies.set(sessions.COOKIE_NAME, token)
    return browser.get("/api/v1/auth/me").status_code


def _session_cookie(response: httpx.Response) -> str:
    (cookie,) = [
        h
        for h in response.headers.get_list("set-cookie")
        if h.startswith(sessions.COOKIE_NAME + "=")
    ]
    return cookie


def _expired(cookie: str) -> bool:
    return "Max-Age=0" in cookie or "01 Jan 1970" in cookie


# --- JSON ---


def test_signup_signs_in_with_a_strict_cookie(web: Api, db: Database) -> None:
    r = web.post(
        "/api/v1/auth/signup",
        json={"username": "Ada", "password": PASSWORD, "display_name": "Ada L."},
    )
    assert r.status_code == 201
    user = r.json()["user"]
    assert user["username"] == "ada" and user["display_name"] == "Ada L."
    cookie = _session_cookie(r)
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain http
    token = web.client.cookies[sessions.COOKIE_NAME]
    assert len(token) >= 43  # 32 random bytes, base64
    me = web.get("/api/v1/auth/me")
    assert me.status_code == 200 and me.json() == {"user": user}
    with db.read() as session:
        (row,) = session.scalars(select(AuthSession)).all()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest() != token
    assert row.user_agent == "testclient"


def test_cookie_is_secure_over_https(app: FastAPI) -> None:
    web = Api(TestClient(app, base_url="https://mockprep.example"))
    r = web.post("/api/v1/auth/signup", json={"username": "ada", "password": PASSWORD})
    assert r.status_code == 201
    assert "Secure" in _session_cookie(r)


def test_password_rules_are_explained(web: Api) -> None:
    r = web.post("/api/v1/auth/signup", json={"username": "ada", "password": "short"})
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["type"] == "PasswordRulesError"
    assert "the password must be at least 10 characters long (it has 5)" in error["message"]
    assert error["details"] == ["the password must be at least 10 characters long (it has 5)"]
    r = web.post("/api/v1/auth/signup", json={"username": "adalovelace", "password": "AdaLovelace"})
    assert r.status_code == 422
    assert "must not be the same as the username" in r.json()["error"]["message"]
    r = web.post("/api/v1/auth/signup", json={"username": "local", "password": PASSWORD})
    assert r.status_code == 422 and "reserved" in r.json()["error"]["message"]
    assert sessions.COOKIE_NAME not in web.client.cookies


def test_taken_username_is_409_whatever_the_case(web: Api) -> None:
    _signup(web)
    r = web.post("/api/v1/auth/signup", json={"username": " ADA ", "password": PASSWORD})
    assert r.status_code == 409
    assert r.json()["error"]["message"].startswith("the username 'ada' is taken")


def test_wrong_credentials_are_401_with_one_message(app: FastAPI, web: Api) -> None:
    _signup(Api(TestClient(app, base_url=BASE_URL)))
    messages = set()
    for username, password in (("ada", "not the password"), ("nobody", PASSWORD)):
        r = web.post("/api/v1/auth/login", json={"username": username, "password": password})
        assert r.status_code == 401
        messages.add(r.json()["error"]["message"])
        assert sessions.COOKIE_NAME not in web.client.cookies
    assert len(messages) == 1
    assert web.get("/api/v1/auth/me").status_code == 401


def test_login_renews_the_session_token(app: FastAPI, web: Api, db: Database) -> None:
    """The token a browser arrives with (possibly planted by an attacker) dies at login."""
    before = _signup(web)
    after = _login(web)
    assert after != before
    assert _me(app, before) == 401
    assert _me(app, after) == 200
    with db.read() as session:
        hashes = list(session.scalars(select(AuthSession.token_hash)))
    assert hashes == [hashlib.sha256(after.encode()).hexdigest()]


def test_each_browser_gets_its_own_session(app: FastAPI, web: Api) -> None:
    laptop = _signup(web)
    phone = _login(Api(TestClient(app, base_url=BASE_URL)))
    assert phone != laptop
    assert _me(app, phone) == 200 and _me(app, laptop) == 200


def test_logout_deletes_the_session_and_expires_the_cookie(
    app: FastAPI, web: Api, db: Database
) -> None:
    token = _signup(web)
    r = web.post("/api/v1/auth/logout")
    assert r.status_code == 200 and r.json() == {"signed_out": True}
    assert _expired(_session_cookie(r))
    with db.read() as session:
        assert session.scalars(select(AuthSession)).all() == []
    assert _me(app, token) == 401  # replaying the old cookie does not help
    assert web.post("/api/v1/auth/logout").json() == {"signed_out": False}


def test_outdated_hash_is_upgraded_at_login(web: Api, db: Database) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    with db.write() as session:
        UserRepository(session).create("grace", password_hash=weak)
    _login(web, "grace")
    with db.read() as session:
        stored = UserRepository(session).by_username("grace")
    assert stored is not None and stored.password_hash is not None
    assert stored.password_hash != weak and "m=65536,t=3,p=4" in stored.password_hash
    _login(web, "grace")


def test_login_is_rate_limited_with_retry_after(
    web: Api, monkeypatch: pytest.MonkeyPatch, pinned_clock: datetime
) -> None:
    monkeypatch.setitem(ratelimit.LIMITS, "login", ratelimit.Limit(3, 60, "login attempts"))
    _signup(web)
    for _ in range(3):
        r = web.post("/api/v1/auth/login", json={"username": "ada", "password": "wrong one!"})
        assert r.status_code == 401
    r = web.post("/api/v1/auth/login", json={"username": "ada", "password": PASSWORD})
    assert r.status_code == 429
    retry = int(r.headers["retry-after"])
    assert retry == 30
    error = r.json()["error"]
    assert error["type"] == "RateLimitedError"
    assert error["message"].startswith("too many login attempts")
    assert f"Try again in {retry} seconds, at " in error["message"]


def test_signup_is_rate_limited_per_address(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch, pinned_clock: datetime
) -> None:
    monkeypatch.setitem(ratelimit.LIMITS, "signup", ratelimit.Limit(2, 60, "sign-ups"))
    first = Api(TestClient(app, base_url=BASE_URL, client=("198.51.100.1", 1234)))
    _signup(first, "one")
    _signup(first, "two")
    r = first.post("/api/v1/auth/signup", json={"username": "three", "password": PASSWORD})
    assert r.status_code == 429 and "from your address" in r.json()["error"]["message"]
    second = Api(TestClient(app, base_url=BASE_URL, client=("198.51.100.2", 1234)))
    _signup(second, "three")


def test_expired_and_idle_sessions(
    app: FastAPI, web: Api, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = _signup(web)
    with db.read() as session:
        created = session.scalars(select(AuthSession)).one()
    assert created.expires_at == created.created_at + sessions.IDLE_TIMEOUT
    # a request after TOUCH_INTERVAL slides the idle expiry forward
    later = created.created_at + timedelta(days=6)
    monkeypatch.setattr(sessions, "utcnow", lambda: later)
    assert _me(app, token) == 200
    with db.read() as session:
        touched = session.scalars(select(AuthSession)).one()
    assert touched.last_seen == later and touched.expires_at == later + sessions.IDLE_TIMEOUT
    # ... but never past MAX_AGE after login, however often it is used
    for day in (12, 18, 24):
        moment = created.created_at + timedelta(days=day)
        monkeypatch.setattr(sessions, "utcnow", lambda moment=moment: moment)
        assert _me(app, token) == 200
    with db.read() as session:
        capped = session.scalars(select(AuthSession)).one()
    assert capped.expires_at == created.created_at + sessions.MAX_AGE
    monkeypatch.setattr(sessions, "utcnow", lambda: created.created_at + sessions.MAX_AGE)
    assert _me(app, token) == 401
    monkeypatch.undo()
    with db.write() as session:
        session.execute(update(AuthSession).values(expires_at=created.created_at))
    assert _me(app, token) == 401


def test_user_for_request_in_local_mode_is_none(db: Database) -> None:
    scope = {"type": "http", "headers": [], "method": "GET", "path": "/"}
    assert sessions.user_for_request(Request(scope), db, load_settings(auth="none")) is None


def test_responses_name_the_worker(web: Api) -> None:
    _signup(web)
    assert web.get("/api/v1/auth/me").headers[WORKER_HEADER] == str(os.getpid())


def test_deleted_sessions_sign_out_everywhere(app: FastAPI, web: Api, db: Database) -> None:
    token = _signup(web)
    with db.write() as session:
        user = UserRepository(session).by_username("ada")
        assert user is not None
        AuthRepository(session).delete_sessions_of(user.id)
    assert _me(app, token) == 401


# --- CSRF on the auth routes (the app's verify_csrf covers this router too) ---


def test_auth_posts_need_the_csrf_token(app: FastAPI, web: Api) -> None:
    _signup(web)
    bare = TestClient(app, base_url=BASE_URL, follow_redirects=False)
    for url, kwargs in (
        ("/api/v1/auth/login", {"json": {"username": "ada", "password": PASSWORD}}),
        ("/api/v1/auth/signup", {"json": {"username": "eve", "password": PASSWORD}}),
        ("/login", {"data": {"username": "ada", "password": PASSWORD}}),
        ("/signup", {"data": {"username": "eve", "password": PASSWORD}}),
    ):
        r = bare.post(url, **kwargs)  # type: ignore[arg-type]
        assert r.status_code == 403, url
        assert sessions.COOKIE_NAME not in bare.cookies
    # a forged logout (the victim's cookie, no token) does not end the session
    token = web.client.cookies[sessions.COOKIE_NAME]
    r = web.client.post("/logout", data={}, follow_redirects=False)
    assert r.status_code == 403 and _me(app, token) == 200
    r = web.client.post("/logout", data={"csrf_token": "x.y"}, follow_redirects=False)
    assert r.status_code == 403 and _me(app, token) == 200


# --- HTML forms ---


def test_signup_page_is_an_accessible_form(web: Api) -> None:
    r = web.get("/signup")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert form_token(html) == web.token
    for field_id in ("signup-username", "signup-password", "signup-password-again"):
        assert f'<label for="{field_id}">' in html and f'id="{field_id}"' in html
    assert 'autocomplete="new-password"' in html and "<title>Sign up" in html
    login = web.get("/login").text
    assert '<label for="login-password">' in login and 'autocomplete="current-password"' in login


def test_signup_form_signs_in_and_redirects(web: Api) -> None:
    r = web.form(
        "/signup",
        {"username": "ada", "password": PASSWORD, "password_again": PASSWORD, "next": "/history"},
    )
    assert r.status_code == 303 and r.headers["location"] == "/history"
    assert "HttpOnly" in _session_cookie(r)
    assert web.get("/api/v1/auth/me").status_code == 200
    page = web.get("/history")
    assert page.status_code == 200 and "Log out" in page.text
    # signed in: the forms send you on
    assert web.get("/login", follow_redirects=False).status_code == 303
    assert web.get("/signup?next=/review", follow_redirects=False).headers["location"] == "/review"


def test_signup_form_shows_every_problem_and_escapes_input(web: Api) -> None:
    r = web.form(
        "/signup",
        {"username": "<script>x</script>", "password": "short", "password_again": "short"},
    )
    assert r.status_code == 422
    assert "<script>x</script>" not in r.text
    assert 'value="&lt;script&gt;x&lt;/script&gt;"' in r.text
    assert "The password must be at least 10 characters long (it has 5)." in r.text
    assert "The username may contain only letters" in r.text
    assert 'role="alert"' in r.text and 'value="short"' not in r.text
    r = web.form(
        "/signup", {"username": "ada", "password": PASSWORD, "password_again": PASSWORD + "!"}
    )
    assert r.status_code == 422 and "The two passwords differ" in r.text


def test_pages_send_strangers_to_login_and_back(app: FastAPI) -> None:
    stranger = Api(TestClient(app, base_url=BASE_URL, follow_redirects=False))
    r = stranger.get("/history", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/history"
    page = stranger.get("/login?next=/history")
    assert page.status_code == 200 and 'name="next" value="/history"' in page.text
    assert stranger.get("/api/v1/attempts").status_code == 401
    _signup(Api(TestClient(app, base_url=BASE_URL)))
    r = stranger.form("/login", {"username": "ada", "password": "nope nope nope"})
    assert r.status_code == 401 and "Wrong username or password" in r.text
    assert 'value="ada"' in r.text
    r = stranger.form("/login", {"username": "ada", "password": PASSWORD, "next": "/history"})
    assert r.status_code == 303 and r.headers["location"] == "/history"
    assert stranger.get("/history").status_code == 200


def test_login_form_refuses_open_redirects(app: FastAPI, web: Api) -> None:
    _signup(Api(TestClient(app, base_url=BASE_URL)))
    r = web.form("/login", {"username": "ada", "password": PASSWORD, "next": "//evil.example/x"})
    assert r.status_code == 303 and r.headers["location"] == "/"


def test_login_form_renews_and_logout_form_clears(app: FastAPI, web: Api, db: Database) -> None:
    before = _signup(web)
    r = web.form("/login", {"username": "ada", "password": PASSWORD})
    assert r.status_code == 303
    after = web.client.cookies[sessions.COOKIE_NAME]
    assert after != before and _me(app, before) == 401 and _me(app, after) == 200
    r = web.form("/logout", {})
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert _expired(_session_cookie(r))
    assert _me(app, after) == 401
    with db.read() as session:
        assert session.scalars(select(AuthSession)).all() == []


def test_login_form_rate_limited_page(
    web: Api, monkeypatch: pytest.MonkeyPatch, pinned_clock: datetime
) -> None:
    monkeypatch.setitem(ratelimit.LIMITS, "login", ratelimit.Limit(1, 60, "login attempts"))
    web.form("/login", {"username": "ada", "password": "whatever!!"})
    r = web.form("/login", {"username": "ada", "password": "whatever!!"})
    assert r.status_code == 429 and r.headers["retry-after"] == "30"
    assert "Too many login attempts" in r.text and "Try again in 30 seconds" in r.text
