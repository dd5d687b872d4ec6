"""`mockprep due` through the real CLI entry point, on review states written to a real database."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mockprep.cli import app as cli_app
from mockprep.cli.due_cmd import register
from mockprep.practice.scheduling import apply_review
from mockprep.store.database import Database
from mockprep.store.repositories import AttemptRepository, ReviewRepository, UserRepository

if not any(command.name == "due" for command in cli_app.app.registered_commands):
    register(cli_app.app)  # until the lead adds the module to COMMAND_MODULES


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli_app.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def answer(db: Database, uid: str, score: float, when: datetime) -> None:
    """A graded answer at ``when`` and the review it schedules, as practice would write them."""
    with db.write() as s:
        user_id = UserRepository(s).local_user().id
        attempts = AttemptRepository(s)
        attempt = attempts.add(user_id, uid, "an answer", submitted_at=when, started_at=when)
        attempts.record_grade(
            user_id, attempt.id, {"score": score}, score=score, grader_name="t", grader_version="1"
        )
        apply_review(
            ReviewRepository(s),
            user_id,
            uid,
            score,
            when,
            attempt_id=attempt.id,
            desired_retention=0.9,
        )


@pytest.fixture
def scheduled(db: Database) -> datetime:
    """Four questions: two due already, one later this week, one in eight days."""
    now = datetime.now(UTC)
    answer(db, "core/rag-basics", 3.0, now - timedelta(days=2))  # Again: due yesterday
    answer(db, "team/ghost", 1.0, now - timedelta(days=3))  # a bank no longer imported
    answer(db, "core/agents-tool-calling-basics", 8.0, now - timedelta(hours=1))  # Good: +2 days
    answer(db, "core/llm-how-it-works", 9.5, now)  # Easy: +8 days
    return now


def test_due_json_lists_today_and_this_week_with_scores_and_retrievability(
    capsys: pytest.CaptureFixture[str], scheduled: datetime
) -> None:
    code, out, err = run(capsys, "due", "--json")
    assert code == 0, err
    data = json.loads(out)
    today: list[dict[str, Any]] = data["today"]
    assert [row["id"] for row in today] == ["team/ghost", "rag-basics"]  # earliest due first
    ghost, rag = today
    assert rag["uid"] == "core/rag-basics" and rag["category"] == "foundations"
    assert rag["last_score"] == 3.0 and rag["overdue"] is True
    assert 0.0 < rag["retrievability"] < 0.9  # a day overdue on a failed answer
    assert ghost["category"] is None and ghost["last_score"] == 1.0
    assert datetime.fromisoformat(rag["due"]) == scheduled - timedelta(days=1)
    [week] = data["this_week"]
    assert week["id"] == "agents-tool-calling-basics" and week["category"] == "agents"
    assert week["last_score"] == 8.0 and week["overdue"] is False
    assert week["retrievability"] == 1.0  # answered an hour ago
    assert data["later"] == 1


def test_due_table_shows_ids_categories_scores_and_the_next_step(
    capsys: pytest.CaptureFixture[str],
    scheduled: datetime,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    code, out, err = run(capsys, "due")
    assert code == 0, err
    assert "Due today (2)" in out and "Due this week (1)" in out
    today_part, week_part = out.split("Due this week")
    assert "rag-basics" in today_part and "foundations" in today_part
    assert "core/rag-basics" not in out  # bundled ids are shown as `bank list` shows them
    assert "(bank removed)" in today_part and "overdue" in today_part
    assert " 3.0 " in today_part and " 1.0 " in today_part
    assert "agents-tool-calling-basics" in week_part and " 8.0 " in week_part
    assert "100%" in week_part
    assert "llm-how-it-works" not in out  # due in eight days: only counted
    assert "1 more scheduled later" in out
    assert "mockprep review" in out


def test_due_with_nothing_scheduled_says_how_to_start(
    capsys: pytest.CaptureFixture[str], db: Database
) -> None:
    code, out, _ = run(capsys, "due")
    assert code == 0 and "Nothing scheduled yet" in out and "mockprep practice" in out
    code, out, _ = run(capsys, "due", "--json")
    data = json.loads(out)
    assert code == 0 and data["today"] == [] and data["this_week"] == [] and data["later"] == 0


def test_due_when_nothing_is_due_today(capsys: pytest.CaptureFixture[str], db: Database) -> None:
    answer(db, "core/rag-basics", 9.5, datetime.now(UTC))  # Easy: eight days away
    code, out, _ = run(capsys, "due")
    assert code == 0
    assert "Nothing is due today." in out and "Nothing else falls due this week." in out
    assert "1 more scheduled later; the next on" in out
