"""Spaced repetition: a grade becomes an FSRS rating, and the ``fsrs`` library schedules the card.

Each (user, question) pair has one FSRS card, stored as JSON in ``review_states``. Nothing here
is a hand-written scheduler: :func:`review` turns a score into a :class:`fsrs.Rating` and lets
``fsrs.Scheduler.review_card`` compute the next state. It is a pure function of its inputs and
the ``fsrs`` version (fuzzing off, card ids derived from the first review time), so a stored
schedule can be explained and replayed from the review log.

Scheduler choices (module constants, so they are visible and tested):

- **No learning or relearning steps.** FSRS's defaults re-ask a new or failed card after 1 and
  10 minutes, which suits flashcards but not interview questions: re-typing an answer ten
  minutes after reading its feedback tests short-term memory. With no steps every review goes
  straight to day-based intervals (at least one day); a failed question comes back tomorrow.
- **Fuzzing off**, so the same scores at the same times always give the same due dates.
- **Default FSRS-6 parameters**; desired retention comes from ``Settings.desired_retention``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from typing import Any

from fsrs import Card, Rating, Scheduler, State

from mockprep.errors import InputError, StorageError
from mockprep.grading.models import BAND_FLOORS, PASS_SCORE, Band
from mockprep.store.records import ReviewRecord
from mockprep.store.repositories import ReviewRepository

HARD_FLOOR = PASS_SCORE
"""Lowest score rated Hard: the pass mark (the floor of the *adequate* band, 5.0)."""
GOOD_FLOOR = BAND_FLOORS[Band.STRONG]
"""Lowest score rated Good: the floor of the *strong* band (7.5)."""
EASY_FLOOR = 9.0
"""Lowest score rated Easy: a strong answer that covers nearly every key point."""

LEARNING_STEPS: tuple[()] = ()
RELEARNING_STEPS: tuple[()] = ()
FSRS_VERSION = version("fsrs")


def rating_for_score(score: float) -> Rating:
    """The FSRS rating a grade earns (scores are 0-10, bands from ``grading.models``).

    ======================  =========  ==================================================
    score                   rating     why
    ======================  =========  ==================================================
    0 ≤ score < 5.0         Again (1)  below the pass mark (off-target or weak band):
                                       the answer failed, so the question was not recalled
    5.0 ≤ score < 7.5       Hard (2)   adequate band: recalled, but with real gaps
    7.5 ≤ score < 9.0       Good (3)   strong band: recalled well
    9.0 ≤ score ≤ 10        Easy (4)   strong and nearly complete
    ======================  =========  ==================================================

    Again is tied to the pass mark so that "lapse" means what a candidate expects: a question
    they had passed and then failed. Adequate answers are Hard rather than Good because the
    goal is a strong answer; they come back sooner until they are strong. Easy starts at 9.0,
    not at the strong band's floor, because Easy's intervals grow fast (about eight days after
    a first answer, against two for Good) and grader noise near the top of the scale should
    not push a question away for weeks.

    Raises:
        InputError: the score is not a number from 0 to 10.
    """
    if not isinstance(score, int | float) or math.isnan(score) or not 0.0 <= score <= 10.0:
        raise InputError(
            f"a score must be a number from 0 to 10, not {score!r}",
            fix="Grade the answer again; scores come from the grader on a 0-10 scale.",
        )
    if score < HARD_FLOOR:
        return Rating.Again
    if score < GOOD_FLOOR:
        return Rating.Hard
    if score < EASY_FLOOR:
        return Rating.Good
    return Rating.Easy


@dataclass(frozen=True)
class CardUpdate:
    """The state a review leaves behind: what :meth:`ReviewRepository.save` and ``log`` store."""

    card: dict[str, Any]
    due: datetime
    last_review: datetime
    reps: int
    lapses: int
    rating: int
    log: dict[str, Any]


def make_scheduler(desired_retention: float = 0.9) -> Scheduler:
    """The FSRS scheduler mockprep uses (see the module docstring for the choices)."""
    if not 0.0 < desired_retention < 1.0:
        raise InputError(
            f"desired retention must be between 0 and 1, not {desired_retention!r}",
            fix="Set MOCKPREP_DESIRED_RETENTION to a value such as 0.9.",
        )
    return Scheduler(
        desired_retention=desired_retention,
        learning_steps=LEARNING_STEPS,
        relearning_steps=RELEARNING_STEPS,
        enable_fuzzing=False,
    )


def _utc(when: datetime) -> datetime:
    if when.tzinfo is None:
        raise ValueError("naive datetime given to the scheduler; use datetime.now(UTC)")
    return when.astimezone(UTC)


def card_of(record: ReviewRecord) -> Card | None:
    """The stored FSRS card of a review state (``None`` when it holds no card yet)."""
    if not record.card:
        return None
    try:
        card = Card.from_dict(record.card)  # type: ignore[arg-type]
    except (KeyError, TypeError, ValueError) as exc:
        raise StorageError(
            f"the review state of {record.question_id} holds an unreadable FSRS card ({exc})",
            fix="Answer the question again to start a fresh card, or restore an export.",
        ) from exc
    card.due = _utc(card.due)
    if card.last_review is not None:
        card.last_review = _utc(card.last_review)
    return card


def review(
    previous: ReviewRecord | None,
    score: float,
    now: datetime,
    *,
    desired_retention: float = 0.9,
) -> CardUpdate:
    """Schedule a question after an answer scored ``score`` at ``now``.

    Pure and deterministic: the first review makes a new card (its id is ``now`` in epoch
    milliseconds); ``reps`` counts reviews and ``lapses`` counts Again ratings given to a card
    that had reached the review state (a question once passed, now failed).
    """
    now = _utc(now)
    rating = rating_for_score(score)
    scheduler = make_scheduler(desired_retention)
    card = card_of(previous) if previous is not None else None
    if card is None:
        card = Card(card_id=int(now.timestamp() * 1000), due=now)
    lapsed = rating == Rating.Again and card.state in (State.Review, State.Relearning)
    new_card, review_log = scheduler.review_card(card, rating, now)
    log: dict[str, Any] = {
        **review_log.to_dict(),
        "score": float(score),
        "state_before": int(card.state),
        "desired_retention": desired_retention,
        "scheduler": f"fsrs {FSRS_VERSION}",
    }
    return CardUpdate(
        card=dict(new_card.to_dict()),
        due=_utc(new_card.due),
        last_review=now,
        reps=(previous.reps if previous else 0) + 1,
        lapses=(previous.lapses if previous else 0) + int(lapsed),
        rating=int(rating),
        log=log,
    )


def retrievability(record: ReviewRecord, now: datetime, *, desired_retention: float = 0.9) -> float:
    """The predicted chance (0-1) of recalling the answer at ``now``; 0 for a card never reviewed.

    FSRS counts whole days since the last review, so it stays 1.0 on the day of an answer and
    falls from the next day on. (Retrievability does not depend on desired retention; the
    argument is accepted so callers configure one scheduler the same way everywhere.)
    """
    card = card_of(record)
    if card is None:
        return 0.0
    return float(make_scheduler(desired_retention).get_card_retrievability(card, _utc(now)))


def apply_review(
    reviews: ReviewRepository,
    user_id: int,
    question_uid: str,
    score: float,
    now: datetime,
    *,
    attempt_id: int | None,
    desired_retention: float,
) -> CardUpdate:
    """Review ``question_uid`` for the user: read its card, save the new one and a log row."""
    previous = reviews.get(user_id, question_uid)
    update = review(previous, score, now, desired_retention=desired_retention)
    reviews.save(
        user_id,
        question_uid,
        card=update.card,
        due=update.due,
        last_review=update.last_review,
        reps=update.reps,
        lapses=update.lapses,
        last_score=float(score),
    )
    reviews.log(
        user_id,
        question_uid,
        rating=update.rating,
        attempt_id=attempt_id,
        reviewed_at=update.last_review,
        log=update.log,
    )
    return update
