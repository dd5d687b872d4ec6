"""Hosted-mode building blocks without HTTP: password rules and hashes, rate limits, redirects."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher

from mockprep.errors import MockprepError
from mockprep.store.database import Database
from mockprep.web.auth import accounts, passwords, ratelimit
from mockprep.web.auth.errors import (
    AuthenticationError,
    PasswordRulesError,
    RateLimitedError,
    UsernameTakenError,
)
from mockprep.web.auth.routes import safe_next

# --- passwords ---


def test_password_rules_name_each_problem() -> None:
    assert passwords.password_problems("ada", "long enough pw") == []
    (short,) = passwords.password_problems("ada", "short")
    assert "at least 10 characters" in short and "(it has 5)" in short
    (same,) = passwords.password_problems("ada-lovelace", "Ada-Lovelace")
    assert same == "the password must not be the same as the username"
    assert len(passwords.password_problems("x" * 3, "x" * 3)) == 2
    assert "at most 1024" in passwords.password_problems("ada", "p" * 1025)[0]


def test_username_rules() -> None:
    assert passwords.username_problems("ada.l_1-x") == []
    assert "3 to 40" in passwords.username_problems("ab")[0]
    assert "only letters" in passwords.username_problems("ada lovelace")[0]
    assert "only letters" in passwords.username_problems("-ada")[0]
    assert passwords.username_problems("local") == ["the username 'local' is reserved"]
    assert passwords.normalize_username("  Ada ") == "ada"


def test_hashes_are_argon2id_and_verify() -> None:
    stored = passwords.hash_password("correct horse battery")
    assert stored.startswith("$argon2id$")
    assert passwords.verify_password(stored, "correct horse battery") == (True, None)
    assert passwords.verify_password(stored, "wrong horse battery") == (False, None)
    assert passwords.verify_password(None, "anything at all") == (False, None)
    assert passwords.verify_password("not a hash", "anything at all") == (False, None)
    assert passwords.verify_password(stored, "x" * 5000) == (False, None)


def test_old_parameters_get_a_new_hash() -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("correct horse")
    ok, new_hash = passwords.verify_password(weak, "correct horse")
    assert ok and new_hash is not None and new_hash != weak
    assert not passwords.hasher().check_needs_rehash(new_hash)
    assert passwords.verify_password(new_hash, "correct horse") == (True, None)


# --- accounts ---


def test_sign_up_lists_every_problem_at_once(db: Database) -> None:
    with pytest.raises(PasswordRulesError) as info:
        accounts.sign_up(db, "a b", "a b")
    assert len(info.value.problems) == 3
    assert info.value.http_status == 422


def test_sign_up_then_authenticate(db: Database) -> None:
    user = accounts.sign_up(db, " Ada ", "correct horse battery", display_name=" Ada  L. ")
    assert (user.username, user.display_name, user.is_local) == ("ada", "Ada L.", False)
    assert user.password_hash is not None and user.password_hash.startswith("$argon2id$")
    assert accounts.authenticate(db, "ADA", "correct horse battery").id == user.id
    assert accounts.user_id_of(db, "ada") == user.id
    assert accounts.user_id_of(db, "nobody") is None
    with pytest.raises(UsernameTakenError):
        accounts.sign_up(db, "ada", "another good password")
    for name, pw in (("ada", "wrong password!"), ("nobody", "correct horse battery")):
        with pytest.raises(AuthenticationError) as info:
            accounts.authenticate(db, name, pw)
        assert str(info.value).startswith("wrong username or password")


def test_the_local_user_cannot_log_in(db: Database) -> None:
    from mockprep.store.repositories import UserRepository

    with db.write() as session:
        local = UserRepository(session).local_user()
    assert accounts.user_id_of(db, "local") is None
    with pytest.raises(AuthenticationError):
        accounts.authenticate(db, local.username, "")


# --- rate limits ---


def test_address_keys() -> None:
    assert ratelimit.address_key("203.0.113.7") == "address:203.0.113.7"
    assert ratelimit.address_key("2001:db8:1:2:3:4:5:6") == "address:2001:db8:1:2::/64"
    assert ratelimit.address_key("2001:db8:1:2:ffff::1") == "address:2001:db8:1:2::/64"
    assert ratelimit.address_key("::ffff:192.0.2.1") == "address:192.0.2.1"
    assert ratelimit.address_key("testclient") == "address:testclient"


def test_windows_are_aligned() -> None:
    limit = ratelimit.LIMITS["login"]
    start, end = ratelimit.window_of(limit, datetime(2026, 3, 1, 12, 0, 42, 500, tzinfo=UTC))
    assert start == datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    assert end == start + timedelta(seconds=60)


def _hits_until_limited(db: Database, **kwargs: object) -> int:
    for n in range(1, 100):
        try:
            ratelimit.check(db, scope="login", **kwargs)  # type: ignore[arg-type]
        except RateLimitedError:
            return n
    raise AssertionError("never limited")


def test_limits_count_per_user_and_per_address(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(ratelimit.LIMITS, "login", ratelimit.Limit(3, 60, "login attempts"))
    now = datetime(2026, 3, 1, 12, 0, 15, tzinfo=UTC)
    # one account attacked from many addresses is limited by the account's counter
    for i in range(3):
        ratelimit.check(db, scope="login", user_id=1, address=f"10.0.0.{i}", now=now)
    with pytest.raises(RateLimitedError) as info:
        ratelimit.check(db, scope="login", user_id=1, address="10.0.0.9", now=now)
    assert "for your account" in info.value.message
    # one address trying many accounts is limited by the address's counter
    for uid in (2, 3, 4):
        ratelimit.check(db, scope="login", user_id=uid, address="10.9.9.9", now=now)
    with pytest.raises(RateLimitedError) as info:
        ratelimit.check(db, scope="login", user_id=5, address="10.9.9.9", now=now)
    assert "from your address" in info.value.message
    # other scopes and the next window are unaffected
    ratelimit.check(db, scope="grade", user_id=1, address="10.9.9.9", now=now)
    ratelimit.check(
        db, scope="login", user_id=1, address="10.9.9.9", now=now + timedelta(minutes=1)
    )


def test_limited_error_says_when_to_retry(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(ratelimit.LIMITS, "grade", ratelimit.Limit(2, 60, "answers graded"))
    now = datetime(2026, 3, 1, 12, 0, 15, tzinfo=UTC)
    for _ in range(2):
        ratelimit.check(db, scope="grade", user_id=7, address=None, now=now)
    with pytest.raises(RateLimitedError) as info:
        ratelimit.check(db, scope="grade", user_id=7, address=None, now=now)
    err = info.value
    assert isinstance(err, MockprepError) and err.http_status == 429
    assert err.retry_after == 45 and err.headers == {"Retry-After": "45"}
    assert str(err) == (
        "too many answers graded for your account (2 per minute are allowed). "
        "Try again in 45 seconds, at 12:01:00 UTC."
    )


def test_nothing_to_count_is_allowed(db: Database) -> None:
    for _ in range(50):
        ratelimit.check(db, scope="login", user_id=None, address=None)


def test_default_limits() -> None:
    assert ratelimit.LIMITS["login"].hits == 10 and ratelimit.LIMITS["login"].window_seconds == 60
    assert ratelimit.LIMITS["grade"].hits == 30 and ratelimit.LIMITS["grade"].window_seconds == 60
    with pytest.raises(KeyError):
        ratelimit.check(Database.__new__(Database), scope="nope", user_id=1, address=None)


# --- redirects after login ---


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/practice?x=1", "/practice?x=1"),
        ("/", "/"),
        (None, "/"),
        ("", "/"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("/a\r\nSet-Cookie: x=1", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_safe_next(target: str | None, expected: str) -> None:
    assert safe_next(target) == expected
