"""CSRF protection: a signed double-submit token, on every form and state-changing API call.

A local server is not safe from CSRF: any web page can POST to ``127.0.0.1``. So every request
that changes something (POST, PUT, PATCH, DELETE), in local and hosted mode alike, must carry
the same token twice:

- in the ``mockprep_csrf`` cookie (HttpOnly, SameSite=Lax), and
- in the ``csrf_token`` field of the form, or the ``X-CSRF-Token`` header.

The token is ``<nonce>.<HMAC-SHA256(key, nonce)>``, so a cookie planted by another site (or a
page on another port of the same host) is refused unless this server signed it. The key is
derived from ``MOCKPREP_SECRET_KEY`` when set; otherwise (local mode) it is a random key kept
in ``csrf.key`` in the data folder, so every worker and every restart agrees on it.

Pages get the token from the ``csrf_token(request)`` Jinja global (which also sets the cookie
when the browser has none). A non-browser client calls ``GET /api/v1/csrf``: the answer holds
the token and sets the cookie; send both back (the cookie, and the token as ``X-CSRF-Token``).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockprep.config import Settings
from mockprep.errors import MockprepError

COOKIE_NAME = "mockprep_csrf"
HEADER_NAME = "X-CSRF-Token"
FORM_FIELD = "csrf_token"
KEY_FILE = "csrf.key"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_NEW_TOKEN = "mockprep_csrf_new_token"
_MAX_TOKEN_LENGTH = 200
FIX = (
    "Reload the page and submit the form again. API clients: GET /api/v1/csrf, then send its "
    f"token in the {HEADER_NAME} header together with the {COOKIE_NAME} cookie it sets."
)


class CsrfError(MockprepError):
    """A state-changing request without a valid CSRF token."""

    http_status = 403


def _derive(secret: str) -> bytes:
    return hmac.new(secret.encode("utf-8"), b"mockprep-csrf-v1", hashlib.sha256).digest()


def load_key(settings: Settings) -> bytes:
    """The signing key: derived from the secret key, or the data folder's random key file."""
    if settings.secret_key is not None and settings.secret_key.get_secret_value():
        return _derive(settings.secret_key.get_secret_value())
    home = settings.ensure_home()
    path = home / KEY_FILE
    for _ in range(2):
        try:
            text = path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            _create_key_file(path)
            continue
        except (OSError, UnicodeDecodeError):
            break
        if len(text) >= 32:
            return _derive(text)
        break
    raise MockprepError(
        f"the CSRF key file {path} is unreadable or damaged",
        fix="Delete it and start mockprep again (a new one is made), or set MOCKPREP_SECRET_KEY.",
    )


def _create_key_file(path: Path) -> None:
    """Write a new random key; if another worker wins the race, keep theirs."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(secrets.token_urlsafe(32) + "\n")


def make_token(key: bytes) -> str:
    nonce = secrets.token_urlsafe(18)
    return f"{nonce}.{_sign(key, nonce)}"


def _sign(key: bytes, nonce: str) -> str:
    return hmac.new(key, nonce.encode("ascii"), hashlib.sha256).hexdigest()


def is_valid(key: bytes, token: str | None) -> bool:
    """Whether ``token`` was signed with ``key``."""
    if not token or len(token) > _MAX_TOKEN_LENGTH or token.count(".") != 1:
        return False
    nonce, signature = token.split(".")
    if not nonce.isascii():
        return False
    return hmac.compare_digest(_sign(key, nonce), signature)


def _key(request: Request) -> bytes:
    key: bytes = request.app.state.csrf_key
    return key


def csrf_token(request: Request) -> str:
    """The token for this browser (its cookie's, or a new one that the response will set)."""
    state = request.scope.setdefault("state", {})
    issued = state.get(_NEW_TOKEN)
    if isinstance(issued, str):
        return issued
    cookie = request.cookies.get(COOKIE_NAME)
    if cookie is not None and is_valid(_key(request), cookie):
        return cookie
    token = make_token(_key(request))
    state[_NEW_TOKEN] = token
    return token


def cookie_header(token: str, *, secure: bool) -> str:
    parts = [f"{COOKIE_NAME}={token}", "Path=/", "HttpOnly", "SameSite=Lax"]
    if secure:
        parts.append("Secure")
    return "; ".join(parts)


async def verify_csrf(request: Request) -> None:
    """Dependency on every route: refuse a state-changing request without the right token."""
    if request.method in SAFE_METHODS:
        return
    cookie = request.cookies.get(COOKIE_NAME)
    sent = request.headers.get(HEADER_NAME)
    content_type = request.headers.get("content-type", "")
    if sent is None and content_type.startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(FORM_FIELD)
        sent = value if isinstance(value, str) else None
    if not cookie:
        raise CsrfError(f"this request has no {COOKIE_NAME} cookie, so it may be forged", fix=FIX)
    if not sent:
        raise CsrfError(
            f"this request has no CSRF token (the {FORM_FIELD} form field or the {HEADER_NAME} "
            "header), so it may be forged",
            fix=FIX,
        )
    if not is_valid(_key(request), cookie) or not hmac.compare_digest(
        sent.encode("utf-8", "replace"), cookie.encode("utf-8", "replace")
    ):
        raise CsrfError("the CSRF token is wrong or out of date", fix=FIX)


class CsrfCookieMiddleware:
    """Sets the CSRF cookie on a response when ``csrf_token()`` issued a new token for it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope.setdefault("state", {})

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                token = scope["state"].get(_NEW_TOKEN)
                if isinstance(token, str):
                    secure = scope.get("scheme") == "https"
                    headers = list(message.get("headers", []))
                    headers.append(
                        (b"set-cookie", cookie_header(token, secure=secure).encode("latin-1"))
                    )
                    message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_cookie)
