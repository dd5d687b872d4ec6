"""Server-rendered pages: one module per area. Every page works without JavaScript."""

from __future__ import annotations

from fastapi import APIRouter

from mockprep.web.pages import (
    ats,
    dashboard,
    docs,
    history,
    offers,
    practice,
    questions,
    review,
    stories,
)

router = APIRouter(include_in_schema=False)
for module in (dashboard, practice, review, questions, history, stories, ats, offers, docs):
    router.include_router(module.router)

__all__ = ["router"]
