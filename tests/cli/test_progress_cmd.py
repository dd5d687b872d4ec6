"""`mockprep progress`, `history` and `show-attempt` through the CLI entry point and a real database.

Attempts are graded by the real grader and scheduled by the real scheduler, then stored with
the repositories, so the commands read exactly what a practice session leaves behind.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mockprep.bank.catalog import bundled_questions
from mockprep.bank.schema import Question
from mockprep.cli import app as cli_app
from mockprep.cli import progress_cmd
from mockprep.grading.grader import Grader
from mockprep.nlp.embeddings import load_embedding_model
from mockprep.practice.scheduling import apply_review
from mockprep.store.database import Database
from mockprep.store.repositories import (
    AttemptRepository,
    ReviewRepository,
    SessionRepository,
    UserRepository,
)

if "progress" not in {c.name for c in cli_app.app.registered_commands}:
    progress_cmd.register(cli_app.app)  # until the lead adds the module to COMMAND_MODULES

WEAK_RAG = (
    "RAG retrieves relevant documents first and then the model generates an answer grounded "
    "in them. It reduces hallucination."
)
STRONG_RAG = (
    "Retrieval-augmented generation: we chunk and embed documents into a vector index, retrieve "
    "the top matches for a query, and put them in the prompt so the model answers from fresh, "
    "private knowledge and can cite its sources. It is only as good as the retrieval."
)
HALLUCINATION = (
    "Models make things up because they predict plausible text. Use RAG and ask for citations."
)


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        code = cli_app.main(list(args))
        out = self.capsys.readouterr()
        return code, out.out, out.err


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(capsys)


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(load_embedding_model())


def question(qid: str) -> Question:
    return next(q for q in bundled_questions() if q.id == qid)


class Seeded:
    def __init__(self) -> None:
        self.ids: dict[str, int] = {}


def seed(db: Database, grader: Grader) -> Seeded:
    """Three graded answers on three days, a graded follow-up and an answer saved but not graded."""
    seeded = Seeded()
    now = datetime.now(UTC)
    plan = [
        ("weak", "rag-basics", WEAK_RAG, now - timedelta(days=3)),
        ("strong", "rag-basics", STRONG_RAG, now - timedelta(days=2)),
        (
            "hallucination",
            "hallucination-causes-mitigations",
            HALLUCINATION,
            now - timedelta(days=1),
        ),
    ]
    with db.write() as s:
        user = UserRepository(s).local_user()
        session = SessionRepository(s).start(user.id, ["core/rag-basics"])
        attempts = AttemptRepository(s)
        for name, qid, text, when in plan:
            q = question(qid)
            saved = attempts.add(
                user.id,
                q.uid,
                text,
                prompt=q.question,
                session_id=session.id,
                started_at=when - timedelta(seconds=100),
                submitted_at=when,
                duration_seconds=100.0,
                rubric_hash=q.rubric_hash(),
            )
            grade = grader.grade(q, text)
            attempts.record_grade(
                user.id,
                saved.id,
                grade.model_dump(mode="json"),
                score=grade.score,
                grader_name=grade.grader.name,
                grader_version=grade.grader.version,
            )
            apply_review(
                ReviewRepository(s),
                user.id,
                q.uid,
                grade.score,
                when,
                attempt_id=saved.id,
                desired_retention=0.9,
            )
            seeded.ids[name] = saved.id
        follow = attempts.add(
            user.id,
            "core/rag-basics",
            "You would fine-tune for style, RAG for fresh facts.",
            prompt="When would you fine-tune instead of using RAG?",
            session_id=session.id,
            parent_attempt_id=seeded.ids["weak"],
            submitted_at=now - timedelta(days=3),
            duration_seconds=40.0,
        )
        attempts.record_grade(
            user.id,
            follow.id,
            {"score": 6.0, "key_points": []},
            score=6.0,
            grader_name="mockprep-rubric",
            grader_version="1.0.0",
        )
        seeded.ids["follow"] = follow.id
        seeded.ids["pending"] = attempts.add(
            user.id,
            "core/lora-explained",
            "Saved, then the terminal closed.",
            prompt="What is LoRA?",
            submitted_at=now - timedelta(minutes=5),
        ).id
        other = UserRepository(s).create("someone-else")
        seeded.ids["other"] = attempts.add(other.id, "core/rag-basics", "Not yours.").id
    return seeded


def test_progress_json_reports_what_the_history_holds(
    db: Database, grader: Grader, cli: Cli
) -> None:
    seed(db, grader)
    code, out, err = cli("progress", "--json")
    assert code == 0, err
    stats = json.loads(out)
    assert (stats["attempts"], stats["answers"], stats["follow_ups"], stats["graded"]) == (
        5,
        4,
        1,
        3,
    )
    assert stats["questions_practised"] == 2 and stats["questions_total"] >= 120
    assert stats["time_practised_seconds"] == 340.0
    streak = stats["streak"]  # answers 3, 2 and 1 days ago, and one saved 5 minutes ago
    assert streak["current"] == streak["longest"] == (4 if streak["practised_today"] else 3)
    foundations = next(g for g in stats["by_category"] if g["name"] == "foundations")
    assert foundations["questions_practised"] == 2 and 0 < foundations["mastery"] <= 1
    assert len(stats["daily"]) == 3 and all(0 <= p["mean_score"] <= 10 for p in stats["daily"])
    labels = {
        kp.label
        for q in ("rag-basics", "hallucination-causes-mitigations")
        for kp in question(q).key_points
    }
    assert stats["most_missed"] and {m["label"] for m in stats["most_missed"]} <= labels
    assert {d["question_id"] for d in stats["next_due"]} == {
        "core/rag-basics",
        "core/hallucination-causes-mitigations",
    }


def test_progress_in_the_terminal_shows_charts_and_exports_each_format(
    db: Database, grader: Grader, cli: Cli, tmp_path: Path
) -> None:
    seed(db, grader)
    code, out, err = cli(
        "progress", "--export", str(tmp_path / "chart.svg"), "--tz", "Europe/London"
    )
    assert code == 0, err
    for heading in (
        "Scores by day",
        "Mastery by category",
        "Key points most often missed",
        "Next reviews",
    ):
        assert heading in out
    assert "foundations" in out and "Streak:" in out and "Wrote the progress chart" in out
    root = ET.parse(tmp_path / "chart.svg").getroot()
    assert root.tag.endswith("svg")
    code, _, err = cli("progress", "--json", "--export", str(tmp_path / "chart.png"))
    assert code == 0 and "Wrote the progress chart" in err  # stdout stays pure JSON
    assert (tmp_path / "chart.png").read_bytes()[:4] == b"\x89PNG"
    code, _, _ = cli("progress", "--export", str(tmp_path / "chart.html"))
    page = (tmp_path / "chart.html").read_text()
    assert code == 0 and "<svg" in page and "<script" not in page and "Your progress" in page


def test_progress_refuses_a_bad_export_name_or_time_zone_before_doing_anything(
    db: Database, cli: Cli, tmp_path: Path
) -> None:
    code, _, err = cli("progress", "--export", str(tmp_path / "chart.pdf"))
    assert code == 2 and "Error:" in err and ".png, .svg, .html" in err
    assert not (tmp_path / "chart.pdf").exists()
    code, _, err = cli("progress", "--tz", "Mars/Olympus")
    assert code == 2 and "unknown time zone 'Mars/Olympus'" in err


def test_progress_with_no_answers_says_how_to_start(db: Database, cli: Cli) -> None:
    code, out, _ = cli("progress")
    assert code == 0 and "No answers yet" in out and "mockprep practice" in out


def test_history_lists_newest_first_and_filters_by_question(
    db: Database, grader: Grader, cli: Cli
) -> None:
    ids = seed(db, grader).ids
    code, out, _ = cli("history", "--json")
    rows = json.loads(out)
    assert code == 0
    assert [r["id"] for r in rows] == [
        ids["pending"],
        ids["hallucination"],
        ids["strong"],
        ids["follow"],
        ids["weak"],
    ]
    assert ids["other"] not in [r["id"] for r in rows]
    pending = rows[0]
    assert pending["graded"] is False and pending["score"] is None
    assert rows[2]["band"] in ("strong", "adequate", "weak", "off-target")
    code, out, _ = cli("history", "--question", "rag-basics", "--json")
    assert {r["question_id"] for r in json.loads(out)} == {"core/rag-basics"}
    assert len(json.loads(out)) == 3  # two answers and the follow-up
    code, out, _ = cli("history", "--limit", "1", "--json")
    assert [r["id"] for r in json.loads(out)] == [ids["pending"]]
    code, out, _ = cli("history")
    assert code == 0 and "↳" in out and "not graded" in out and "show-attempt" in out
    code, _, err = cli("history", "--question", "rag-basic")
    assert code == 2 and "rag-basics" in err


def test_history_of_a_question_never_answered(db: Database, cli: Cli) -> None:
    code, out, _ = cli("history", "--question", "core/rag-basics")
    assert code == 0 and "No attempts at core/rag-basics yet" in " ".join(out.split())


def test_show_attempt_replays_the_grade_feedback_and_follow_up(
    db: Database, grader: Grader, cli: Cli
) -> None:
    ids = seed(db, grader).ids
    code, out, err = cli("show-attempt", str(ids["weak"]))
    assert code == 0, err
    flat = " ".join(out.split())
    assert "What is retrieval-augmented generation" in flat
    assert "RAG retrieves relevant documents first" in flat
    assert "✓ covered" in out and "✗ missed" in out
    assert "Feedback:" in out and "Follow-up:" in out and "To cover next time:" in out
    assert f"answered in attempt {ids['follow']}" in flat
    code, out, _ = cli("show-attempt", str(ids["weak"]), "--json")
    data = json.loads(out)
    assert data["grade"]["key_points"] and data["score"] == data["grade"]["score"]
    assert data["follow_up_attempt_ids"] == [ids["follow"]]
    assert data["question"] == question("rag-basics").question


def test_show_attempt_of_ungraded_odd_or_foreign_attempts(
    db: Database, grader: Grader, cli: Cli
) -> None:
    ids = seed(db, grader).ids
    code, out, _ = cli("show-attempt", str(ids["pending"]))
    assert code == 0 and "Not graded yet" in out and "Saved, then the terminal closed." in out
    code, out, err = cli("show-attempt", str(ids["follow"]))  # a grade with almost nothing in it
    assert code == 0, err
    assert "Follow-up answer" in out and "Score 6.0/10" in out
    with db.write() as s:
        user_id = UserRepository(s).local_user().id
        odd = AttemptRepository(s).add(user_id, "core/rag-basics", "abc")
        AttemptRepository(s).record_grade(
            user_id,
            odd.id,
            {
                "score": "high",
                "key_points": ["x", {"covered": True, "evidence": [{"start": 2, "end": 99}]}],
                "missing": None,
                "flags": [3],
                "feedback": 7,
            },
            score=3.0,
            grader_name="old",
            grader_version="0",
        )
    code, out, err = cli("show-attempt", str(odd.id))
    assert code == 0, err
    assert "Score 3.0/10" in out and "abc" in out
    code, _, err = cli("show-attempt", str(ids["other"]))
    assert code == 2 and f"no attempt {ids['other']}" in err
