"""Opening the database: engine set-up, SQLite pragmas, migrations, and clear errors.

``open_database(settings)`` is the one way in. It refuses bad conditions with an error that
names the fix and never overwrites anything: a malformed URL, an unreachable server, a file
that is not a SQLite database, a schema newer than this code.

SQLite runs in WAL mode with foreign keys on and a busy timeout. Write transactions start with
``BEGIN IMMEDIATE`` so that two processes writing at once queue up on the busy timeout instead
of failing when a reader tries to become a writer.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from mockprep.config import Settings
from mockprep.errors import (
    DatabaseCorruptError,
    DatabaseUnavailableError,
    DatabaseURLError,
    DataDirError,
    SchemaTooNewError,
)

log = logging.getLogger(__name__)

SUPPORTED_DRIVERS = {"sqlite", "sqlite+pysqlite", "postgresql", "postgresql+psycopg"}
_WRITE_OPTION = "mockprep_write"


def migrations_dir() -> Path:
    return Path(str(resources.files("mockprep.store") / "migrations"))


def alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def parse_url(raw: str) -> URL:
    """Parse and check a database URL, or raise ``DatabaseURLError`` naming the fix."""
    example = "postgresql+psycopg://user:password@host:5432/dbname"
    try:
        url = make_url(raw)
    except ArgumentError as exc:
        raise DatabaseURLError(
            f"DATABASE_URL {raw!r} is not a database URL",
            fix=f"Use sqlite:///path/to/file.db or {example}.",
        ) from exc
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    if url.drivername not in SUPPORTED_DRIVERS:
        raise DatabaseURLError(
            f"DATABASE_URL uses the driver {url.drivername!r}, which mockprep does not support",
            fix=f"Use sqlite:///path/to/file.db or {example}.",
        )
    if url.drivername.startswith("postgresql") and not url.database:
        raise DatabaseURLError(
            "DATABASE_URL names no database", fix=f"Add the database name at the end: {example}."
        )
    return url


def _sqlite_path(url: URL) -> Path | None:
    if not url.drivername.startswith("sqlite") or url.database in (None, "", ":memory:"):
        return None
    return Path(str(url.database))


def _check_sqlite_file(path: Path) -> None:
    """Refuse a file that exists but is not a SQLite database, before SQLAlchemy touches it."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        header = fh.read(16)
    if header != b"SQLite format 3\x00":
        raise DatabaseCorruptError(
            f"{path} is not a SQLite database (it may be damaged or another kind of file)",
            fix="Nothing was changed. Move the file aside (or restore a backup) and run again; "
            "mockprep then creates a fresh database. To keep your data, point DATABASE_URL at "
            "a good copy.",
        )


def _install_sqlite_pragmas(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (deferred or immediate).
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cur.execute("PRAGMA foreign_keys = ON")
        mode = cur.execute("PRAGMA journal_mode = WAL").fetchone()
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()
        if mode and str(mode[0]).lower() not in {"wal", "memory"}:
            log.warning("SQLite journal mode is %s, not WAL", mode[0])

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get(_WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def create_db_engine(raw_url: str, *, busy_timeout_ms: int = 10_000) -> Engine:
    """Build an engine for ``raw_url`` with mockprep's settings; does not connect yet."""
    url = parse_url(raw_url)
    path = _sqlite_path(url)
    if path is not None:
        _check_sqlite_file(path)
        engine = create_engine(
            url, connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False}
        )
        _install_sqlite_pragmas(engine, busy_timeout_ms)
        return engine
    if url.drivername.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        _install_sqlite_pragmas(engine, busy_timeout_ms)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})
    except NoSuchModuleError as exc:  # pragma: no cover - drivers are dependencies
        raise DatabaseURLError(
            f"no driver for {url.drivername}", fix="Reinstall mockprep (psycopg is a dependency)."
        ) from exc


def _describe_connect_error(url: URL, exc: Exception) -> DatabaseUnavailableError:
    shown = url.render_as_string(hide_password=True)
    detail = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else ""
    return DatabaseUnavailableError(
        f"cannot connect to the database {shown} ({detail})",
        fix="Check that the server is running and that the host, port, user, password and "
        "database name in DATABASE_URL are right (unset DATABASE_URL to use the local "
        "SQLite file).",
    )


def head_revision() -> str:
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine) -> None:
    """Apply any pending migrations; refuse a schema newer than this code."""
    script = ScriptDirectory.from_config(alembic_config())
    current = current_revision(engine)
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise SchemaTooNewError(
            f"the database is at schema revision {current}, which this mockprep does not know "
            "(a newer mockprep has migrated it)",
            fix="Nothing was changed. Upgrade mockprep (pip install -U mockprep, or git pull "
            "and make run), or point MOCKPREP_HOME / DATABASE_URL at another database.",
        )
    if current != script.get_current_head():
        command.upgrade(alembic_config(engine), "head")


@dataclass
class Database:
    """An open, migrated database with session factories for reads and writes."""

    engine: Engine
    url: URL

    def __post_init__(self) -> None:
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = sessionmaker(
            self.engine.execution_options(**{_WRITE_OPTION: True}), expire_on_commit=False
        )

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading (deferred transaction, rolled back at the end)."""
        with self._reader() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on error.

        On SQLite it takes the write lock at BEGIN, so concurrent writers wait their turn.
        """
        with self._writer() as session, session.begin():
            yield session

    def table_names(self) -> list[str]:
        return sorted(inspect(self.engine).get_table_names())

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(settings: Settings, *, migrate_schema: bool = True) -> Database:
    """Open the configured database, creating and migrating it as needed."""
    raw = settings.effective_database_url
    url = parse_url(raw)
    path = _sqlite_path(url)
    if path is not None:
        if settings.database_url is None:
            settings.ensure_home()
        elif not path.parent.exists():
            raise DataDirError(
                f"the folder for the SQLite file {path} does not exist",
                fix="Create it, or correct the path in DATABASE_URL.",
            )
    engine = create_db_engine(raw, busy_timeout_ms=settings.db_busy_timeout_ms)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            if path is not None:
                conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except DatabaseError as exc:
        engine.dispose()
        if path is not None:
            message = str(getattr(exc, "orig", exc))
            if isinstance(exc, OperationalError) and "unable to open" in message:
                raise DataDirError(
                    f"cannot open the SQLite file {path} ({message})",
                    fix="Check that its folder exists and is writable, or set MOCKPREP_HOME.",
                ) from exc
            raise DatabaseCorruptError(
                f"{path} cannot be read as a SQLite database ({message})",
                fix="Nothing was changed. Move the file aside (or restore a backup) and run again.",
            ) from exc
        raise _describe_connect_error(url, exc) from exc
    db = Database(engine=engine, url=url)
    if migrate_schema:
        try:
            migrate(engine)
        except DatabaseError as exc:
            engine.dispose()
            raise _describe_connect_error(url, exc) from exc
    return db
