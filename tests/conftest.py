"""Shared fixtures: a sealed data folder for every test, and databases on SQLite and PostgreSQL.

PostgreSQL tests run when ``MOCKPREP_TEST_DATABASE_URL`` is set (``.ci/run`` sets it). That
database is wiped before each test that uses it: point it at a database made for testing. If it
is set but cannot be reached, the tests fail instead of skipping.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from mockprep.config import Settings, load_settings
from mockprep.store.database import Database, open_database, parse_url

PG_ENV = "MOCKPREP_TEST_DATABASE_URL"


@pytest.fixture(autouse=True)
def sealed_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point MOCKPREP_HOME at a fresh folder; no test touches a real user's data or settings."""
    home = tmp_path / "home"
    monkeypatch.setenv("MOCKPREP_HOME", str(home))
    for name in list(os.environ):
        if name.startswith("MOCKPREP_") and name not in ("MOCKPREP_HOME", PG_ENV):
            monkeypatch.delenv(name)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env file is read
    return home


def reset_postgres(url: str) -> None:
    """Empty the test database (drop and recreate the public schema)."""
    engine = create_engine(parse_url(url), connect_args={"connect_timeout": 5})
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    except Exception as exc:
        pytest.fail(f"{PG_ENV} is set but the database cannot be used: {exc}")
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, sealed_home: Path) -> str:
    """A database URL on each backend: a SQLite file, and the PostgreSQL test database."""
    if request.param == "sqlite":
        return f"sqlite:///{sealed_home / 'test.db'}"
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} not set; PostgreSQL tests are skipped")
    reset_postgres(url)
    return url


@pytest.fixture
def settings(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("DATABASE_URL", database_url)
    return load_settings()


@pytest.fixture
def db(settings: Settings, sealed_home: Path) -> Iterator[Database]:
    sealed_home.mkdir(parents=True, exist_ok=True)
    database = open_database(settings)
    yield database
    database.dispose()
