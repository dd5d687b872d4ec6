"""The Jinja2 templates of every page, with the globals and filters they share.

``templates`` is what page routes (and the hosted-mode auth routes) render with. Templates
extend ``base.html`` and fill the blocks ``title`` and ``content``; every form includes
``<input type="hidden" name="csrf_token" value="{{ csrf_token(request) }}">``.
Autoescaping is on: text from users and banks is always shown as text.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates

from mockprep import __version__
from mockprep.grading.models import band_for
from mockprep.store.records import UserRecord
from mockprep.web.csrf import csrf_token
from mockprep.web.highlight import highlight_answer

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"
USER_STATE_KEY = "mockprep_user"


def current_user(request: Request) -> UserRecord | None:
    """The user the request is served for, once a route has looked it up."""
    user = getattr(request.state, USER_STATE_KEY, None)
    return user if isinstance(user, UserRecord) else None


def is_hosted(request: Request) -> bool:
    settings = getattr(request.app.state, "settings", None)
    return bool(settings is not None and settings.hosted)


def format_when(value: datetime | str | None) -> str:
    """A timestamp as ``2026-11-29 10:05 UTC``."""
    if value is None:
        return ""
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return value
        value = parsed
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def format_score(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def band_of(value: float | None) -> str:
    return "none" if value is None else band_for(value).value


def format_duration(seconds: float | None) -> str:
    if seconds is None or seconds < 0:
        return ""
    whole = int(seconds)
    if whole >= 3600:
        return f"{whole // 3600}h {whole % 3600 // 60:02d}m"
    return f"{whole // 60}:{whole % 60:02d}"


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def short_ref(uid: str) -> str:
    """Bundled questions are named without ``core/``, as the CLI does."""
    return uid.removeprefix("core/")


def _globals() -> dict[str, Any]:
    return {
        "csrf_token": csrf_token,
        "current_user": current_user,
        "is_hosted": is_hosted,
        "highlight_answer": highlight_answer,
        "version": __version__,
    }


templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
templates.env.globals.update(_globals())
templates.env.filters.update(
    {
        "when": format_when,
        "score": format_score,
        "band": band_of,
        "duration": format_duration,
        "percent": percent,
        "ref": short_ref,
    }
)
templates.env.trim_blocks = True
templates.env.lstrip_blocks = True
