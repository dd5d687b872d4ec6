"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from mockprep.config import load_settings
from mockprep.store.database import Database, current_revision, head_revision, open_database
from mockprep.store.models import Base

EXPECTED_TABLES = {
    "users",
    "practice_sessions",
    "attempts",
    "review_states",
    "review_logs",
    "imported_banks",
}


def test_blank_database_is_migrated_to_head(db: Database) -> None:
    assert current_revision(db.engine) == head_revision()
    assert set(db.table_names()) >= EXPECTED_TABLES


def test_migrations_match_models_no_drift(db: Database) -> None:
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []


def test_default_sqlite_runs_in_wal_with_foreign_keys_and_busy_timeout() -> None:
    db = open_database(load_settings())  # the embedded default: SQLite in MOCKPREP_HOME
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    db.dispose()
