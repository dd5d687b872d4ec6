"""``/api/v1/progress``: mastery, trend, missed key points, streak and reviews (as `progress --json`)."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import APIRouter, Query
from pydantic import BaseModel

from mockprep.errors import InputError
from mockprep.practice.stats import ProgressStats, compute_progress, stats_to_dict
from mockprep.store.repositories import DataRepository
from mockprep.web.deps import CatalogDep, CurrentUserDep, DbDep, SettingsDep

router = APIRouter(prefix="/progress", tags=["progress"])


class StreakOut(BaseModel):
    current: int
    longest: int
    last_day: date | None
    practised_today: bool


class GroupOut(BaseModel):
    name: str
    questions_total: int
    questions_practised: int
    attempts: int
    graded: int
    mean_score: float | None
    mastery: float | None
    coverage: float


class QuestionStatsOut(BaseModel):
    question_id: str
    question: str | None
    category: str
    kind: str
    attempts: int
    graded: int
    last_score: float | None
    best_score: float | None
    recent_score: float | None
    retrievability: float | None
    mastery: float | None
    last_attempt_at: datetime
    due: datetime | None


class TrendOut(BaseModel):
    start: date
    answers: int
    mean_score: float
    best_score: float


class MissedOut(BaseModel):
    question_id: str
    key_point_id: str
    label: str
    missed: int
    seen: int
    miss_rate: float


class DueReviewOut(BaseModel):
    question_id: str
    question: str | None
    category: str
    due: datetime
    overdue: bool
    retrievability: float | None
    last_score: float | None


class ProgressOut(BaseModel):
    """See ``mockprep.practice.stats`` for what each figure means."""

    generated_at: datetime
    timezone: str
    attempts: int
    answers: int
    follow_ups: int
    graded: int
    questions_practised: int
    questions_total: int
    mean_score: float | None
    mastery: float | None
    time_practised_seconds: float
    streak: StreakOut
    by_category: list[GroupOut]
    by_kind: list[GroupOut]
    questions: list[QuestionStatsOut]
    daily: list[TrendOut]
    weekly: list[TrendOut]
    most_missed: list[MissedOut]
    due_now: int
    due_this_week: int
    next_due: list[DueReviewOut]


def zone(name: str | None) -> tzinfo:
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise InputError(
            f"unknown time zone {name!r}",
            fix="Use an IANA name such as Europe/London, or leave tz out for UTC.",
        ) from exc


def progress_of(
    db: DbDep, user_id: int, catalog: CatalogDep, settings: SettingsDep, tz: tzinfo = UTC
) -> ProgressStats:
    """The user's statistics now (the dashboard and the API both show these)."""
    with db.read() as s:
        repo = DataRepository(s)
        attempts = repo.attempts(user_id)
        reviews = repo.review_states(user_id)
    return compute_progress(
        attempts,
        reviews,
        catalog,
        now=datetime.now(UTC),
        tz=tz,
        desired_retention=settings.desired_retention,
    )


@router.get("", summary="Your progress")
def get_progress(
    db: DbDep,
    user: CurrentUserDep,
    catalog: CatalogDep,
    settings: SettingsDep,
    tz: Annotated[
        str | None,
        Query(max_length=64, description="IANA time zone for days (trend, streak); default UTC."),
    ] = None,
) -> ProgressOut:
    stats = progress_of(db, user.id, catalog, settings, zone(tz))
    return ProgressOut.model_validate(stats_to_dict(stats))
