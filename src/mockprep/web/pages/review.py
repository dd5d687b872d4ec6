"""The review page: what is due, and a button that starts a review session (the practice flow)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from mockprep.store.repositories import AttemptRepository, ReviewRepository
from mockprep.web.api.reviews import due_reviews
from mockprep.web.deps import RunnerDep, SettingsDep
from mockprep.web.templating import templates

router = APIRouter(prefix="/review")


def _review_page(
    request: Request, runner: RunnerDep, settings: SettingsDep, message: str | None = None
) -> Response:
    with runner.db.read() as s:
        reviews = ReviewRepository(s).all(runner.user_id)
        scores = AttemptRepository(s).scores_by_question(runner.user_id)
    due = due_reviews(
        reviews, scores, runner.catalog, datetime.now(UTC), settings.desired_retention
    )
    return templates.TemplateResponse(
        request,
        "pages/review.html",
        {"due": due, "scheduled": len(reviews), "message": message},
    )


@router.get("", name="review")
def review_page(request: Request, runner: RunnerDep, settings: SettingsDep) -> Response:
    return _review_page(request, runner, settings)


@router.post("", name="review_start")
def review_start(
    request: Request,
    runner: RunnerDep,
    settings: SettingsDep,
    limit: Annotated[int, Form(ge=1, le=100)] = 10,
) -> Response:
    session = runner.start_review(limit=limit)
    if session is None:
        return _review_page(request, runner, settings, "Nothing is due for review right now.")
    return RedirectResponse(f"/practice/{session.id}", status_code=303)
