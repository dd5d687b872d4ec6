"""Progress statistics: pure functions of a user's attempts, review states and the catalog.

:func:`compute_progress` reads frozen records (never the database) and returns a typed,
frozen :class:`ProgressStats`. The terminal, the chart export and the web app all render it.

What counts
    *Answers* are top-level attempts (``parent_attempt_id`` is ``None``); *follow-ups* answer a
    grade's follow-up question and are graded on the one key point they probe, so their scores
    are not comparable with full answers. Scores, trend, mastery and missed key points use
    graded answers only; attempt counts, streak and time practised count every attempt, and a
    follow-up belongs to its parent's question (and so its category and kind).

Mastery (0-1) of one question
    ``recent`` is the mean of the last :data:`RECENT_WINDOW` graded answer scores, divided by
    10; ``R`` is the FSRS retrievability of the question's card at ``now`` (the predicted
    chance of recalling the answer today). ``mastery = recent × R``: how much of the rubric you
    would cover if asked now. A question answered but not yet scheduled (no card, or a card
    never reviewed) has ``mastery = recent``. It starts at the answers' level on the day of an
    answer and decays as the review comes due; answering again refreshes both parts.

Mastery of a category or kind
    The mean mastery of its *practised* questions (``None`` when none is practised yet), with
    ``coverage`` = practised questions / questions in the catalog, so a category where you
    aced one question of ten reads as "90% mastery, 10% coverage", not as 9%.

Trend
    Mean graded-answer score per calendar day and per ISO week (Monday first) in ``tz``.

Most-missed key points
    Every graded answer's stored grade lists its key points with ``covered``; a point counts as
    missed once per answer that did not cover it. Ranked by times missed, then miss rate.

Streak
    Consecutive calendar days in ``tz`` with at least one attempt. The current streak ends
    today, or yesterday if nothing was answered yet today (it is still alive until midnight).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from itertools import pairwise
from typing import Any

from mockprep.bank.catalog import Catalog
from mockprep.bank.schema import Question
from mockprep.errors import MockprepError
from mockprep.practice.scheduling import retrievability
from mockprep.store.records import AttemptRecord, ReviewRecord

RECENT_WINDOW = 3
"""How many of a question's latest graded answers make its recent score."""
UNKNOWN = "(unknown)"
"""Category and kind of a question no longer in the catalog (its bank was removed)."""
DEFAULT_MISSED_LIMIT = 10
DEFAULT_DUE_LIMIT = 10


@dataclass(frozen=True)
class QuestionStats:
    """One practised question."""

    question_id: str
    question: str | None
    category: str
    kind: str
    attempts: int
    graded: int
    last_score: float | None
    best_score: float | None
    recent_score: float | None
    """Mean of the last few graded answer scores (0-10)."""
    retrievability: float | None
    mastery: float | None
    last_attempt_at: datetime
    due: datetime | None


@dataclass(frozen=True)
class GroupStats:
    """A category or a kind of question."""

    name: str
    questions_total: int
    questions_practised: int
    attempts: int
    graded: int
    mean_score: float | None
    mastery: float | None

    @property
    def coverage(self) -> float:
        return self.questions_practised / self.questions_total if self.questions_total else 0.0


@dataclass(frozen=True)
class TrendPoint:
    """Graded answers of one day or week (``start`` is the day, or the week's Monday)."""

    start: date
    answers: int
    mean_score: float
    best_score: float


@dataclass(frozen=True)
class MissedPoint:
    """A key point of one question and how often answers left it out."""

    question_id: str
    key_point_id: str
    label: str
    missed: int
    seen: int

    @property
    def miss_rate(self) -> float:
        return self.missed / self.seen if self.seen else 0.0


@dataclass(frozen=True)
class Streak:
    current: int
    longest: int
    last_day: date | None
    practised_today: bool


@dataclass(frozen=True)
class DueReview:
    question_id: str
    question: str | None
    category: str
    due: datetime
    overdue: bool
    retrievability: float | None
    last_score: float | None


@dataclass(frozen=True)
class ProgressStats:
    """Everything ``mockprep progress`` shows."""

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
    streak: Streak
    by_category: list[GroupStats] = field(default_factory=list)
    by_kind: list[GroupStats] = field(default_factory=list)
    questions: list[QuestionStats] = field(default_factory=list)
    daily: list[TrendPoint] = field(default_factory=list)
    weekly: list[TrendPoint] = field(default_factory=list)
    most_missed: list[MissedPoint] = field(default_factory=list)
    due_now: int = 0
    due_this_week: int = 0
    next_due: list[DueReview] = field(default_factory=list)

    @property
    def has_scores(self) -> bool:
        return self.graded > 0


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _lookup(questions: Iterable[Question]) -> dict[str, Question]:
    by_uid: dict[str, Question] = {}
    for q in questions:
        by_uid[q.uid] = q
    return by_uid


def _find(by_uid: dict[str, Question], question_id: str) -> Question | None:
    found = by_uid.get(question_id)
    if found is None and "/" not in question_id:
        found = by_uid.get(f"core/{question_id}")
    return found


def _retrievability(
    record: ReviewRecord | None, now: datetime, desired_retention: float
) -> float | None:
    """FSRS retrievability, or ``None`` for no card, a card never reviewed, or an unreadable one."""
    if record is None or not record.card or record.last_review is None:
        return None
    try:
        value = retrievability(record, now, desired_retention=desired_retention)
    except (MockprepError, KeyError, TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _score(attempt: AttemptRecord) -> float | None:
    if attempt.score is None or not math.isfinite(attempt.score):
        return None
    return max(0.0, min(10.0, float(attempt.score)))


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _trend(scored: Sequence[tuple[date, float]], *, weekly: bool) -> list[TrendPoint]:
    buckets: dict[date, list[float]] = defaultdict(list)
    for day, score in scored:
        buckets[_week_start(day) if weekly else day].append(score)
    return [
        TrendPoint(start=k, answers=len(v), mean_score=sum(v) / len(v), best_score=max(v))
        for k, v in sorted(buckets.items())
    ]


def compute_streak(days: Iterable[date], today: date) -> Streak:
    """The streak of consecutive practice days in ``days``, as seen on ``today``."""
    unique = sorted(set(days))
    if not unique:
        return Streak(current=0, longest=0, last_day=None, practised_today=False)
    longest = run = 1
    for before, after in pairwise(unique):
        run = run + 1 if after - before == timedelta(days=1) else 1
        longest = max(longest, run)
    last = unique[-1]
    current = 0
    if last >= today - timedelta(days=1):
        present = set(unique)
        cursor = last
        while cursor in present:
            current += 1
            cursor -= timedelta(days=1)
    return Streak(current=current, longest=longest, last_day=last, practised_today=today in unique)


def _missed_points(graded: Sequence[AttemptRecord]) -> list[MissedPoint]:
    missed: Counter[tuple[str, str]] = Counter()
    seen: Counter[tuple[str, str]] = Counter()
    labels: dict[tuple[str, str], str] = {}
    for attempt in graded:
        points = (attempt.grade or {}).get("key_points")
        if not isinstance(points, list):
            continue
        for point in points:
            if not isinstance(point, dict) or not point.get("id"):
                continue
            key = (attempt.question_id, str(point["id"]))
            labels[key] = str(point.get("label") or point["id"])
            seen[key] += 1
            if point.get("covered") is False:
                missed[key] += 1
    rows = [
        MissedPoint(
            question_id=q, key_point_id=k, label=labels[(q, k)], missed=n, seen=seen[(q, k)]
        )
        for (q, k), n in missed.items()
    ]
    rows.sort(key=lambda m: (-m.missed, -m.miss_rate, m.question_id, m.key_point_id))
    return rows


def _group(
    name: str,
    questions_total: int,
    members: Sequence[QuestionStats],
    scores: Sequence[float],
) -> GroupStats:
    masteries = [m.mastery for m in members if m.mastery is not None]
    return GroupStats(
        name=name,
        questions_total=questions_total,
        questions_practised=sum(1 for m in members if m.graded),
        attempts=sum(m.attempts for m in members),
        graded=sum(m.graded for m in members),
        mean_score=_mean(scores),
        mastery=_mean(masteries),
    )


def compute_progress(
    attempts: Sequence[AttemptRecord],
    reviews: Sequence[ReviewRecord],
    catalog: Catalog | Iterable[Question],
    *,
    now: datetime | None = None,
    tz: tzinfo = UTC,
    desired_retention: float = 0.9,
    missed_limit: int = DEFAULT_MISSED_LIMIT,
    due_limit: int = DEFAULT_DUE_LIMIT,
) -> ProgressStats:
    """The progress of one user at ``now`` (see the module docstring for every definition).

    Args:
        attempts: all of the user's attempts, in any order.
        reviews: all of the user's review states (one FSRS card per question).
        catalog: the questions the user can practise (for text, category, kind and totals).
        now: the moment the statistics describe (default: the current time, UTC).
        tz: the time zone whose calendar days make the trend and the streak.
        desired_retention: passed to the scheduler that computes retrievability.
        missed_limit: how many most-missed key points to keep.
        due_limit: how many upcoming reviews to list.
    """
    now = (now or datetime.now(UTC)).astimezone(UTC)
    today = now.astimezone(tz).date()
    questions = list(catalog.questions if isinstance(catalog, Catalog) else catalog)
    by_uid = _lookup(questions)
    review_of = {r.question_id: r for r in reviews}
    ordered = sorted(attempts, key=lambda a: (a.submitted_at, a.id))
    parent_question = {a.id: a.question_id for a in ordered}

    def owner(attempt: AttemptRecord) -> str:
        if attempt.parent_attempt_id is not None:
            return parent_question.get(attempt.parent_attempt_id, attempt.question_id)
        return attempt.question_id

    per_question: dict[str, list[AttemptRecord]] = defaultdict(list)
    for attempt in ordered:
        per_question[owner(attempt)].append(attempt)

    answers = [a for a in ordered if a.parent_attempt_id is None]
    graded_answers = [a for a in answers if _score(a) is not None]

    stats_of: dict[str, QuestionStats] = {}
    for uid, items in per_question.items():
        q = _find(by_uid, uid)
        scores = [s for a in items if a.parent_attempt_id is None and (s := _score(a)) is not None]
        recent = _mean(scores[-RECENT_WINDOW:])
        review = review_of.get(uid)
        r = _retrievability(review, now, desired_retention)
        mastery = None if recent is None else (recent / 10.0) * (1.0 if r is None else r)
        stats_of[uid] = QuestionStats(
            question_id=uid,
            question=q.question if q else None,
            category=q.category if q else UNKNOWN,
            kind=q.kind.value if q else UNKNOWN,
            attempts=len(items),
            graded=len(scores),
            last_score=scores[-1] if scores else None,
            best_score=max(scores) if scores else None,
            recent_score=recent,
            retrievability=r,
            mastery=mastery,
            last_attempt_at=items[-1].submitted_at,
            due=review.due if review else None,
        )

    def groups(key: str, names: Iterable[str]) -> list[GroupStats]:
        totals = Counter(getattr(q, key) if key == "category" else q.kind.value for q in questions)
        members: dict[str, list[QuestionStats]] = defaultdict(list)
        for s in stats_of.values():
            members[getattr(s, key)].append(s)
        scores: dict[str, list[float]] = defaultdict(list)
        for a in graded_answers:
            scores[getattr(stats_of[owner(a)], key)].append(_score(a) or 0.0)
        wanted = sorted(set(names) | set(members))
        return [_group(n, totals.get(n, 0), members.get(n, []), scores.get(n, [])) for n in wanted]

    scored_days = [(a.submitted_at.astimezone(tz).date(), _score(a) or 0.0) for a in graded_answers]
    week_end = now + timedelta(days=7)
    upcoming = sorted(reviews, key=lambda r: (r.due, r.question_id))
    next_due = []
    for review in upcoming[:due_limit]:
        q = _find(by_uid, review.question_id)
        next_due.append(
            DueReview(
                question_id=review.question_id,
                question=q.question if q else None,
                category=q.category if q else UNKNOWN,
                due=review.due,
                overdue=review.due <= now,
                retrievability=_retrievability(review, now, desired_retention),
                last_score=review.last_score,
            )
        )
    practised = [s for s in stats_of.values() if s.graded]
    return ProgressStats(
        generated_at=now,
        timezone=str(getattr(tz, "key", None) or tz.tzname(now) or "UTC"),
        attempts=len(ordered),
        answers=len(answers),
        follow_ups=len(ordered) - len(answers),
        graded=len(graded_answers),
        questions_practised=len(practised),
        questions_total=len(questions),
        mean_score=_mean([_score(a) or 0.0 for a in graded_answers]),
        mastery=_mean([s.mastery for s in practised if s.mastery is not None]),
        time_practised_seconds=sum(
            a.duration_seconds
            for a in ordered
            if a.duration_seconds is not None
            and math.isfinite(a.duration_seconds)
            and a.duration_seconds > 0
        ),
        streak=compute_streak((a.submitted_at.astimezone(tz).date() for a in ordered), today),
        by_category=groups("category", (q.category for q in questions)),
        by_kind=groups("kind", (q.kind.value for q in questions)),
        questions=sorted(
            stats_of.values(),
            key=lambda s: (s.mastery if s.mastery is not None else 2.0, s.question_id),
        ),
        daily=_trend(scored_days, weekly=False),
        weekly=_trend(scored_days, weekly=True),
        most_missed=_missed_points(graded_answers)[:missed_limit],
        due_now=sum(1 for r in reviews if r.due <= now),
        due_this_week=sum(1 for r in reviews if r.due <= week_end),
        next_due=next_due,
    )


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def stats_to_dict(stats: ProgressStats) -> dict[str, Any]:
    """A JSON-ready dict of ``stats`` (datetimes in ISO 8601 UTC, floats rounded to 4 places)."""
    data = asdict(stats)
    for group_key in ("by_category", "by_kind"):
        for raw, group in zip(data[group_key], getattr(stats, group_key), strict=True):
            raw["coverage"] = group.coverage
    for raw, missed in zip(data["most_missed"], stats.most_missed, strict=True):
        raw["miss_rate"] = missed.miss_rate
    plain: dict[str, Any] = _plain(data)
    return plain
