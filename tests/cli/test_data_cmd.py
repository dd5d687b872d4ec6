"""`mockprep export` and `mockprep import` through the CLI entry point, on both backends."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mockprep.cli import app as cli_app
from mockprep.cli import data_cmd
from mockprep.config import load_settings
from mockprep.practice.scheduling import apply_review
from mockprep.practice.transfer import SECTIONS
from mockprep.store.database import Database, open_database
from mockprep.store.repositories import (
    AttemptRepository,
    DataRepository,
    ReviewRepository,
    SessionRepository,
    UserRepository,
)

if "export" not in {c.name for c in cli_app.app.registered_commands}:
    data_cmd.register(cli_app.app)  # until the lead adds the module to COMMAND_MODULES

EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
EMPTY = dict.fromkeys(SECTIONS, 0)


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


def seed(db: Database, cli: Cli, tmp_path: Path) -> None:
    """A practice session with a graded answer, a follow-up and a schedule, and an imported bank."""
    bank = tmp_path / "team-bank.csv"
    bank.write_text(
        "question,reference_answer,category\n"
        "What is a KV cache?,It stores attention keys and values of earlier tokens.,serving\n"
    )
    assert cli("bank", "import", str(bank))[0] == 0
    bank.write_text(bank.read_text() + "Why batch requests?,It raises GPU use.,serving\n")
    assert cli("bank", "import", str(bank))[0] == 0  # a second version
    when = datetime(2026, 1, 5, 18, 45, 1, 250000, tzinfo=UTC)
    with db.write() as s:
        user = UserRepository(s).local_user()
        session = SessionRepository(s).start(
            user.id, ["core/rag-basics", "team-bank/what-is-a-kv-cache"]
        )
        attempts = AttemptRepository(s)
        first = attempts.add(
            user.id,
            "core/rag-basics",
            "RAG fetches documents — then «answers».",
            prompt="What is RAG?",
            session_id=session.id,
            started_at=when,
            submitted_at=when + timedelta(seconds=80),
            duration_seconds=80.0,
        )
        grade = {
            "score": 6.5,
            "band": "adequate",
            "key_points": [
                {
                    "id": "retrieve-then-generate",
                    "label": "Retrieve, then generate",
                    "covered": True,
                }
            ],
            "feedback": "Good.",
            "follow_up": "How do you evaluate it?",
        }
        attempts.record_grade(
            user.id,
            first.id,
            grade,
            score=6.5,
            grader_name="mockprep-rubric",
            grader_version="1.0.0",
        )
        apply_review(
            ReviewRepository(s),
            user.id,
            "core/rag-basics",
            6.5,
            when,
            attempt_id=first.id,
            desired_retention=0.9,
        )
        attempts.add(
            user.id,
            "core/rag-basics",
            "Recall at k.",
            session_id=session.id,
            parent_attempt_id=first.id,
            submitted_at=when + timedelta(minutes=3),
        )
        SessionRepository(s).finish(user.id, session.id)


def counts(db: Database) -> dict[str, int]:
    with db.write() as s:
        user_id = UserRepository(s).local_user().id
        return DataRepository(s).counts(user_id)


def use_new_home(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("MOCKPREP_HOME", str(home))


def test_export_then_import_into_an_empty_home_then_export_is_byte_identical(
    db: Database, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(db, cli, tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    code, out, err = cli("export", str(first))
    assert code == 0, err
    assert "1 session, 2 attempts, 1 review state, 1 review log entry, 2 bank versions" in " ".join(
        out.split()
    )
    backend_url = load_settings().effective_database_url

    use_new_home(monkeypatch, tmp_path / "new-home")
    code, out, err = cli("import", str(first))
    assert code == 0, err
    assert "Imported 1 session, 2 attempts" in " ".join(out.split())
    code, _, err = cli("export", str(second))
    assert code == 0, err
    assert second.read_bytes() == first.read_bytes()
    code, out, _ = cli("bank", "list", "--json", "--bank", "team-bank")
    assert len(json.loads(out)) == 2  # the newest bank version is back in the catalog

    monkeypatch.setenv("DATABASE_URL", backend_url)  # the original home still has its data
    before = counts(db)
    code, _, err = cli("import", str(second))
    assert code == 2 and "your data is not empty" in err and "Nothing was imported" in err
    assert counts(db) == before


def test_two_exports_differ_only_in_exported_at(
    db: Database, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(db, cli, tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert cli("export", str(tmp_path / "a.json"))[0] == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert cli("export", str(tmp_path / "b.json"))[0] == 0
    a = (tmp_path / "a.json").read_text().splitlines()
    b = (tmp_path / "b.json").read_text().splitlines()
    differing = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    assert (
        len(differing) == 1 and differing[0][1] == '  "exported_at": "2026-01-01T00:00:00+00:00",'
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,score\nrag,7\n", "is not JSON"),
        (b"\xff\xfe\x00garbage", "is not a UTF-8 text file"),
        (b'{"questions": []}', "is not a mockprep export"),
        (b'{"format": "mockprep-backup", "version": 1}', "its format is 'mockprep-backup'"),
        (b'{"format": "mockprep-export", "version": 3, "sessions": []}', "newer mockprep"),
        (
            b'{"format": "mockprep-export", "version": 1, "exported_at": "2026-01-01T00:00:00Z"}',
            "Field required",
        ),
    ],
)
def test_bad_or_foreign_files_are_refused_and_change_nothing(
    db: Database, cli: Cli, tmp_path: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    code, out, err = cli("import", str(bad))
    assert code == 2 and err.startswith("Error:") and message in " ".join(err.split())
    assert "Nothing was imported" in err and "Traceback" not in err + out
    assert counts(db) == EMPTY


def test_a_file_with_a_broken_reference_imports_nothing(
    db: Database, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(db, cli, tmp_path)
    exported = tmp_path / "mine.json"
    assert cli("export", str(exported))[0] == 0
    data = json.loads(exported.read_text())
    data["attempts"][1]["parent_attempt_id"] = 5
    exported.write_text(json.dumps(data))
    use_new_home(monkeypatch, tmp_path / "fresh")
    code, _, err = cli("import", str(exported))
    assert code == 2 and "no earlier attempt 5" in err
    fresh = open_database(load_settings())
    try:
        assert counts(fresh) == EMPTY
    finally:
        fresh.dispose()


def test_missing_import_file_and_unwritable_export_path_are_clear_errors(
    db: Database, cli: Cli, tmp_path: Path
) -> None:
    code, _, err = cli("import", str(tmp_path / "nowhere.json"))
    assert code == 2 and "cannot read" in err and "nowhere.json" in err
    code, _, err = cli("export", str(tmp_path / "no-such-folder" / "out.json"))
    assert code == 2 and "cannot write" in err
    assert not (tmp_path / "no-such-folder").exists()
