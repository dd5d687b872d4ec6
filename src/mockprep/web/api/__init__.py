"""The JSON API under ``/api/v1``: one module per resource, described at ``/docs``.

Every state-changing call needs the CSRF token (``GET /api/v1/csrf`` gives one); errors are
``{"error": {"type", "message", "details"}}`` with a 4xx status.
"""

from __future__ import annotations

from fastapi import APIRouter

from mockprep.web.api import (
    ats,
    attempts,
    banks,
    data,
    grade,
    meta,
    offers,
    progress,
    questions,
    reviews,
    sessions,
    speech,
    stories,
)
from mockprep.web.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api/v1", responses=ERROR_RESPONSES)
for module in (
    questions,
    sessions,
    attempts,
    reviews,
    progress,
    banks,
    data,
    grade,
    speech,
    stories,
    ats,
    offers,
    meta,
):
    router.include_router(module.router)

__all__ = ["router"]
