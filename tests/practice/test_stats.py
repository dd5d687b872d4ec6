"""Progress statistics from constructed records, and the terminal chart pieces."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from mockprep.bank.schema import Question
from mockprep.errors import InputError
from mockprep.practice.charts import (
    bar,
    check_chart_path,
    export_chart,
    progress_report,
    sparkline,
)
from mockprep.practice.scheduling import retrievability, review
from mockprep.practice.stats import (
    RECENT_WINDOW,
    UNKNOWN,
    compute_progress,
    compute_streak,
    stats_to_dict,
)
from mockprep.store.records import AttemptRecord, ReviewRecord

NOW = datetime(2026, 3, 12, 15, 0, tzinfo=UTC)  # a Thursday


def make_question(qid: str, category: str, kind: str = "concept") -> Question:
    return Question.model_validate(
        {
            "id": qid,
            "category": category,
            "kind": kind,
            "difficulty": 2,
            "roles": ["engineer"],
            "question": f"Explain {qid.replace('-', ' ')} to an interviewer.",
            "model_answer": "A model answer.",
            "key_points": [
                {
                    "id": "first",
                    "label": "First point",
                    "statement": "The first thing.",
                    "weight": 0.6,
                },
                {
                    "id": "second",
                    "label": "Second point",
                    "statement": "The second thing.",
                    "weight": 0.4,
                },
            ],
        }
    )


CATALOG = [
    make_question("alpha", "foundations"),
    make_question("beta", "foundations", "scenario"),
    make_question("gamma", "ethics", "opinion"),
]


def grade(score: float, covered: dict[str, bool]) -> dict[str, Any]:
    labels = {"first": "First point", "second": "Second point"}
    return {
        "score": score,
        "band": "adequate",
        "key_points": [
            {"id": k, "label": labels.get(k, k), "covered": v, "evidence": []}
            for k, v in covered.items()
        ],
    }


_ids = iter(range(1, 10_000))


def attempt(
    question: str,
    when: datetime,
    score: float | None = None,
    *,
    parent: int | None = None,
    duration: float | None = 60.0,
    covered: dict[str, bool] | None = None,
    attempt_id: int | None = None,
) -> AttemptRecord:
    return AttemptRecord(
        id=attempt_id if attempt_id is not None else next(_ids),
        user_id=1,
        session_id=None,
        parent_attempt_id=parent,
        question_id=question,
        bank_version="",
        rubric_hash="",
        prompt="",
        answer_text="an answer",
        transcript=None,
        delivery=None,
        started_at=when - timedelta(seconds=duration or 0),
        submitted_at=when,
        duration_seconds=duration,
        grade=grade(score, covered or {"first": True, "second": True})
        if score is not None
        else None,
        score=score,
        grader_name="test" if score is not None else None,
        grader_version="1" if score is not None else None,
        graded_at=when if score is not None else None,
    )


def card(question: str, score: float, when: datetime) -> ReviewRecord:
    update = review(None, score, when)
    return ReviewRecord(
        user_id=1,
        question_id=question,
        card=update.card,
        due=update.due,
        last_review=update.last_review,
        reps=update.reps,
        lapses=update.lapses,
        last_score=score,
    )


def test_no_attempts_gives_zeros_and_every_catalog_group() -> None:
    stats = compute_progress([], [], CATALOG, now=NOW)
    assert (stats.attempts, stats.graded, stats.questions_practised) == (0, 0, 0)
    assert stats.questions_total == 3 and stats.mean_score is None and stats.mastery is None
    assert stats.streak.current == 0 and stats.streak.last_day is None
    assert [g.name for g in stats.by_category] == ["ethics", "foundations"]
    assert [(g.questions_total, g.mastery) for g in stats.by_category] == [(1, None), (2, None)]
    assert {g.name for g in stats.by_kind} == {"concept", "scenario", "opinion"}
    assert stats.daily == [] and stats.most_missed == [] and stats.next_due == []


def test_mastery_is_the_recent_mean_without_a_card() -> None:
    scores = [2.0, 6.0, 8.0, 10.0]
    attempts = [
        attempt("core/alpha", NOW - timedelta(days=10 - i), s) for i, s in enumerate(scores)
    ]
    stats = compute_progress(attempts, [], CATALOG, now=NOW)
    (alpha,) = stats.questions
    assert RECENT_WINDOW == 3
    assert alpha.recent_score == pytest.approx(8.0)  # mean of 6, 8, 10: the first answer is old
    assert alpha.retrievability is None
    assert alpha.mastery == pytest.approx(0.8)
    assert (alpha.last_score, alpha.best_score, alpha.graded) == (10.0, 10.0, 4)
    assert stats.mean_score == pytest.approx(6.5)  # every graded answer counts in the mean


def test_mastery_blends_recent_scores_with_retrievability_as_the_card_decays() -> None:
    answered = NOW - timedelta(days=20)
    attempts = [attempt("core/alpha", answered, 8.0)]
    record = card("core/alpha", 8.0, answered)
    stats = compute_progress(attempts, [record], CATALOG, now=NOW)
    (alpha,) = stats.questions
    expected_r = retrievability(record, NOW)
    assert 0.0 < expected_r < 0.9  # twenty days after a first review, recall has faded
    assert alpha.retrievability == pytest.approx(expected_r)
    assert alpha.mastery == pytest.approx(0.8 * expected_r)
    fresh = compute_progress(attempts, [record], CATALOG, now=answered + timedelta(hours=1))
    assert fresh.questions[0].mastery == pytest.approx(0.8)  # retrievability 1 on the day


def test_follow_ups_and_ungraded_answers_count_as_attempts_but_not_scores() -> None:
    main = attempt("core/alpha", NOW - timedelta(days=1), 6.0, attempt_id=5001)
    follow = attempt(
        "core/alpha-follow-up", NOW - timedelta(days=1), 1.0, parent=5001, covered={"x": False}
    )
    pending = attempt("core/beta", NOW - timedelta(hours=2), None, duration=None)
    stats = compute_progress([follow, pending, main], [], CATALOG, now=NOW)
    assert (stats.attempts, stats.answers, stats.follow_ups, stats.graded) == (3, 2, 1, 1)
    assert stats.mean_score == pytest.approx(6.0)
    foundations = next(g for g in stats.by_category if g.name == "foundations")
    assert foundations.attempts == 3  # the follow-up belongs to its parent's question
    assert foundations.questions_practised == 1  # beta has no graded answer yet
    assert [m.key_point_id for m in stats.most_missed] == []  # follow-up grades are not counted
    assert stats.time_practised_seconds == pytest.approx(120.0)  # None durations are skipped
    assert stats.streak.practised_today


def test_group_mastery_is_the_mean_of_practised_questions_with_coverage() -> None:
    attempts = [
        attempt("core/alpha", NOW - timedelta(hours=3), 9.0),
        attempt("core/beta", NOW - timedelta(hours=2), 5.0),
        attempt("core/gamma", NOW - timedelta(hours=1), 3.0),
    ]
    stats = compute_progress(attempts, [], CATALOG, now=NOW)
    by_name = {g.name: g for g in stats.by_category}
    assert by_name["foundations"].mastery == pytest.approx(0.7)
    assert by_name["foundations"].coverage == pytest.approx(1.0)
    assert by_name["foundations"].mean_score == pytest.approx(7.0)
    assert by_name["ethics"].mastery == pytest.approx(0.3)
    kinds = {g.name: g for g in stats.by_kind}
    assert kinds["scenario"].mastery == pytest.approx(0.5)
    assert kinds["concept"].questions_total == 1
    assert stats.mastery == pytest.approx((0.9 + 0.5 + 0.3) / 3)
    assert [q.question_id for q in stats.questions] == ["core/gamma", "core/beta", "core/alpha"]


def test_attempts_of_questions_no_longer_in_the_catalog_are_kept_as_unknown() -> None:
    stats = compute_progress(
        [attempt("gone-bank/old", NOW - timedelta(hours=1), 4.0)], [], CATALOG, now=NOW
    )
    unknown = next(g for g in stats.by_category if g.name == UNKNOWN)
    assert unknown.questions_practised == 1 and unknown.questions_total == 0
    assert stats.questions[0].question is None


def test_trend_by_day_and_by_monday_week_in_the_given_time_zone() -> None:
    monday = datetime(2026, 3, 9, 12, tzinfo=UTC)
    attempts = [
        attempt("core/alpha", monday - timedelta(days=1), 4.0),  # Sunday of the week before
        attempt("core/alpha", monday, 6.0),
        attempt("core/beta", monday + timedelta(hours=2), 8.0),
        attempt("core/gamma", monday + timedelta(days=2, hours=11, minutes=30), 10.0),
    ]
    stats = compute_progress(attempts, [], CATALOG, now=NOW)
    assert [(p.start, p.answers, p.mean_score) for p in stats.daily] == [
        (date(2026, 3, 8), 1, 4.0),
        (date(2026, 3, 9), 2, 7.0),
        (date(2026, 3, 11), 1, 10.0),
    ]
    assert [(p.start, p.answers, p.best_score) for p in stats.weekly] == [
        (date(2026, 3, 2), 1, 4.0),
        (date(2026, 3, 9), 3, 10.0),
    ]
    # 23:30 UTC on Wednesday is already Thursday two hours east.
    east = compute_progress(attempts, [], CATALOG, now=NOW, tz=timezone(timedelta(hours=2)))
    assert east.daily[-1].start == date(2026, 3, 12)
    assert east.streak.practised_today and not stats.streak.practised_today


def test_most_missed_key_points_are_counted_per_question_and_ranked() -> None:
    attempts = [
        attempt(
            "core/alpha", NOW - timedelta(days=3), 3.0, covered={"first": False, "second": False}
        ),
        attempt(
            "core/alpha", NOW - timedelta(days=2), 5.0, covered={"first": False, "second": True}
        ),
        attempt(
            "core/beta", NOW - timedelta(days=1), 5.0, covered={"first": False, "second": True}
        ),
        attempt(
            "core/beta", NOW - timedelta(hours=1), 4.0, covered={"first": True, "second": True}
        ),
    ]
    broken = attempt("core/gamma", NOW - timedelta(hours=1), 2.0)
    broken = AttemptRecord(
        **{**broken.__dict__, "grade": {"key_points": ["junk", {"covered": False}]}}
    )
    stats = compute_progress([*attempts, broken], [], CATALOG, now=NOW)
    rows = [(m.question_id, m.key_point_id, m.missed, m.seen) for m in stats.most_missed]
    assert rows == [
        ("core/alpha", "first", 2, 2),
        ("core/alpha", "second", 1, 2),
        ("core/beta", "first", 1, 2),
    ]
    assert stats.most_missed[0].label == "First point"
    assert stats.most_missed[0].miss_rate == 1.0
    limited = compute_progress(attempts, [], CATALOG, now=NOW, missed_limit=1)
    assert len(limited.most_missed) == 1


@pytest.mark.parametrize(
    ("offsets", "current", "longest"),
    [
        ([0, 1, 2], 3, 3),  # today and the two days before
        ([1, 2], 2, 2),  # nothing yet today: the streak is still alive
        ([2, 3, 4, 5], 0, 4),  # missed yesterday: broken
        ([0, 2, 3, 4, 9, 10], 1, 3),
        ([0, 0, 0], 1, 1),  # several attempts on one day are one day
    ],
)
def test_streak_counts_consecutive_days(offsets: list[int], current: int, longest: int) -> None:
    today = date(2026, 3, 12)
    streak = compute_streak([today - timedelta(days=o) for o in offsets], today)
    assert (streak.current, streak.longest) == (current, longest)
    assert streak.last_day == today - timedelta(days=min(offsets))
    assert streak.practised_today == (0 in offsets)


def test_next_due_reviews_are_listed_earliest_first_with_counts() -> None:
    reviews = [
        card("core/alpha", 3.0, NOW - timedelta(days=5)),  # failed: due the next day, overdue
        card("core/beta", 9.5, NOW - timedelta(hours=1)),  # easy: due in a week or more
        card("gone/old", 6.0, NOW - timedelta(hours=20)),  # hard: due later today
    ]
    stats = compute_progress([], reviews, CATALOG, now=NOW, due_limit=2)
    assert [d.question_id for d in stats.next_due] == ["core/alpha", "gone/old"]
    first = stats.next_due[0]
    assert (
        first.overdue and first.question == CATALOG[0].question and first.category == "foundations"
    )
    assert first.retrievability is not None and 0 < first.retrievability < 1
    assert stats.next_due[1].category == UNKNOWN and not stats.next_due[1].overdue
    assert stats.due_now == 1
    assert stats.due_this_week == 2  # the easy one comes back in eight days


def test_stats_to_dict_is_json_with_iso_dates_and_derived_rates() -> None:
    attempts = [attempt("core/alpha", NOW - timedelta(days=1), 7.25, covered={"first": False})]
    stats = compute_progress(
        attempts, [card("core/alpha", 7.25, NOW - timedelta(days=1))], CATALOG, now=NOW
    )
    data = json.loads(json.dumps(stats_to_dict(stats)))
    assert data["generated_at"] == NOW.isoformat()
    assert data["daily"] == [
        {"start": "2026-03-11", "answers": 1, "mean_score": 7.25, "best_score": 7.25}
    ]
    foundations = next(g for g in data["by_category"] if g["name"] == "foundations")
    assert foundations["coverage"] == 0.5
    assert data["most_missed"][0]["miss_rate"] == 1.0
    assert data["streak"]["last_day"] == "2026-03-11"


# -- charts (terminal pieces and the file export) --------------------------------------------
def test_sparkline_maps_zero_to_ten_onto_eight_levels() -> None:
    assert sparkline([0, 5, 10]) == "▁▅█"
    assert sparkline([-3, 12]) == "▁█"  # clamped
    assert sparkline([]) == ""


def test_bar_fills_eighths_of_cells_and_pads_to_width() -> None:
    assert bar(1.0, 4) == "████"
    assert bar(0.0, 4) == "    "
    assert bar(0.5, 3) == "█▌ "
    assert bar(1 / 32, 4) == "▏   "
    assert len(bar(0.37)) == len(bar(0.9))


def test_terminal_report_shows_charts_and_an_empty_state() -> None:
    console = Console(width=120, record=True, color_system=None)
    attempts = [attempt("core/alpha", NOW - timedelta(days=d), 4.0 + d) for d in range(3)]
    console.print(progress_report(compute_progress(attempts, [], CATALOG, now=NOW)))
    text = console.export_text()
    assert "Scores by day" in text and "Mastery by category" in text and "foundations" in text
    assert "Streak: 3 days" in text
    console.print(progress_report(compute_progress([], [], CATALOG, now=NOW)))
    assert "No answers yet" in console.export_text()


def test_export_chart_refuses_unknown_extensions_naming_the_choices(tmp_path: Path) -> None:
    stats = compute_progress([], [], CATALOG, now=NOW)
    for name in ("chart.pdf", "chart"):
        with pytest.raises(InputError, match=r"\.png, \.svg, \.html"):
            export_chart(stats, tmp_path / name)
    assert list(tmp_path.iterdir()) == []
    assert check_chart_path(Path("Progress.SVG")) == ".svg"


def test_export_chart_writes_each_format_even_without_scores(tmp_path: Path) -> None:
    attempts = [attempt("core/alpha", NOW - timedelta(days=d), 3.0 + d) for d in range(10)]
    for stats in (
        compute_progress(attempts, [], CATALOG, now=NOW),
        compute_progress([], [], CATALOG, now=NOW),
    ):
        png = export_chart(stats, tmp_path / "p.png")
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        svg = export_chart(stats, tmp_path / "p.svg").read_text()
        assert "<svg" in svg and svg.rstrip().endswith("</svg>")
        page = export_chart(stats, tmp_path / "p.html").read_text()
        assert page.startswith("<!doctype html>") and "<svg" in page and "foundations" in page
        assert "<script" not in page and "<link" not in page and "cdn" not in page.lower()
