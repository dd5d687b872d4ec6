"""Export and import of a user's data through real databases, on both backends."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from mockprep.bank.library import load_catalog
from mockprep.bank.schema import BankFile
from mockprep.config import Settings
from mockprep.errors import InputError
from mockprep.negotiation.offer import parse_offer
from mockprep.negotiation.offer_file import offer_data
from mockprep.practice.scheduling import apply_review
from mockprep.practice.transfer import (
    FORMAT_NAME,
    FORMAT_VERSION,
    dumps_export,
    export_data,
    export_time,
    import_data,
    parse_export,
    write_export,
)
from mockprep.resume.check import check_resume
from mockprep.star.story import StoryDraft
from mockprep.store.database import Database, open_database
from mockprep.store.offers_repository import OfferRepository
from mockprep.store.repositories import (
    AttemptRepository,
    BankRepository,
    DataRepository,
    ReviewRepository,
    SessionRepository,
    UserRepository,
)
from mockprep.store.resume_repository import ResumeCheckRepository
from mockprep.store.speech_repository import SpeechRepository
from mockprep.store.stories_repository import StoryRepository

T0 = datetime(2026, 2, 2, 9, 30, 15, 123456, tzinfo=UTC)
EXPORTED_AT = datetime(2026, 3, 1, tzinfo=UTC)
EMPTY = {
    "sessions": 0,
    "attempts": 0,
    "review_states": 0,
    "review_logs": 0,
    "banks": 0,
    "stories": 0,
    "offers": 0,
    "negotiation_profiles": 0,
    "resume_checks": 0,
}
SEEDED = {
    "sessions": 2,
    "attempts": 4,
    "review_states": 2,
    "review_logs": 3,
    "banks": 2,
    "stories": 2,
    "offers": 1,
    "negotiation_profiles": 1,
    "resume_checks": 1,
}
RESUME = b"""Ada Lovelace
ada@example.com | +44 20 7946 0000 | London

Experience
Machine Learning Engineer, Analytical Engines Ltd, 2021 - 2025
- Built a retrieval-augmented generation service over 2 million documents with Qdrant.
- Cut answer latency by 40% by caching prompts.

Skills
Python, PyTorch, RAG, LLM evaluation
"""
OFFER = {
    "company": "Acme",
    "role": "ML Engineer",
    "currency": "USD",
    "base_salary": "180000",
    "start_date": "2027-01-15",
}


def bank_content(answer: str) -> dict[str, Any]:
    bank = BankFile.model_validate(
        {
            "bank": "team",
            "version": "7",
            "questions": [
                {
                    "id": "kv-cache",
                    "category": "serving",
                    "kind": "concept",
                    "difficulty": 2,
                    "roles": ["engineer"],
                    "question": "What does a KV cache store?",
                    "reference_answers": [answer],
                    "key_points": [
                        {
                            "id": "keys-values",
                            "label": "Keys and values",
                            "statement": "It stores attention keys and values of earlier tokens.",
                            "weight": 1.0,
                        }
                    ],
                    "bank": "team",
                }
            ],
        }
    )
    return bank.model_dump(mode="json")


def a_grade(score: float) -> dict[str, Any]:
    return {
        "question_id": "rag-basics",
        "score": score,
        "band": "adequate",
        "key_points": [
            {
                "id": "retrieve-then-generate",
                "label": "Retrieve, then generate",
                "weight": 0.3,
                "covered": True,
                "strength": 0.741,
                "evidence": [{"start": 0, "end": 3, "text": "RAG", "kind": "phrase"}],
            },
            {
                "id": "indexing-pipeline",
                "label": "Chunk, embed, index",
                "weight": 0.7,
                "covered": False,
                "strength": 0.2,
                "evidence": [],
            },
        ],
        "feedback": "Good start — “naïve” RAG.",
        "follow_up": "How would you evaluate the retriever?",
        "flags": [],
    }


def seed(db: Database) -> int:
    """A user with every kind of row, and a second user whose data must never be exported."""
    with db.write() as s:
        user = UserRepository(s).local_user()
        other = UserRepository(s).create("ada")
        sessions, attempts, reviews = (
            SessionRepository(s),
            AttemptRepository(s),
            ReviewRepository(s),
        )
        first = sessions.start(
            user.id,
            ["core/rag-basics", "core/lora-explained"],
            filters={"category": "foundations", "skipped": ["core/lora-explained"]},
            time_limit_seconds=300,
        )
        a1 = attempts.add(
            user.id,
            "core/rag-basics",
            "RAG looks things up first.",
            prompt="What is RAG?",
            session_id=first.id,
            rubric_hash="b8ed12402400420f",
            bank_version="2026.11.1",
            started_at=T0,
            submitted_at=T0 + timedelta(seconds=75.5),
            duration_seconds=75.5,
        )
        attempts.record_grade(
            user.id,
            a1.id,
            a_grade(5.8),
            score=5.8,
            grader_name="mockprep-rubric",
            grader_version="1.0.0",
        )
        apply_review(
            reviews,
            user.id,
            "core/rag-basics",
            5.8,
            T0 + timedelta(minutes=2),
            attempt_id=a1.id,
            desired_retention=0.9,
        )
        a2 = attempts.add(
            user.id,
            "core/rag-basics",
            "Recall@k on labelled queries.",
            prompt="How would you evaluate the retriever?",
            session_id=first.id,
            parent_attempt_id=a1.id,
            started_at=T0 + timedelta(minutes=3),
            submitted_at=T0 + timedelta(minutes=4),
            duration_seconds=60.0,
        )
        attempts.record_grade(
            user.id,
            a2.id,
            a_grade(8.0),
            score=8.0,
            grader_name="mockprep-rubric",
            grader_version="1.0.0",
        )
        sessions.finish(user.id, first.id)
        second = sessions.start(user.id, ["team/kv-cache"], mode="review")
        spoken = attempts.add(
            user.id,
            "team/kv-cache",
            "Naïve — “quoted” 日本語 answer, not graded yet.",
            session_id=second.id,
            transcript="spoken words",
            delivery={"wpm": 141.5, "fillers": [1, 2]},
            started_at=T0 + timedelta(days=1),
            submitted_at=T0 + timedelta(days=1, seconds=30),
        )
        SpeechRepository(s).save_speech(
            user.id,
            spoken.id,
            word_timings=[["Retrieval", 0.0, 0.42, 0.97]],
            audio_info={"format": "webm", "seconds": 41.2},
        )
        a4 = attempts.add(
            user.id,
            "gone-bank/old-question",
            "An answer with no session.",
            started_at=T0 + timedelta(days=2),
            submitted_at=T0 + timedelta(days=2),
        )
        attempts.record_grade(
            user.id,
            a4.id,
            a_grade(2.5),
            score=2.5,
            grader_name="mockprep-rubric",
            grader_version="0.9.0",
        )
        apply_review(
            reviews,
            user.id,
            "gone-bank/old-question",
            2.5,
            T0 + timedelta(days=2),
            attempt_id=a4.id,
            desired_retention=0.85,
        )
        reviews.log(
            user.id,
            "core/rag-basics",
            rating=3,
            attempt_id=None,
            reviewed_at=T0 + timedelta(days=3),
            log={"note": "manual"},
        )
        banks = BankRepository(s)
        banks.add(
            user.id,
            "team",
            bank_content("It keeps keys and values."),
            source="team.csv",
            question_count=1,
        )
        banks.add(
            user.id,
            "team",
            bank_content("It keeps attention keys and values."),
            source="/home/me/team.yaml",
            question_count=1,
        )
        seed_workbench(s, user.id, other.id)
        attempts.add(other.id, "core/rag-basics", "Ada's answer.")
        sessions.start(other.id, ["core/rag-basics"])
        banks.add(other.id, "ada-bank", bank_content("x y z"), source="a", question_count=1)
        return user.id


def seed_workbench(s: Session, user_id: int, other_id: int) -> None:
    """Stories, an offer, a negotiation profile and a resume check (and one of the other's)."""
    stories = StoryRepository(s)
    for title in ("Shipped the eval harness", "Disagreed on the rollout"):
        stories.add(
            user_id,
            StoryDraft(
                title=title,
                situation="Our launch was two weeks out and the model regressed.",
                task="I owned the release decision.",
                action="I built a held-out test set and ran it on every candidate.",
                result="We shipped on time with 12% fewer wrong answers.",
                competencies=["technical-judgement"],
                tags=["2025"],
            ),
        )
    stories.add(other_id, StoryDraft(title="Ada's secret story", situation="Ada's words."))
    offers = OfferRepository(s)
    offers.add(user_id, offer_data(parse_offer(OFFER)))
    offers.save_profile(user_id, {"currency": "USD", "target_total": "200000"})
    offers.add(other_id, offer_data(parse_offer({**OFFER, "company": "AdaCorp"})))
    report = check_resume(RESUME, "ada.txt", "We need an LLM engineer who knows RAG.")
    ResumeCheckRepository(s).add(user_id, report, job_text="We need an LLM engineer who knows RAG.")


@pytest.fixture
def source_db(tmp_path: Path) -> Iterator[Database]:
    """A second database (always SQLite) holding the seeded data to export."""
    database = open_database(Settings(database_url=f"sqlite:///{tmp_path / 'source.db'}"))
    yield database
    database.dispose()


def export_text(db: Database, user_id: int) -> str:
    with db.read() as s:
        return dumps_export(export_data(DataRepository(s), user_id, exported_at=EXPORTED_AT))


def local_user_id(db: Database) -> int:
    with db.write() as s:
        return UserRepository(s).local_user().id


def counts(db: Database, user_id: int) -> dict[str, int]:
    with db.read() as s:
        return DataRepository(s).counts(user_id)


def test_export_holds_only_this_users_data_in_the_documented_shape(source_db: Database) -> None:
    user_id = seed(source_db)
    data = json.loads(export_text(source_db, user_id))
    assert (
        (data["format"], data["version"]) == (FORMAT_NAME, FORMAT_VERSION) == ("mockprep-export", 2)
    )
    assert data["exported_at"] == "2026-03-01T00:00:00+00:00"
    assert {k: len(data[k]) for k in EMPTY} == SEEDED
    attempts = data["attempts"]
    assert [a["id"] for a in attempts] == [1, 2, 3, 4]
    assert attempts[1]["parent_attempt_id"] == 1 and attempts[1]["session_id"] == 1
    assert attempts[3]["session_id"] is None and attempts[2]["grade"] is None
    assert attempts[0]["started_at"] == "2026-02-02T09:30:15.123456+00:00"
    assert attempts[0]["grade"]["feedback"] == "Good start — “naïve” RAG."
    assert list(attempts[0]["grade"]) == sorted(attempts[0]["grade"])  # stored JSON is canonical
    assert [log["attempt_id"] for log in data["review_logs"]] == [1, 4, None]
    assert [(b["name"], b["version"]) for b in data["banks"]] == [("team", "1"), ("team", "2")]
    assert [s["title"] for s in data["stories"]] == [
        "Shipped the eval harness",
        "Disagreed on the rollout",
    ]
    assert data["offers"][0]["data"]["company"] == "Acme"
    assert data["negotiation_profiles"] == [{"data": {"currency": "USD", "target_total": "200000"}}]
    assert data["resume_checks"][0]["report"]["file"]["name"] == "ada.txt"
    assert "resume" not in data["resume_checks"][0]  # the file itself is never kept
    text = json.dumps(data)
    assert "Ada's" not in text and "ada-bank" not in text and "AdaCorp" not in text


def test_export_import_export_is_byte_identical_across_backends(
    source_db: Database, db: Database
) -> None:
    first = export_text(source_db, seed(source_db))
    target_user = local_user_id(db)
    with db.write() as s:
        summary = import_data(DataRepository(s), target_user, parse_export(first))
    assert summary.counts == SEEDED
    assert export_text(db, target_user) == first
    with db.read() as s:
        restored = DataRepository(s).attempts(target_user)
        logs = DataRepository(s).review_logs(target_user)
        catalog = load_catalog(BankRepository(s), target_user)
        states = {r.question_id: r for r in DataRepository(s).review_states(target_user)}
    assert restored[1].parent_attempt_id == restored[0].id
    assert restored[0].session_id == restored[1].session_id is not None
    assert [log.attempt_id for log in logs] == [restored[0].id, restored[3].id, None]
    assert restored[2].delivery == {"fillers": [1, 2], "wpm": 141.5}
    assert catalog.get("team/kv-cache").answers == ["It keeps attention keys and values."]
    assert states["core/rag-basics"].reps == 1 and states["core/rag-basics"].card["stability"]
    assert restored[2].word_timings == [["Retrieval", 0.0, 0.42, 0.97]]
    assert restored[2].audio_info == {"format": "webm", "seconds": 41.2}
    with db.read() as s:
        stories = StoryRepository(s).list(target_user)
        checks = ResumeCheckRepository(s).all(target_user)
        offers = OfferRepository(s).all(target_user)
    assert [story.title for story in stories] == [
        "Shipped the eval harness",
        "Disagreed on the rollout",
    ]
    assert checks[0].score == json.loads(first)["resume_checks"][0]["report"]["score"]
    assert offers[0].company == "Acme"


def test_a_version_1_file_still_imports(db: Database) -> None:
    """Files written before stories, offers and resume checks existed read as having none."""
    old = valid_text()
    user_id = local_user_id(db)
    with db.write() as s:
        summary = import_data(DataRepository(s), user_id, parse_export(json.dumps(old)))
    assert summary.counts == EMPTY


def test_bad_stories_offers_and_checks_are_named_and_nothing_is_imported(
    source_db: Database, db: Database
) -> None:
    data = json.loads(export_text(source_db, seed(source_db)))
    data["stories"][1]["title"] = ""
    data["offers"][0]["data"]["base_salary"] = "-5"
    data["resume_checks"][0]["report"] = {"score": "high"}
    with pytest.raises(InputError) as info:
        parse_export(json.dumps(data))
    message = str(info.value)
    assert "stories[1]" in message and "offers[0]" in message and "resume_checks[0]" in message
    assert counts(db, local_user_id(db)) == EMPTY


def test_import_into_a_home_with_data_is_refused_and_changes_nothing(db: Database) -> None:
    user_id = seed(db)
    text = export_text(db, user_id)
    before = counts(db, user_id)
    with (
        pytest.raises(InputError, match=r"not empty \(2 sessions, 4 attempts") as info,
        db.write() as s,
    ):
        import_data(DataRepository(s), user_id, parse_export(text))
    assert "MOCKPREP_HOME" in str(info.value) and "Nothing was imported" in str(info.value)
    assert counts(db, user_id) == before


def test_a_failure_part_way_through_rolls_back_every_row(source_db: Database, db: Database) -> None:
    export = parse_export(export_text(source_db, seed(source_db)))
    clash = export.model_copy(update={"banks": [export.banks[0], export.banks[0]]})
    user_id = local_user_id(db)
    with pytest.raises(InputError, match="cannot be stored"), db.write() as s:
        import_data(DataRepository(s), user_id, clash)  # banks come last: all else was written
    assert counts(db, user_id) == EMPTY


def valid_text() -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "version": 1,
        "exported_at": "2026-03-01T00:00:00+00:00",
        "sessions": [],
        "attempts": [],
        "review_states": [],
        "review_logs": [],
        "banks": [],
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json at all", r"is not JSON \(line 1, column 1"),
        ("[1, 2]", "is not a mockprep export"),
        ('{"format": "anki-deck", "version": 1}', "its format is 'anki-deck'"),
        ('{"format": "mockprep-export", "version": 3}', "newer mockprep .*version 3.*Upgrade"),
        ('{"format": "mockprep-export", "version": "1"}', "'1' is not a format version"),
        ('{"format": "mockprep-export", "version": 1}', "sessions: Field required"),
    ],
)
def test_bad_or_foreign_files_are_refused_with_a_clear_error(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        parse_export(text, source="x.json")
    assert "Nothing was imported" in str(info.value)


def test_every_problem_in_a_file_is_reported_at_once(source_db: Database) -> None:
    data = json.loads(export_text(source_db, seed(source_db)))
    del data["sessions"][0]["status"]
    data["attempts"][0]["score"] = 11
    data["extra"] = True
    with pytest.raises(InputError) as info:
        parse_export(json.dumps(data))
    text = str(info.value)
    assert "sessions[0].status: Field required" in text
    assert "attempts[0].score: Input should be less than or equal to 10" in text
    assert "extra: Extra inputs are not permitted" in text
    data = valid_text()
    data["attempts"] = [{"id": n} for n in range(1, 4)]
    with pytest.raises(InputError, match=r"; and \d+ more\. Nothing was imported"):
        parse_export(json.dumps(data))  # a long list is cut, and says so


def test_references_cards_banks_and_time_zones_are_checked(source_db: Database) -> None:
    user_id = seed(source_db)
    data = json.loads(export_text(source_db, user_id))
    data["attempts"][1]["parent_attempt_id"] = 99
    data["attempts"][0]["session_id"] = 7
    data["review_logs"][0]["attempt_id"] = 42
    data["review_states"][0]["card"] = {"state": "nonsense"}
    data["banks"][1]["content"]["questions"][0]["kind"] = "riddle"
    data["banks"][0]["name"] = "other"
    with pytest.raises(InputError) as info:
        parse_export(json.dumps(data))
    text = str(info.value)
    for fragment in (
        "attempts[1].parent_attempt_id: no earlier attempt 99",
        "attempts[0].session_id: no session 7",
        "review_logs[0].attempt_id: no attempt 42",
        "review_states[0].card: not an FSRS card",
        "banks[1].content.questions[0].kind",
        "banks[0].content.bank: 'team' is not 'other'",
    ):
        assert fragment in text
    naive = json.loads(export_text(source_db, user_id))
    naive["sessions"][0]["started_at"] = "2026-02-02T09:30:15"
    with pytest.raises(InputError, match=r"sessions\[0\].started_at: Input should have timezone"):
        parse_export(json.dumps(naive))


def test_export_time_comes_from_source_date_epoch_when_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert export_time() == datetime(2026, 1, 1, tzinfo=UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(InputError, match="SOURCE_DATE_EPOCH"):
        export_time()
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert abs(export_time() - datetime.now(UTC)) < timedelta(seconds=5)


def test_write_export_reports_an_unwritable_path_and_leaves_no_file(
    source_db: Database, tmp_path: Path
) -> None:
    user_id = seed(source_db)
    with source_db.read() as s:
        with pytest.raises(InputError, match="cannot write"):
            write_export(DataRepository(s), user_id, tmp_path / "missing" / "out.json")
        summary = write_export(
            DataRepository(s), user_id, tmp_path / "out.json", exported_at=EXPORTED_AT
        )
    assert summary.describe() == (
        "2 sessions, 4 attempts, 2 review states, 3 review log entries, 2 bank versions, "
        "2 stories, 1 offer, 1 negotiation profile, 1 resume check"
    )
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".json")) == ["out.json"]
    assert (tmp_path / "out.json").read_text(encoding="utf-8") == export_text(source_db, user_id)
