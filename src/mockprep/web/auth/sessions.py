"""Server-side login sessions: a random token in a cookie, its SHA-256 in ``auth_sessions``.

- The token is 32 random bytes (``secrets.token_urlsafe(32)``); only its SHA-256 is stored, so
  a copy of the database does not let anyone sign in.
- Every login creates a new token and deletes the session the browser came with (no session
  fixation); logout deletes the row and expires the cookie.
- A session ends after ``IDLE_TIMEOUT`` without a request, and at the latest ``MAX_AGE`` after
  login. ``last_seen`` is written at most every ``TOUCH_INTERVAL`` to spare the database a write
  per request.
- The cookie is ``HttpOnly``, ``SameSite=Lax``, ``Path=/``, and ``Secure`` whenever the request
  arrived over https. Behind a proxy that terminates TLS, run uvicorn with ``--proxy-headers``
  (and ``--forwarded-allow-ips`` naming the proxy) so the request's scheme is the visitor's
  ``https`` and the cookie is marked Secure.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from fastapi import Request, Response

from mockprep.config import Settings
from mockprep.store.database import Database
from mockprep.store.models import utcnow
from mockprep.store.records import UserRecord
from mockprep.store.repositories import AuthRepository

COOKIE_NAME = "mockprep_session"
IDLE_TIMEOUT = timedelta(days=7)
MAX_AGE = timedelta(days=30)
TOUCH_INTERVAL = timedelta(minutes=5)
_STATE_KEY = "mockprep_auth_user"


def new_token() -> str:
    """A fresh session token: 32 random bytes, URL-safe base64."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """What the database stores for a token: its SHA-256, hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_from_request(request: Request) -> str | None:
    token = request.cookies.get(COOKIE_NAME)
    if not token or len(token) > 200:
        return None
    return token


def _expiry(created_at: datetime, now: datetime) -> datetime:
    return min(created_at + MAX_AGE, now + IDLE_TIMEOUT)


def user_for_request(request: Request, db: Database, settings: Settings) -> UserRecord | None:
    """The user signed in by this request's session cookie, or ``None``.

    ``None`` when there is no cookie, the session is unknown, expired or logged out, or the app
    runs in local mode (which has no logins). The answer is kept on ``request.state`` so asking
    twice in one request costs one query.
    """
    if not settings.hosted:
        return None
    if hasattr(request.state, _STATE_KEY):
        cached: UserRecord | None = getattr(request.state, _STATE_KEY)
        return cached
    user = _lookup(request, db)
    setattr(request.state, _STATE_KEY, user)
    return user


def _lookup(request: Request, db: Database) -> UserRecord | None:
    token = token_from_request(request)
    if token is None:
        return None
    now = utcnow()
    with db.read() as session:
        found = AuthRepository(session).active_session(hash_token(token), now=now)
    if found is None:
        return None
    record, user = found
    if now - record.last_seen >= TOUCH_INTERVAL:
        with db.write() as session:
            AuthRepository(session).touch_session(
                record.id, last_seen=now, expires_at=_expiry(record.created_at, now)
            )
    return user


def start_session(request: Request, db: Database, user: UserRecord) -> str:
    """Sign ``user`` in: a new token, and the session the request came with is deleted.

    Returns the new token, for ``set_session_cookie``. Expired sessions and finished
    rate-limit windows of everybody are purged on the way (cheap: both are indexed).
    """
    token = new_token()
    now = utcnow()
    old = token_from_request(request)
    with db.write() as session:
        repo = AuthRepository(session)
        if old is not None:
            repo.delete_session(hash_token(old))
        repo.purge_expired(now=now)
        repo.add_session(
            user.id,
            hash_token(token),
            expires_at=_expiry(now, now),
            user_agent=request.headers.get("user-agent"),
            now=now,
        )
    setattr(request.state, _STATE_KEY, user)
    return token


def end_session(request: Request, db: Database) -> bool:
    """Sign out: delete this request's session; whether there was one."""
    token = token_from_request(request)
    setattr(request.state, _STATE_KEY, None)
    if token is None:
        return False
    with db.write() as session:
        return AuthRepository(session).delete_session(hash_token(token))


def cookie_is_secure(request: Request) -> bool:
    """Mark the cookie Secure when the visitor reached us over https."""
    return request.url.scheme == "https"


def set_session_cookie(response: Response, request: Request, token: str) -> None:
    response.set_cookie(
        COOKIE_NAME,
        token,
        max_age=int(MAX_AGE.total_seconds()),
        path="/",
        httponly=True,
        samesite="lax",
        secure=cookie_is_secure(request),
    )


def clear_session_cookie(response: Response, request: Request) -> None:
    response.delete_cookie(
        COOKIE_NAME, path="/", httponly=True, samesite="lax", secure=cookie_is_secure(request)
    )
