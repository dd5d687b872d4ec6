"""Health checks behind ``mockprep doctor``: one result per check, each with the fix."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from mockprep.config import Settings
from mockprep.errors import MockprepError

MIN_PYTHON = (3, 11)


class Status(StrEnum):
    OK = "OK"
    WARN = "WARN"
    FAIL = "FAIL"


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: Status
    detail: str
    fix: str = ""


def check_python() -> CheckResult:
    version = ".".join(map(str, sys.version_info[:3]))
    if sys.version_info[:2] >= MIN_PYTHON:
        return CheckResult("Python", Status.OK, version)
    return CheckResult(
        "Python", Status.FAIL, version, "Install Python 3.11 or newer and run `make run` again."
    )


def check_data_dir(settings: Settings) -> CheckResult:
    try:
        home = settings.ensure_home()
    except MockprepError as exc:
        return CheckResult("Data folder", Status.FAIL, exc.message, exc.fix or "")
    return CheckResult("Data folder", Status.OK, f"{home} (writable)")


def check_database(settings: Settings) -> CheckResult:
    from mockprep.store.database import current_revision, head_revision, open_database

    try:
        db = open_database(settings)
    except MockprepError as exc:
        return CheckResult("Database", Status.FAIL, exc.message, exc.fix or "")
    try:
        current, head = current_revision(db.engine), head_revision()
        shown = db.url.render_as_string(hide_password=True)
    finally:
        db.dispose()
    if current != head:  # pragma: no cover - open_database migrates to head
        return CheckResult(
            "Database", Status.FAIL, f"schema {current}, expected {head}", "Run `mockprep doctor`."
        )
    return CheckResult("Database", Status.OK, f"{shown} (schema {current}, up to date)")


def check_embedding_model(settings: Settings) -> CheckResult:
    try:
        from mockprep.nlp.embeddings import load_embedding_model

        model = load_embedding_model(settings.embedding_model)
        vector = model.embed(["mockprep checks its embedding model."])
    except MockprepError as exc:
        return CheckResult("Embedding model", Status.FAIL, exc.message, exc.fix or "")
    except ImportError as exc:
        return CheckResult(
            "Embedding model", Status.FAIL, f"cannot import ({exc})", "Run `make run` to reinstall."
        )
    return CheckResult(
        "Embedding model", Status.OK, f"{model.name} loads ({vector.shape[1]} dimensions)"
    )


def check_speech_model(settings: Settings) -> CheckResult:
    """Load the speech model spoken answers use (the bundled Whisper unless configured)."""
    if importlib.util.find_spec("faster_whisper") is None:
        return CheckResult(
            "Voice",
            Status.WARN,
            "not installed: spoken answers are off, typed answers work",
            'Run `make run`, or pip install "mockprep[voice]".',
        )
    try:
        from mockprep.speech.engine import load_transcriber

        transcriber = load_transcriber(settings.speech_model)
    except MockprepError as exc:
        return CheckResult("Voice", Status.FAIL, exc.message, exc.fix or "")
    return CheckResult("Voice", Status.OK, f"speech model {transcriber.name} loads")


def run_checks(settings: Settings) -> list[CheckResult]:
    checks: list[Callable[[], CheckResult]] = [
        check_python,
        lambda: check_data_dir(settings),
        lambda: check_database(settings),
        lambda: check_embedding_model(settings),
        lambda: CheckResult(
            "LLM", Status.OK, "not configured: optional, every feature works without one"
        ),
        lambda: check_speech_model(settings),
    ]
    return [check() for check in checks]
