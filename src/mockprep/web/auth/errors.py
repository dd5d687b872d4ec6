"""The errors of hosted-mode accounts; each is a ``MockprepError`` whose message names the fix.

::

    MockprepError
    ├── AuthenticationError   401  wrong username or password, or not signed in
    ├── UsernameTakenError    409  sign-up with a username someone already has
    ├── RateLimitedError      429  too many logins or gradings; carries Retry-After
    └── InputError
        └── PasswordRulesError  422  the new username or password breaks a rule (all listed)
"""

from __future__ import annotations

from mockprep.errors import InputError, MockprepError


class AuthenticationError(MockprepError):
    """Wrong username or password, or no valid session."""

    http_status = 401


class UsernameTakenError(MockprepError):
    """Someone already has that username."""

    http_status = 409


class PasswordRulesError(InputError):
    """The chosen username or password breaks one or more rules; ``problems`` lists each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__(
            "; ".join(self.problems),
            fix="Choose a username and password that follow these rules.",
        )


class RateLimitedError(MockprepError):
    """Too many requests of one kind from one user or address; retry after ``retry_after`` s."""

    http_status = 429

    def __init__(self, message: str, *, retry_after: int, fix: str | None = None) -> None:
        self.retry_after = max(1, int(retry_after))
        super().__init__(message, fix=fix)

    @property
    def headers(self) -> dict[str, str]:
        """Headers a 429 response should carry (``Retry-After`` in seconds)."""
        return {"Retry-After": str(self.retry_after)}
