"""Question choice for a session, the review queue, and what falls due today and this week."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from mockprep.bank.catalog import bundled_questions
from mockprep.practice.scheduling import review
from mockprep.practice.selection import (
    REST_PERIOD,
    choose_questions,
    due_for_review,
    upcoming,
)
from mockprep.store.records import ReviewRecord

NOW = datetime(2025, 3, 10, 15, 0, tzinfo=UTC)
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Q:
    uid: str
    category: str


def qs(category: str, n: int) -> list[Q]:
    return [Q(f"core/{category}-{i}", category) for i in range(n)]


def scored(score: float, days_ago: float = 3) -> list[tuple[datetime, float]]:
    return [(NOW - timedelta(days=days_ago), score)]


def uids(questions: list[Q]) -> list[str]:
    return [q.uid for q in questions]


# --- choose_questions --------------------------------------------------------------------------


def test_unanswered_then_weak_then_adequate_then_strong() -> None:
    strong, adequate, weak, new = (
        Q("b/strong", "x"),
        Q("b/ok", "x"),
        Q("b/weak", "x"),
        Q("b/new", "x"),
    )
    scores = {strong.uid: scored(9.0), adequate.uid: scored(6.0), weak.uid: scored(3.0)}
    chosen = choose_questions([strong, adequate, weak, new], scores, 4, now=NOW, seed=1)
    assert uids(chosen) == ["b/new", "b/weak", "b/ok", "b/strong"]


def test_within_a_tier_the_lowest_score_comes_first_then_the_oldest() -> None:
    a, b, c = Q("b/a", "x"), Q("b/b", "x"), Q("b/c", "x")
    scores = {a.uid: scored(4.5), b.uid: scored(1.0), c.uid: scored(4.5, days_ago=9)}
    for seed in range(5):
        assert uids(choose_questions([a, b, c], scores, 3, now=NOW, seed=seed)) == [
            "b/b",
            "b/c",
            "b/a",
        ]


def test_the_latest_score_counts_not_an_old_one() -> None:
    improved, slipped = Q("b/improved", "x"), Q("b/slipped", "x")
    scores = {
        improved.uid: [(NOW - 5 * DAY, 2.0), (NOW - 2 * DAY, 9.0)],
        slipped.uid: [(NOW - 5 * DAY, 9.0), (NOW - 2 * DAY, 2.0)],
    }
    chosen = choose_questions([improved, slipped], scores, 1, now=NOW, seed=0)
    assert uids(chosen) == ["b/slipped"]


def test_equally_prioritised_questions_go_round_robin_across_categories() -> None:
    candidates = qs("rag", 3) + qs("agents", 3) + qs("ethics", 3)
    chosen = choose_questions(candidates, {}, 6, now=NOW, seed=7)
    cats = [q.category for q in chosen]
    assert len(set(cats[:3])) == 3 and len(set(cats[3:])) == 3
    assert Counter(cats) == {"rag": 2, "agents": 2, "ethics": 2}


def test_the_spread_carries_over_from_one_tier_to_the_next() -> None:
    new = qs("rag", 2)
    weak = qs("rag", 4)[2:] + qs("agents", 2)
    scores = {q.uid: scored(3.0) for q in weak}
    chosen = choose_questions(new + weak, scores, 5, now=NOW, seed=3)
    # both unanswered rag questions first (a lower tier always wins); among the weak ones,
    # agents comes first until it has been asked as often as rag
    assert set(uids(chosen[:2])) == set(uids(new))
    assert [q.category for q in chosen[2:]] == ["agents", "agents", "rag"]


def test_a_question_answered_within_the_rest_period_waits_behind_the_rest() -> None:
    just_failed, strong = Q("b/just-failed", "x"), Q("b/strong", "y")
    scores = {
        just_failed.uid: [(NOW - REST_PERIOD + timedelta(minutes=5), 1.0)],
        strong.uid: scored(9.5),
    }
    assert uids(choose_questions([just_failed, strong], scores, 2, now=NOW, seed=0)) == [
        "b/strong",
        "b/just-failed",
    ]
    later = NOW + timedelta(minutes=10)  # the rest period is over: weak comes first again
    assert uids(choose_questions([just_failed, strong], scores, 2, now=later, seed=0)) == [
        "b/just-failed",
        "b/strong",
    ]


def test_never_the_same_question_twice_and_never_more_than_there_are() -> None:
    a, b = Q("b/a", "x"), Q("b/b", "y")
    chosen = choose_questions([a, b, a, a, b], {}, 10, now=NOW, seed=0)
    assert sorted(uids(chosen)) == ["b/a", "b/b"]
    assert choose_questions([a, b], {}, 0, now=NOW) == []
    assert choose_questions([], {}, 5, now=NOW) == []


def test_the_choice_is_deterministic_for_a_seed() -> None:
    candidates = qs("rag", 10) + qs("agents", 10) + qs("ethics", 10)
    first = choose_questions(candidates, {}, 8, now=NOW, seed=42)
    assert choose_questions(candidates, {}, 8, now=NOW, seed=42) == first
    others = {tuple(uids(choose_questions(candidates, {}, 8, now=NOW, seed=s))) for s in range(8)}
    assert len(others) > 1  # the seed does change the order of tied questions


def test_real_bank_questions_spread_over_categories() -> None:
    questions = list(bundled_questions())
    chosen = choose_questions(questions, {}, 5, now=NOW, seed=2025)
    assert len({q.category for q in chosen}) == 5
    assert len({q.uid for q in chosen}) == 5
    answered = {q.uid: scored(8.0) for q in questions[1:]}
    # the one unanswered question in the whole bank comes first
    assert choose_questions(questions, answered, 3, now=NOW, seed=1)[0] == questions[0]


# --- due_for_review ----------------------------------------------------------------------------


def record(uid: str, scores: list[float], due: datetime | None = None) -> ReviewRecord:
    """A review state after answering with ``scores``, each when due; ``due`` overrides the end."""
    previous: ReviewRecord | None = None
    when = NOW - 120 * DAY
    for score in scores:
        update = review(previous, score, when)
        previous = ReviewRecord(
            1, uid, update.card, update.due, update.last_review, update.reps, update.lapses, score
        )
        when = update.due
    assert previous is not None
    return ReviewRecord(
        previous.user_id,
        uid,
        previous.card,
        due or previous.due,
        previous.last_review,
        previous.reps,
        previous.lapses,
        previous.last_score,
    )


def test_only_questions_due_at_or_before_now_weakest_first() -> None:
    reviews = [
        record("b/good", [8.0], due=NOW - DAY),
        record("b/weak", [3.0], due=NOW - timedelta(hours=1)),
        record("b/exactly-now", [6.0], due=NOW),
        record("b/tomorrow", [1.0], due=NOW + DAY),
    ]
    assert due_for_review(reviews, {}, NOW) == ["b/weak", "b/exactly-now", "b/good"]
    assert due_for_review(reviews, {}, NOW, limit=2) == ["b/weak", "b/exactly-now"]
    assert due_for_review(reviews, {}, NOW, limit=0) == []


def test_the_latest_attempt_score_overrides_the_stored_last_score() -> None:
    reviews = [record("b/a", [3.0], due=NOW - DAY), record("b/b", [6.0], due=NOW - DAY)]
    scores = {"b/a": [(NOW - 9 * DAY, 3.0), (NOW - 2 * DAY, 9.0)]}
    assert due_for_review(reviews, scores, NOW) == ["b/b", "b/a"]


def test_equal_scores_put_the_lower_retrievability_first() -> None:
    # same last score, but "b/fragile" has the lower stability, so it is more likely forgotten
    fragile = record("b/fragile", [2.0, 2.0, 6.0], due=NOW - DAY)
    solid = record("b/solid", [8.0, 8.0, 6.0], due=NOW - DAY)
    assert fragile.card["stability"] < solid.card["stability"]
    assert due_for_review([solid, fragile], {}, NOW) == ["b/fragile", "b/solid"]


def test_a_due_question_with_no_score_at_all_counts_as_weakest() -> None:
    unscored = ReviewRecord(1, "b/unscored", {}, NOW - DAY, None, 0, 0, None)
    weak = record("b/weak", [0.5], due=NOW - DAY)
    assert due_for_review([weak, unscored], {}, NOW) == ["b/unscored", "b/weak"]


# --- upcoming ----------------------------------------------------------------------------------


def bare(uid: str, due: datetime) -> ReviewRecord:
    return ReviewRecord(1, uid, {}, due, None, 1, 0, 5.0)


def test_today_includes_overdue_and_this_week_the_six_days_after() -> None:
    midnight = NOW.replace(hour=0)
    reviews = [
        bare("b/next-month", NOW + 30 * DAY),
        bare("b/tonight", midnight + DAY - timedelta(seconds=1)),
        bare("b/overdue", NOW - 3 * DAY),
        bare("b/tomorrow", midnight + DAY),
        bare("b/day-six", midnight + 7 * DAY - timedelta(seconds=1)),
        bare("b/day-seven", midnight + 7 * DAY),
    ]
    result = upcoming(reviews, NOW)
    assert [uid for uid, _ in result["today"]] == ["b/overdue", "b/tonight"]
    assert [uid for uid, _ in result["this_week"]] == ["b/tomorrow", "b/day-six"]
    assert result["today"][0] == ("b/overdue", NOW - 3 * DAY)


def test_days_follow_the_time_zone_of_now() -> None:
    # 15:00 UTC is 01:00 the next day in UTC+10: a card due at 20:00 UTC is "today" there
    # (06:00 local), and one due at 10:00 UTC the next day is still today (20:00 local)
    east = NOW.astimezone(timezone(timedelta(hours=10)))
    reviews = [bare("b/a", NOW + timedelta(hours=5)), bare("b/b", NOW + timedelta(hours=19))]
    assert [uid for uid, _ in upcoming(reviews, east)["today"]] == ["b/a", "b/b"]
    assert [uid for uid, _ in upcoming(reviews, NOW)["today"]] == ["b/a"]


def test_nothing_scheduled_gives_two_empty_lists() -> None:
    assert upcoming([], NOW) == {"today": [], "this_week": []}
