"""Usernames, password rules and Argon2id password hashes.

Hashes use argon2-cffi's ``PasswordHasher`` with its defaults (Argon2id, RFC 9106's
low-memory profile). When those defaults change in a later argon2-cffi, a user's hash is
upgraded the next time they sign in (``verify_password`` returns the new hash).
"""

from __future__ import annotations

import re
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from mockprep.store.models import LOCAL_USERNAME

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024
"""Longer input is refused so that nobody can make the server hash megabytes."""
MIN_USERNAME_LENGTH = 3
MAX_USERNAME_LENGTH = 40
USERNAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]*")
RESERVED_USERNAMES = frozenset({LOCAL_USERNAME})
"""``local`` is the single local-mode user, which has no password."""

_hasher = PasswordHasher()


def hasher() -> PasswordHasher:
    """The password hasher in use (Argon2id with argon2-cffi's current defaults)."""
    return _hasher


def normalize_username(raw: str) -> str:
    """Usernames are case-insensitive: stored and compared in lower case, without spaces around."""
    return raw.strip().lower()


def username_problems(username: str) -> list[str]:
    """Every rule the (normalized) username breaks; empty when it is fine."""
    problems = []
    if not MIN_USERNAME_LENGTH <= len(username) <= MAX_USERNAME_LENGTH:
        problems.append(
            f"the username must be {MIN_USERNAME_LENGTH} to {MAX_USERNAME_LENGTH} characters long"
        )
    if username and not USERNAME_PATTERN.fullmatch(username):
        problems.append(
            "the username may contain only letters, digits, '.', '_' and '-', "
            "and must start with a letter or digit"
        )
    if username in RESERVED_USERNAMES:
        problems.append(f"the username {username!r} is reserved")
    return problems


def password_problems(username: str, password: str) -> list[str]:
    """Every rule the password breaks for this username; empty when it is fine."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(
            f"the password must be at least {MIN_PASSWORD_LENGTH} characters long "
            f"(it has {len(password)})"
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        problems.append(f"the password must be at most {MAX_PASSWORD_LENGTH} characters long")
    if password.strip().casefold() == username.strip().casefold():
        problems.append("the password must not be the same as the username")
    return problems


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash("a password nobody has, hashed to keep timings even")


def verify_password(password_hash: str | None, password: str) -> tuple[bool, str | None]:
    """Check ``password`` against ``password_hash``.

    Returns ``(ok, new_hash)``: ``new_hash`` is a fresh hash when the stored one was made with
    other parameters than today's (store it), else ``None``. A missing hash (an account with no
    password) costs the same time as a real check and never matches.
    """
    if len(password) > MAX_PASSWORD_LENGTH:
        return False, None
    if not password_hash:
        _verify_quietly(_dummy_hash(), password)
        return False, None
    if not _verify_quietly(password_hash, password):
        return False, None
    if _hasher.check_needs_rehash(password_hash):
        return True, _hasher.hash(password)
    return True, None


def _verify_quietly(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
