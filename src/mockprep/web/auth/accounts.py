"""Creating accounts and checking passwords; no HTTP here, the routes call these."""

from __future__ import annotations

from mockprep.errors import InputError
from mockprep.store.database import Database
from mockprep.store.records import UserRecord
from mockprep.store.repositories import AuthRepository, UserRepository
from mockprep.web.auth.errors import AuthenticationError, PasswordRulesError, UsernameTakenError
from mockprep.web.auth.passwords import (
    hash_password,
    normalize_username,
    password_problems,
    username_problems,
    verify_password,
)

MAX_DISPLAY_NAME_LENGTH = 120


def sign_up(db: Database, username: str, password: str, *, display_name: str = "") -> UserRecord:
    """Create an account after checking every rule at once.

    Raises:
        PasswordRulesError: the username or password breaks rules (all of them listed).
        UsernameTakenError: someone already has the username.
    """
    name = normalize_username(username)
    problems = username_problems(name) + password_problems(name, password)
    shown = " ".join(display_name.split())
    if len(shown) > MAX_DISPLAY_NAME_LENGTH:
        problems.append(f"the display name must be at most {MAX_DISPLAY_NAME_LENGTH} characters")
    if problems:
        raise PasswordRulesError(problems)
    taken = UsernameTakenError(
        f"the username {name!r} is taken", fix="Choose another username, or log in."
    )
    with db.read() as session:
        if UserRepository(session).by_username(name) is not None:
            raise taken
    password_hash = hash_password(password)  # slow on purpose: outside the write transaction
    try:
        with db.write() as session:
            return UserRepository(session).create(
                name, display_name=shown or name, password_hash=password_hash
            )
    except InputError as exc:  # two sign-ups raced for the name
        raise taken from exc


def user_id_of(db: Database, username: str) -> int | None:
    """The id of the account with this username, if any (to rate-limit logins per account)."""
    with db.read() as session:
        user = UserRepository(session).by_username(normalize_username(username))
    return user.id if user is not None and not user.is_local else None


def authenticate(db: Database, username: str, password: str) -> UserRecord:
    """The account with this username and password; its hash is upgraded when outdated.

    Raises:
        AuthenticationError: no such account, or the wrong password (one message for both, so
            nobody can find out which usernames exist).
    """
    with db.read() as session:
        user = UserRepository(session).by_username(normalize_username(username))
    stored = user.password_hash if user is not None and not user.is_local else None
    ok, new_hash = verify_password(stored, password)
    if user is None or not ok:
        raise AuthenticationError(
            "wrong username or password",
            fix="Check both and try again, or sign up if you have no account.",
        )
    if new_hash is not None:
        with db.write() as session:
            AuthRepository(session).set_password_hash(user.id, new_hash)
    return user
