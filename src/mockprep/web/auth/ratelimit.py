"""Rate limits per user and per address, counted in the database so every worker shares them.

Each scope allows ``hits`` requests per fixed window of ``window_seconds``, counted separately
for the user (``user:42``) and for the client address (``address:203.0.113.7``; IPv6 addresses
are counted per /64, the block one subscriber usually holds). Counting is one atomic upsert
per key, so workers and machines behind a load balancer agree. A request past the limit
raises ``RateLimitedError`` (HTTP 429) whose ``retry_after`` is the time left in the window.

The address is whatever the caller passes, normally ``request.client.host``. Behind a proxy,
run uvicorn with ``--proxy-headers --forwarded-allow-ips=<proxy address>`` so that this is
the visitor's address and not the proxy's.
"""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from mockprep.store.database import Database
from mockprep.store.models import utcnow
from mockprep.store.repositories import AuthRepository
from mockprep.web.auth.errors import RateLimitedError


@dataclass(frozen=True)
class Limit:
    hits: int
    window_seconds: int
    what: str
    """The requests counted, in words for the error message (``login attempts``)."""


LIMITS: dict[str, Limit] = {
    "login": Limit(hits=10, window_seconds=60, what="login attempts"),
    "signup": Limit(hits=10, window_seconds=60, what="sign-ups"),
    "grade": Limit(hits=30, window_seconds=60, what="answers graded"),
}
"""The limits by scope. Tests may replace entries (``monkeypatch.setitem``)."""


def address_key(address: str) -> str:
    """The counter key of a client address: IPv4 as is, IPv6 by its /64 network."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return f"address:{address.strip()[:150]}"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return f"address:{ip.ipv4_mapped}"
        return f"address:{ipaddress.IPv6Network((ip, 64), strict=False)}"
    return f"address:{ip}"


def window_of(limit: Limit, now: datetime) -> tuple[datetime, datetime]:
    """The fixed window holding ``now``: windows start at multiples of its length since 1970."""
    epoch = int(now.timestamp())
    start = epoch - epoch % limit.window_seconds
    begin = datetime.fromtimestamp(start, UTC)
    return begin, begin + timedelta(seconds=limit.window_seconds)


def check(
    db: Database,
    *,
    scope: str,
    user_id: int | None,
    address: str | None,
    now: datetime | None = None,
) -> None:
    """Count one request of ``scope`` for the user and for the address; raise past the limit.

    Raises:
        RateLimitedError: the user or the address has used up this window (HTTP 429).
        KeyError: ``scope`` is not in ``LIMITS`` (a bug in the caller).
    """
    limit = LIMITS[scope]
    moment = now or utcnow()
    start, end = window_of(limit, moment)
    keys = []
    if user_id is not None:
        keys.append((f"user:{user_id}", "for your account"))
    if address:
        keys.append((address_key(address), "from your address"))
    if not keys:
        return
    over: str | None = None
    with db.write() as session:
        repo = AuthRepository(session)
        for key, who in keys:
            if repo.hit(scope, key, window_start=start, window_end=end) > limit.hits and not over:
                over = who
    if over is None:
        return
    retry_after = max(1, math.ceil((end - moment).total_seconds()))
    per = "minute" if limit.window_seconds == 60 else f"{limit.window_seconds} seconds"
    raise RateLimitedError(
        f"too many {limit.what} {over} ({limit.hits} per {per} are allowed)",
        retry_after=retry_after,
        fix=f"Try again in {retry_after} seconds, at {end:%H:%M:%S} UTC.",
    )
