"""Spaced repetition: the grade → rating mapping, golden FSRS sequences, lapses, retrievability."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fsrs import Rating
from sqlalchemy import select

from mockprep.errors import InputError, StorageError
from mockprep.grading.models import BAND_FLOORS, PASS_SCORE, Band, band_for, passes
from mockprep.practice.scheduling import (
    CardUpdate,
    apply_review,
    rating_for_score,
    retrievability,
    review,
)
from mockprep.store.database import Database
from mockprep.store.models import ReviewLog
from mockprep.store.records import ReviewRecord
from mockprep.store.repositories import AttemptRepository, ReviewRepository, UserRepository

T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def as_record(update: CardUpdate, score: float, uid: str = "core/rag-basics") -> ReviewRecord:
    """The review state ``ReviewRepository.save`` would hand back for ``update``."""
    return ReviewRecord(
        user_id=1,
        question_id=uid,
        card=update.card,
        due=update.due,
        last_review=update.last_review,
        reps=update.reps,
        lapses=update.lapses,
        last_score=score,
    )


def run(scores: list[float], *, desired_retention: float = 0.9) -> list[CardUpdate]:
    """Review once per score, each time exactly when the card falls due."""
    updates: list[CardUpdate] = []
    previous: ReviewRecord | None = None
    now = T0
    for score in scores:
        update = review(previous, score, now, desired_retention=desired_retention)
        updates.append(update)
        previous = as_record(update, score)
        now = update.due
    return updates


# --- the mapping ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "rating"),
    [
        (0.0, Rating.Again),
        (2.0, Rating.Again),
        (4.99, Rating.Again),
        (5.0, Rating.Hard),
        (7.49, Rating.Hard),
        (7.5, Rating.Good),
        (8.99, Rating.Good),
        (9.0, Rating.Easy),
        (10.0, Rating.Easy),
        (7, Rating.Hard),  # an int score is fine
    ],
)
def test_rating_for_score_follows_the_documented_table(score: float, rating: Rating) -> None:
    assert rating_for_score(score) is rating


def test_again_means_below_the_pass_mark_and_good_means_the_strong_band() -> None:
    assert PASS_SCORE == BAND_FLOORS[Band.ADEQUATE] == 5.0
    for tenth in range(101):
        score = tenth / 10
        band = band_for(score)
        rating = rating_for_score(score)
        assert (rating is Rating.Again) == (not passes(band)), score
        if band is Band.ADEQUATE:
            assert rating is Rating.Hard, score
        if band is Band.STRONG:
            assert rating in (Rating.Good, Rating.Easy), score


def test_ratings_never_fall_as_the_score_rises() -> None:
    ratings = [rating_for_score(tenth / 10) for tenth in range(101)]
    assert ratings == sorted(ratings)
    assert set(ratings) == set(Rating)


@pytest.mark.parametrize("bad", [-0.1, 10.01, math.nan, math.inf])
def test_a_score_off_the_scale_is_refused(bad: float) -> None:
    with pytest.raises(InputError, match="from 0 to 10"):
        rating_for_score(bad)
    with pytest.raises(InputError):
        review(None, bad, T0)


# --- golden sequences --------------------------------------------------------------------------


def test_first_review_intervals_per_rating() -> None:
    days = {score: (review(None, score, T0).due - T0).days for score in (0.0, 5.0, 7.5, 9.0)}
    # no learning steps: every first answer is scheduled in whole days, at least one
    assert days == {0.0: 1, 5.0: 1, 7.5: 2, 9.0: 8}


def test_golden_sequence_of_scores_gives_fixed_intervals_and_counts() -> None:
    scores = [6.0, 8.0, 8.0, 3.0, 6.0, 9.5, 9.5]
    updates = run(scores)
    intervals = [(u.due - u.last_review).days for u in updates]
    assert intervals == [1, 5, 17, 2, 3, 9, 24]
    assert [u.rating for u in updates] == [2, 3, 3, 1, 2, 4, 4]
    assert [u.reps for u in updates] == [1, 2, 3, 4, 5, 6, 7]
    assert [u.lapses for u in updates] == [0, 0, 0, 1, 1, 1, 1]
    assert updates[-1].due == datetime(2025, 3, 8, 9, 0, tzinfo=UTC)
    assert all(u.due.tzinfo is UTC for u in updates)


def test_golden_sequence_all_failures_stays_at_one_day() -> None:
    updates = run([1.0, 2.0, 0.0, 4.0])
    assert [(u.due - u.last_review).days for u in updates] == [1, 1, 1, 1]
    # the first Again is a new card failing, not a lapse; the next three are lapses
    assert [u.lapses for u in updates] == [0, 1, 2, 3]


def test_higher_desired_retention_schedules_sooner() -> None:
    scores = [8.0, 8.0, 8.0]
    relaxed = run(scores, desired_retention=0.8)[-1]
    default = run(scores, desired_retention=0.9)[-1]
    strict = run(scores, desired_retention=0.95)[-1]
    assert relaxed.due > default.due > strict.due


def test_bad_desired_retention_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        review(None, 8.0, T0, desired_retention=1.5)
    assert caught.value.fix is not None and "MOCKPREP_DESIRED_RETENTION" in caught.value.fix


# --- purity ------------------------------------------------------------------------------------


def test_review_is_pure_and_deterministic() -> None:
    first = review(None, 8.0, T0)
    previous = as_record(first, 8.0)
    snapshot: dict[str, Any] = dict(previous.card)
    later = first.due + timedelta(hours=3)
    a = review(previous, 6.0, later)
    b = review(previous, 6.0, later)
    assert a == b
    assert previous.card == snapshot  # the input is not changed
    assert a.card["card_id"] == first.card["card_id"] == int(T0.timestamp() * 1000)
    assert a.last_review == later
    assert a.log["score"] == 6.0 and a.log["rating"] == 2
    assert a.log["scheduler"].startswith("fsrs 6")


def test_a_record_without_a_card_starts_a_new_card_but_keeps_its_counts() -> None:
    empty = ReviewRecord(1, "core/lora", {}, T0, None, reps=3, lapses=1, last_score=4.0)
    update = review(empty, 8.0, T0)
    assert update.reps == 4 and update.lapses == 1
    assert (update.due - T0).days == 2  # scheduled like a first Good answer


def test_other_time_zones_are_converted_and_naive_times_refused() -> None:
    from zoneinfo import ZoneInfo

    local = T0.astimezone(ZoneInfo("Europe/Paris"))
    assert review(None, 8.0, local) == review(None, 8.0, T0)
    with pytest.raises(ValueError, match="naive"):
        review(None, 8.0, T0.replace(tzinfo=None))


def test_an_unreadable_card_is_a_storage_error_naming_the_fix() -> None:
    broken = ReviewRecord(1, "core/lora", {"state": "?"}, T0, None, 1, 0, 5.0)
    with pytest.raises(StorageError) as caught:
        review(broken, 8.0, T0)
    assert "core/lora" in caught.value.message
    assert caught.value.fix is not None and "Answer the question again" in caught.value.fix


# --- retrievability ----------------------------------------------------------------------------


def test_retrievability_falls_with_time_and_is_near_desired_retention_when_due() -> None:
    update = run([8.0, 8.0])[-1]
    record = as_record(update, 8.0)
    values = [
        retrievability(record, update.last_review + timedelta(days=d)) for d in (0, 1, 2, 5, 30)
    ]
    assert values[0] == 1.0
    assert values == sorted(values, reverse=True) and len(set(values)) == len(values)
    assert retrievability(record, update.due) == pytest.approx(0.9, abs=0.01)


def test_retrievability_of_a_card_never_reviewed_is_zero() -> None:
    empty = ReviewRecord(1, "core/lora", {}, T0, None, 0, 0, None)
    assert retrievability(empty, T0) == 0.0


def test_a_failed_answer_lowers_stability() -> None:
    strong = as_record(run([8.0, 8.0])[-1], 8.0)
    lapsed_update = review(strong, 2.0, strong.due)
    lapsed = as_record(lapsed_update, 2.0)
    week = timedelta(days=7)
    assert lapsed_update.card["stability"] < strong.card["stability"]
    assert lapsed.last_review is not None and strong.last_review is not None
    assert retrievability(lapsed, lapsed.last_review + week) < retrievability(
        strong, strong.last_review + week
    )


# --- through the store -------------------------------------------------------------------------


def test_apply_review_saves_the_card_and_a_log_row(db: Database) -> None:
    uid = "core/rag-basics"
    with db.write() as s:
        user = UserRepository(s).local_user()
        attempt = AttemptRepository(s).add(user.id, uid, "RAG retrieves, then generates.")
        first = apply_review(
            ReviewRepository(s),
            user.id,
            uid,
            7.5,
            T0,
            attempt_id=attempt.id,
            desired_retention=0.9,
        )
    with db.write() as s:
        second = apply_review(
            ReviewRepository(s),
            user.id,
            uid,
            3.0,
            first.due,
            attempt_id=None,
            desired_retention=0.9,
        )
    with db.read() as s:
        stored = ReviewRepository(s).get(user.id, uid)
        logs = list(s.scalars(select(ReviewLog).order_by(ReviewLog.id)))
    assert stored is not None
    assert stored.card == second.card and stored.due == second.due
    assert stored.reps == 2 and stored.lapses == 1 and stored.last_score == 3.0
    assert stored.last_review == first.due
    # the second review read the first one's card: the same card id, a lapse counted
    assert second.card["card_id"] == first.card["card_id"]
    assert [(log.rating, log.attempt_id) for log in logs] == [(3, attempt.id), (1, None)]
    assert [log.reviewed_at for log in logs] == [T0, first.due]
    assert logs[0].log["score"] == 7.5 and logs[1].log["state_before"] == 2
