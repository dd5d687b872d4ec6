"""Which questions to ask: a practice session's choice, the review queue, and what is coming up.

All three are pure functions of plain data: the candidate questions, the user's scores per
question (``AttemptRepository.scores_by_question`` output: uid → [(when, score)], oldest
first) and review states.

Practice choice, in priority tiers (a lower tier is always asked first):

====  ======================================================================================
tier  questions
====  ======================================================================================
0     unanswered (no graded answer yet)
1     weak: the latest score is below the pass mark (5.0)
2     adequate: the latest score is below the strong band's floor (7.5)
3     strong
4     answered within the last :data:`REST_PERIOD`, whatever the score: a question is not
      asked again in a second session the same day while others are waiting
====  ======================================================================================

Within a tier the lowest latest score comes first, then the one answered longest ago; questions
still tied are in a seeded random order. Across categories the choice goes round-robin: the
next question comes from the category asked least so far in this session (among those, the one
whose next question comes first in that order), so a session of five spans five categories when
the tier allows it. A question is never chosen twice.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Protocol, TypedDict, TypeVar

from mockprep.grading.models import BAND_FLOORS, PASS_SCORE, Band
from mockprep.practice.scheduling import retrievability
from mockprep.store.records import ReviewRecord

REST_PERIOD = timedelta(hours=12)
"""A question answered this recently waits behind every other (tier 4)."""

ScoresByQuestion = Mapping[str, Sequence[tuple[datetime, float]]]


class Choosable(Protocol):
    """What selection needs of a question (``bank.schema.Question`` has both)."""

    @property
    def uid(self) -> str: ...

    @property
    def category(self) -> str: ...


Q = TypeVar("Q", bound=Choosable)


def latest_score(scores: Sequence[tuple[datetime, float]]) -> tuple[datetime, float] | None:
    """The newest (when, score) of a question's history, or ``None`` when it has none."""
    return max(scores, key=lambda item: item[0]) if scores else None


def tier(scores: Sequence[tuple[datetime, float]], now: datetime) -> int:
    """The priority tier of a question (0 asks first; see the module docstring)."""
    latest = latest_score(scores)
    if latest is None:
        return 0
    when, score = latest
    if now - when < REST_PERIOD:
        return 4
    if score < PASS_SCORE:
        return 1
    if score < BAND_FLOORS[Band.STRONG]:
        return 2
    return 3


def choose_questions(
    candidates: Sequence[Q],
    scores_by_question: ScoresByQuestion,
    count: int,
    *,
    now: datetime,
    seed: int | None = None,
) -> list[Q]:
    """Up to ``count`` distinct questions for a session, in the order to ask them.

    Args:
        candidates: the questions allowed by the session's filters (duplicates are ignored).
        scores_by_question: uid → [(when, score)] of the user's graded answers.
        count: how many to choose; fewer come back when there are fewer candidates.
        now: the session's start (timezone-aware), for the rest period.
        seed: makes the order of tied questions and categories reproducible; ``None`` draws
            a fresh order each time.
    """
    rng = random.Random(seed)
    unique = list({q.uid: q for q in candidates}.values())
    if count <= 0 or not unique:
        return []
    tie_break = {q.uid: rng.random() for q in unique}
    categories = sorted({q.category for q in unique})
    rng.shuffle(categories)
    category_rank = {c: i for i, c in enumerate(categories)}

    def order(q: Q) -> tuple[float, float, float]:
        latest = latest_score(scores_by_question.get(q.uid, ()))
        if latest is None:
            return (0.0, 0.0, tie_break[q.uid])
        return (latest[1], latest[0].timestamp(), tie_break[q.uid])

    tiers: dict[int, dict[str, list[Q]]] = defaultdict(lambda: defaultdict(list))
    for q in sorted(unique, key=order):
        tiers[tier(scores_by_question.get(q.uid, ()), now)][q.category].append(q)

    asked: dict[str, int] = defaultdict(int)
    chosen: list[Q] = []
    for level in sorted(tiers):
        queues = tiers[level]
        while len(chosen) < count and queues:
            category = min(queues, key=lambda c: (asked[c], order(queues[c][0]), category_rank[c]))
            chosen.append(queues[category].pop(0))
            asked[category] += 1
            if not queues[category]:
                del queues[category]
    return chosen


def _last_score(record: ReviewRecord, scores_by_question: ScoresByQuestion) -> float | None:
    latest = latest_score(scores_by_question.get(record.question_id, ()))
    return latest[1] if latest is not None else record.last_score


def due_for_review(
    reviews: Sequence[ReviewRecord],
    scores_by_question: ScoresByQuestion,
    now: datetime,
    limit: int | None = None,
) -> list[str]:
    """Uids of the questions due at or before ``now``, weakest first.

    Weakest means the lowest latest score (from the attempts, else the review state; a question
    with no score at all counts as weakest), then the lowest retrievability at ``now``, then the
    earliest due time. ``limit`` caps the list (``None``: all).
    """
    due = [r for r in reviews if r.due <= now]

    def weakness(record: ReviewRecord) -> tuple[float, float, datetime, str]:
        score = _last_score(record, scores_by_question)
        return (
            -1.0 if score is None else score,
            retrievability(record, now),
            record.due,
            record.question_id,
        )

    ordered = [r.question_id for r in sorted(due, key=weakness)]
    return ordered if limit is None else ordered[: max(0, limit)]


class Upcoming(TypedDict):
    """Due reviews by when: ``today`` (overdue included) and the six days after it."""

    today: list[tuple[str, datetime]]
    this_week: list[tuple[str, datetime]]


def upcoming(reviews: Sequence[ReviewRecord], now: datetime) -> Upcoming:
    """What is due today and this week, each list earliest first.

    Days are calendar days in ``now``'s time zone (pass ``datetime.now().astimezone()`` for
    the user's local days). ``today`` holds everything due before tomorrow's midnight, overdue
    cards included; ``this_week`` holds what falls due in the six days after today, so the two
    lists together cover seven calendar days and never overlap.
    """
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    tomorrow = midnight + timedelta(days=1)
    week_end = midnight + timedelta(days=7)
    result: Upcoming = {"today": [], "this_week": []}
    for record in sorted(reviews, key=lambda r: (r.due, r.question_id)):
        if record.due < tomorrow:
            result["today"].append((record.question_id, record.due))
        elif record.due < week_end:
            result["this_week"].append((record.question_id, record.due))
    return result
