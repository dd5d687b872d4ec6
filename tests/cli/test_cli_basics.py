"""The CLI's edges: config printing, error conversion and exit codes, doctor."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mockprep.cli.app import app, main


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real console entry point in a child process (inherits the sealed environment)."""
    import os

    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mockprep", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )


def test_config_prints_settings_with_secrets_masked(sealed_home: Path) -> None:
    result = run_cli(
        "config",
        "--json",
        env={
            "DATABASE_URL": "postgresql+psycopg://app:s3cretpass@db.internal:5432/mockprep",
            "MOCKPREP_SECRET_KEY": "a-very-long-random-secret-value",
            "MOCKPREP_LOG_LEVEL": "info",
        },
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["home"] == str(sealed_home)
    assert "s3cretpass" not in result.stdout and "a-very-long-random" not in result.stdout
    assert shown["database_url"] == "postgresql+psycopg://app:***@db.internal:5432/mockprep"
    assert shown["secret_key"] == "********"
    assert shown["log_level"] == "INFO"


def test_default_database_is_sqlite_in_the_data_folder(sealed_home: Path) -> None:
    result = run_cli("config", "--json")
    assert json.loads(result.stdout)["database_url"] == f"sqlite:///{sealed_home / 'mockprep.db'}"


def test_user_error_prints_error_line_and_exits_2_without_traceback() -> None:
    result = run_cli("doctor", env={"MOCKPREP_AUTH": "accounts"})
    assert result.returncode == 2
    assert result.stderr.startswith("Error: invalid settings")
    assert "MOCKPREP_SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_bad_setting_values_are_all_reported_at_once() -> None:
    result = run_cli("config", env={"MOCKPREP_LOG_LEVEL": "loud", "MOCKPREP_AUTH": "cloud"})
    assert result.returncode == 2
    assert "MOCKPREP_LOG_LEVEL" in result.stderr and "MOCKPREP_AUTH" in result.stderr


def test_unexpected_error_exits_1_and_shows_traceback_only_with_debug(
    capsys: pytest.CaptureFixture[str],
) -> None:
    @app.command("explode-for-test", hidden=True)
    def _explode() -> None:
        raise RuntimeError("boom")

    try:
        assert main(["explode-for-test"]) == 1
        out = capsys.readouterr()
        assert "This is a bug" in out.err and "Traceback" not in out.err
        assert main(["--debug", "explode-for-test"]) == 1
        out = capsys.readouterr()
        assert "Traceback" in out.err and "RuntimeError: boom" in out.err
    finally:
        app.registered_commands[:] = [
            c for c in app.registered_commands if c.name != "explode-for-test"
        ]


def test_doctor_reports_every_check_ok_on_a_fresh_home(sealed_home: Path) -> None:
    result = run_cli("doctor")
    lines = result.stdout.strip().splitlines()
    names = [line.split(":")[0].split(maxsplit=1)[1] for line in lines if ":" in line]
    assert names[:4] == ["Python", "Data folder", "Database", "Embedding model"]
    assert all(line.startswith("OK") for line in lines), result.stdout
    assert "OK   Voice: speech model faster-whisper/tiny.en loads" in result.stdout
    assert result.returncode == 0
    assert (sealed_home / "mockprep.db").exists()


def test_doctor_fails_with_the_fix_for_a_missing_speech_model(
    sealed_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MOCKPREP_SPEECH_MODEL", str(tmp_path / "no-such-model"))
    result = run_cli("doctor")
    assert result.returncode == 1
    assert "FAIL Voice" in result.stdout and "MOCKPREP_SPEECH_MODEL" in result.stdout


def test_doctor_fails_with_the_fix_for_a_corrupt_database(sealed_home: Path) -> None:
    sealed_home.mkdir(parents=True)
    (sealed_home / "mockprep.db").write_text("garbage")
    result = run_cli("doctor")
    assert result.returncode == 1
    assert "FAIL Database" in result.stdout and "Move the file aside" in result.stdout
    assert (sealed_home / "mockprep.db").read_text() == "garbage"


def test_run_sets_up_the_embedded_defaults(sealed_home: Path) -> None:
    result = run_cli("run", "--setup-only")
    assert result.returncode == 0, result.stderr
    assert (sealed_home / "mockprep.db").exists()
    assert "mockprep is set up" in result.stdout
