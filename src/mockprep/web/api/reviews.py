"""``/api/v1/reviews/due``: the questions whose spaced-repetition review falls today and this week."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from mockprep.bank.catalog import Catalog
from mockprep.errors import BankError
from mockprep.practice.scheduling import retrievability
from mockprep.practice.selection import latest_score, upcoming
from mockprep.store.records import ReviewRecord
from mockprep.store.repositories import AttemptRepository, ReviewRepository
from mockprep.web.api.schemas import SessionOut
from mockprep.web.deps import CatalogDep, CurrentUserDep, DbDep, RunnerDep, SettingsDep

router = APIRouter(prefix="/reviews", tags=["reviews"])


class DueItem(BaseModel):
    uid: str
    question: str | None = Field(description="None when the question's bank was removed.")
    category: str | None
    due: datetime
    overdue: bool
    last_score: float | None
    retrievability: float = Field(description="FSRS's predicted chance of recall now (0-1).")


class DueOut(BaseModel):
    now: datetime
    today: list[DueItem]
    this_week: list[DueItem]
    later: int = Field(description="Reviews scheduled after this week.")


def due_reviews(
    reviews: list[ReviewRecord],
    scores: dict[str, list[tuple[datetime, float]]],
    catalog: Catalog,
    now: datetime,
    desired_retention: float,
) -> DueOut:
    """What `mockprep due --json` shows, as a model."""
    records = {r.question_id: r for r in reviews}
    coming = upcoming(reviews, now.astimezone())

    def item(uid: str, due: datetime) -> DueItem:
        record = records[uid]
        try:
            q = catalog.get(uid)
            text, category = q.question, q.category
        except BankError:
            text, category = None, None
        latest = latest_score(scores.get(uid, []))
        return DueItem(
            uid=uid,
            question=text,
            category=category,
            due=due.astimezone(UTC),
            overdue=due < now,
            last_score=latest[1] if latest is not None else record.last_score,
            retrievability=round(
                retrievability(record, now, desired_retention=desired_retention), 3
            ),
        )

    today = [item(uid, due) for uid, due in coming["today"]]
    week = [item(uid, due) for uid, due in coming["this_week"]]
    listed = {i.uid for i in today + week}
    return DueOut(
        now=now,
        today=today,
        this_week=week,
        later=sum(1 for r in reviews if r.question_id not in listed),
    )


class ReviewCreate(BaseModel):
    limit: int = Field(default=10, ge=1, le=100)


class ReviewStarted(BaseModel):
    session: SessionOut | None = Field(description="None when nothing is due for review.")
    message: str


@router.post("/start", summary="Start a session of the reviews due, weakest first")
def start_review(runner: RunnerDep, body: ReviewCreate | None = None) -> ReviewStarted:
    """Then answer it like any session (GET /api/v1/sessions/{id}/next …)."""
    session = runner.start_review(limit=(body or ReviewCreate()).limit)
    if session is None:
        return ReviewStarted(session=None, message="Nothing is due for review.")
    remaining = len(runner.remaining(session))
    return ReviewStarted(
        session=SessionOut.of(session, remaining), message=f"{remaining} question(s) to review."
    )


@router.get("/due", summary="Reviews due today and this week")
def get_due(db: DbDep, user: CurrentUserDep, catalog: CatalogDep, settings: SettingsDep) -> DueOut:
    with db.read() as s:
        reviews = ReviewRepository(s).all(user.id)
        scores = AttemptRepository(s).scores_by_question(user.id)
    return due_reviews(reviews, scores, catalog, datetime.now(UTC), settings.desired_retention)
