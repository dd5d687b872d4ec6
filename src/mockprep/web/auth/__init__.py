"""Hosted-mode accounts (``MOCKPREP_AUTH=accounts``): sign-up, login, sessions and rate limits.

The web app calls three things from here:

- ``sessions.user_for_request(request, db, settings)``: the signed-in user, or ``None``;
- ``ratelimit.check(db, scope=..., user_id=..., address=...)``: count a login or a grading
  request and raise ``RateLimitedError`` (HTTP 429 with ``Retry-After``) past the limit;
- ``routes.router``: the sign-up, login and logout pages and their JSON twins under
  ``/api/v1/auth``.

Everything lives in the database (Argon2id password hashes on ``users``, sessions in
``auth_sessions``, counters in ``rate_limit_counters``), so any number of workers share it.
"""

from __future__ import annotations

from mockprep.web.auth.errors import (
    AuthenticationError,
    PasswordRulesError,
    RateLimitedError,
    UsernameTakenError,
)

__all__ = [
    "AuthenticationError",
    "PasswordRulesError",
    "RateLimitedError",
    "UsernameTakenError",
]
