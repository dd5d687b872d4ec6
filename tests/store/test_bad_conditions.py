"""Bad conditions give an error that names the fix, and overwrite nothing."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import text

from mockprep.config import load_settings
from mockprep.errors import (
    DatabaseCorruptError,
    DatabaseUnavailableError,
    DatabaseURLError,
    DataDirError,
    SchemaTooNewError,
)
from mockprep.store.database import Database, open_database
from mockprep.store.repositories import AttemptRepository, UserRepository


def test_unwritable_data_dir_names_the_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("I am a file, not a folder")
    monkeypatch.setenv("MOCKPREP_HOME", str(blocker / "home"))
    with pytest.raises(DataDirError) as info:
        open_database(load_settings())
    assert "MOCKPREP_HOME" in str(info.value)
    assert blocker.read_text() == "I am a file, not a folder"


def test_corrupt_sqlite_file_is_refused_and_left_alone(sealed_home: Path) -> None:
    sealed_home.mkdir(parents=True)
    db_file = sealed_home / "mockprep.db"
    garbage = b"this is not a database\n" * 100
    db_file.write_bytes(garbage)
    with pytest.raises(DatabaseCorruptError) as info:
        open_database(load_settings())
    assert "Move the file aside" in str(info.value)
    assert db_file.read_bytes() == garbage


def test_damaged_sqlite_file_with_valid_header_is_refused(sealed_home: Path) -> None:
    sealed_home.mkdir(parents=True)
    db = open_database(load_settings())
    db.dispose()
    db_file = sealed_home / "mockprep.db"
    data = bytearray(db_file.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # trash the first page after the header
    db_file.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(str(db_file) + suffix).unlink(missing_ok=True)
    with pytest.raises(DatabaseCorruptError):
        open_database(load_settings())
    assert db_file.read_bytes() == bytes(data)


@pytest.mark.parametrize(
    "url",
    [
        "postgressql://postgres@127.0.0.1/mockprep",  # driver typo
        "mysql://root@127.0.0.1/mockprep",  # unsupported backend
        "not a url at all",
        "postgresql+psycopg://postgres@127.0.0.1:5432",  # no database name
    ],
)
def test_database_url_typos_are_explained(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", url)
    with pytest.raises(DatabaseURLError) as info:
        open_database(load_settings())
    assert "postgresql+psycopg://user:password@host:5432/dbname" in str(info.value)


def test_unreachable_server_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://postgres:hunter2@127.0.0.1:1/mockprep")
    with pytest.raises(DatabaseUnavailableError) as info:
        open_database(load_settings())
    message = str(info.value)
    assert "cannot connect" in message and "DATABASE_URL" in message
    assert "hunter2" not in message  # the password is never printed


def test_schema_newer_than_code_is_refused_untouched(db: Database) -> None:
    with db.write() as s:
        s.execute(text("UPDATE alembic_version SET version_num = 'ffff9999'"))
        user = UserRepository(s).local_user()
        AttemptRepository(s).add(user.id, "core/q", "keep me")
    db.dispose()
    with pytest.raises(SchemaTooNewError) as info:
        open_database(load_settings())
    assert "Upgrade mockprep" in str(info.value)
    again = open_database(load_settings(), migrate_schema=False)
    with again.read() as s:
        assert s.execute(text("SELECT version_num FROM alembic_version")).scalar() == "ffff9999"
        assert s.execute(text("SELECT answer_text FROM attempts")).scalar() == "keep me"
    again.dispose()


WRITER = textwrap.dedent(
    """
    import sys
    from mockprep.config import load_settings
    from mockprep.store.database import open_database
    from mockprep.store.repositories import AttemptRepository, UserRepository

    tag, count = sys.argv[1], int(sys.argv[2])
    db = open_database(load_settings())
    with db.write() as s:
        user_id = UserRepository(s).local_user().id
    print("ready", flush=True)
    sys.stdin.readline()  # start together
    for i in range(count):
        with db.write() as s:
            AttemptRepository(s).add(user_id, f"core/{tag}", f"{tag} answer {i}")
    db.dispose()
    """
)


def test_two_processes_writing_at_once_lose_no_write(db: Database) -> None:
    """The CLI and the web app writing at the same moment: every write lands."""
    with db.write() as s:
        UserRepository(s).local_user()  # both processes then find the same user
    per_process = 150
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, tag, str(per_process)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("cli", "web")
    ]
    for p in procs:
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    with db.read() as s:
        user_id = UserRepository(s).local_user().id
        attempts = AttemptRepository(s).history(user_id, limit=1000)
    texts = {a.answer_text for a in attempts}
    for tag in ("cli", "web"):
        assert {f"{tag} answer {i}" for i in range(per_process)} <= texts
    assert len(attempts) == 2 * per_process
