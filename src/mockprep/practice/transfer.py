"""Your data in and out: ``mockprep export`` writes it all to one JSON file, ``import`` restores it.

The export format, version 2
============================

One UTF-8 JSON object, indented by two spaces, ending in a newline::

    {
      "format": "mockprep-export",        # always this string: what the file is
      "version": 2,                       # the format version (an integer, see below)
      "exported_at": "2026-11-29T10:00:00+00:00",
      "mockprep_version": "0.1.0",        # the mockprep that wrote it (informative)
      "sessions": [...],
      "attempts": [...],
      "review_states": [...],
      "review_logs": [...],
      "banks": [...],
      "stories": [...],
      "offers": [...],
      "negotiation_profiles": [...],
      "resume_checks": [...]
    }

Every timestamp is ISO 8601 with a UTC offset. Ids (``id``, ``session_id``,
``parent_attempt_id``, ``attempt_id``) are numbers local to the file, 1, 2, 3 … in creation
order; they say which rows belong together and are replaced by fresh database ids on import.
JSON values stored as they are (``filters``, ``delivery``, ``grade``, ``card``, ``log``,
``content``) are written with their keys sorted.

``sessions`` (practice and review rounds, oldest first)
    ``id``, ``mode`` (practice | review), ``status`` (active | finished), ``filters`` (object),
    ``question_ids`` (list of ``bank/id``), ``time_limit_seconds`` (integer or null),
    ``started_at``, ``finished_at`` (or null).
``attempts`` (every answer, oldest first; a follow-up comes after the answer it follows)
    ``id``, ``session_id`` (or null), ``parent_attempt_id`` (the answer whose follow-up this
    answers, or null), ``question_id`` (``bank/id``), ``bank_version``, ``rubric_hash``,
    ``prompt``, ``answer_text``, ``transcript`` (or null), ``delivery`` (object or null),
    ``word_timings`` (``[word, start, end, probability]`` lists, or null), ``audio_info``
    (object or null; spoken answers keep no audio here), ``started_at``, ``submitted_at``, ``duration_seconds`` (or null), ``score`` (0-10 or null),
    ``grader_name``, ``grader_version``, ``graded_at`` (null until graded), ``grade`` (the
    grader's ``Grade`` as JSON, or null).
``review_states`` (one spaced-repetition card per question, by question id)
    ``question_id``, ``card`` (the FSRS card as ``fsrs.Card.to_dict()``), ``due``,
    ``last_review`` (or null), ``reps``, ``lapses``, ``last_score`` (or null).
``review_logs`` (every scheduling event, oldest first)
    ``question_id``, ``attempt_id`` (or null), ``rating`` (1-4), ``reviewed_at``, ``log``.
``banks`` (every version of every imported bank, oldest first)
    ``name``, ``version``, ``source``, ``imported_at``, ``question_count``, ``content`` (the
    validated bank file in the bank schema).
``stories`` (the STAR story bank, oldest first)
    ``title``, ``situation``, ``task``, ``action``, ``result``, ``competencies``, ``skills``,
    ``keywords``, ``tags``, ``questions`` (lists of strings), ``created_at``, ``updated_at``.
``offers`` (job offers for the negotiation planner, oldest first)
    ``data`` (the offer as ``mockprep negotiate export`` writes one), ``created_at``,
    ``updated_at``.
``negotiation_profiles`` (none or one)
    ``data`` (target, walk-away, market data with their sources, leverage).
``resume_checks`` (past ATS checks, oldest first; the resume file itself is never kept)
    ``report`` (the check's report, extracted text included), ``job_text``, ``created_at``.

Versions
    A reader accepts files of its own version and older: a version-1 file (from before
    stories, offers, resume checks and spoken answers) reads as having none of them. A change that an older reader would
    misread bumps the version; such a file is refused with "upgrade mockprep" rather than read
    wrongly. Unknown fields are refused too (they mean another format or a newer version).

Round trip
    Export, import into an empty home, export again: the two files are byte-identical except
    for ``exported_at``, which is the time of the export. Set ``SOURCE_DATE_EPOCH`` (seconds
    since 1970, the reproducible-builds convention) to fix it, and the files are identical.

Importing
    The whole file is read and checked first (JSON, format name, version, every field, every
    reference between rows, every bank against the bank schema, every FSRS card) and every
    problem is reported at once; then all rows are written in one transaction. Any problem
    means nothing is imported. Importing into a home that already holds data of yours is
    refused: merging two histories would need rules for conflicting schedules and bank
    versions, and refusing also makes importing the same file twice harmless. Import into an
    empty home (a new ``MOCKPREP_HOME`` or database) instead.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from fsrs import Card
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from mockprep import __version__
from mockprep.bank.schema import BankFile
from mockprep.errors import InputError
from mockprep.negotiation.offer import parse_offer, parse_profile
from mockprep.resume.report import AtsReport
from mockprep.star.story import StoryDraft
from mockprep.store.offers_repository import OfferRepository
from mockprep.store.repositories import DataRepository
from mockprep.store.resume_repository import ResumeCheckRepository
from mockprep.store.stories_repository import StoryRepository

FORMAT_NAME = "mockprep-export"
FORMAT_VERSION = 2
SECTIONS = (
    "sessions",
    "attempts",
    "review_states",
    "review_logs",
    "banks",
    "stories",
    "offers",
    "negotiation_profiles",
    "resume_checks",
)
MAX_PROBLEMS_SHOWN = 8
_NOTHING = "Nothing was imported."


# -- the file's shape, for reading ----------------------------------------------------------
class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


Text200 = Annotated[str, Field(max_length=200)]
JsonObject = dict[str, Any]


class SessionItem(_Row):
    id: int = Field(ge=1)
    mode: str = Field(min_length=1, max_length=20)
    status: str = Field(min_length=1, max_length=20)
    filters: JsonObject
    question_ids: list[str]
    time_limit_seconds: int | None
    started_at: AwareDatetime
    finished_at: AwareDatetime | None


class AttemptItem(_Row):
    id: int = Field(ge=1)
    session_id: int | None
    parent_attempt_id: int | None
    question_id: Text200
    bank_version: str = Field(max_length=40)
    rubric_hash: str = Field(max_length=64)
    prompt: str
    answer_text: str
    transcript: str | None
    delivery: JsonObject | None
    word_timings: list[Any] | None = None  # version 2
    audio_info: JsonObject | None = None  # version 2
    started_at: AwareDatetime
    submitted_at: AwareDatetime
    duration_seconds: float | None
    score: float | None = Field(ge=0, le=10)
    grader_name: str | None = Field(max_length=80)
    grader_version: str | None = Field(max_length=40)
    graded_at: AwareDatetime | None
    grade: JsonObject | None


class ReviewStateItem(_Row):
    question_id: Text200
    card: JsonObject
    due: AwareDatetime
    last_review: AwareDatetime | None
    reps: int = Field(ge=0)
    lapses: int = Field(ge=0)
    last_score: float | None


class ReviewLogItem(_Row):
    question_id: Text200
    attempt_id: int | None
    rating: int = Field(ge=1, le=4)
    reviewed_at: AwareDatetime
    log: JsonObject


class BankItem(_Row):
    name: str = Field(min_length=1, max_length=80)
    version: str = Field(min_length=1, max_length=40)
    source: str = Field(max_length=500)
    imported_at: AwareDatetime
    question_count: int = Field(ge=0)
    content: JsonObject


class StoryItem(_Row):
    title: str
    situation: str
    task: str
    action: str
    result: str
    competencies: list[str]
    skills: list[str]
    keywords: list[str]
    tags: list[str]
    questions: list[str]
    created_at: AwareDatetime
    updated_at: AwareDatetime

    def draft(self) -> StoryDraft:
        return StoryDraft.model_validate(self.model_dump(exclude={"created_at", "updated_at"}))


class OfferItem(_Row):
    data: JsonObject
    created_at: AwareDatetime
    updated_at: AwareDatetime


class ProfileItem(_Row):
    data: JsonObject


class ResumeCheckItem(_Row):
    report: JsonObject
    job_text: str
    created_at: AwareDatetime


class ExportFile(_Row):
    """A parsed and checked export file."""

    format: str
    version: int
    exported_at: AwareDatetime
    mockprep_version: str = ""
    sessions: list[SessionItem]
    attempts: list[AttemptItem]
    review_states: list[ReviewStateItem]
    review_logs: list[ReviewLogItem]
    banks: list[BankItem]
    stories: list[StoryItem] = Field(default_factory=list)  # version 2 on
    offers: list[OfferItem] = Field(default_factory=list)
    negotiation_profiles: list[ProfileItem] = Field(default_factory=list, max_length=1)
    resume_checks: list[ResumeCheckItem] = Field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in SECTIONS}


@dataclass(frozen=True)
class TransferSummary:
    """What an export wrote or an import restored: rows per section."""

    counts: dict[str, int]

    def describe(self) -> str:
        return _describe(self.counts)


_NOUNS = {
    "sessions": ("session", "sessions"),
    "attempts": ("attempt", "attempts"),
    "review_states": ("review state", "review states"),
    "review_logs": ("review log entry", "review log entries"),
    "banks": ("bank version", "bank versions"),
    "stories": ("story", "stories"),
    "offers": ("offer", "offers"),
    "negotiation_profiles": ("negotiation profile", "negotiation profiles"),
    "resume_checks": ("resume check", "resume checks"),
}


_ALWAYS_SHOWN = SECTIONS[:5]
"""Practice data is always counted; stories, offers and checks only when there are some."""


def _describe(counts: dict[str, int], *, skip_zero: bool = False) -> str:
    parts = []
    for key, (one, many) in _NOUNS.items():
        n = counts.get(key, 0)
        if n or (not skip_zero and key in _ALWAYS_SHOWN):
            parts.append(f"{n} {one if n == 1 else many}")
    return ", ".join(parts)


# -- writing ----------------------------------------------------------------------------------
def _iso(when: datetime | None) -> str | None:
    return when.astimezone(UTC).isoformat() if when is not None else None


def _canonical(value: Any) -> Any:
    """``value`` with every object's keys sorted (so stored JSON always writes the same way)."""
    if isinstance(value, dict):
        return {str(k): _canonical(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return value


def export_time() -> datetime:
    """Now, or the moment ``SOURCE_DATE_EPOCH`` names (for reproducible exports)."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return datetime.now(UTC)
    try:
        return datetime.fromtimestamp(int(raw), UTC)
    except (ValueError, OverflowError, OSError) as exc:
        raise InputError(
            f"SOURCE_DATE_EPOCH is {raw!r}, not a number of seconds since 1970",
            fix="Set it to an integer such as 1767225600, or unset it.",
        ) from exc


def export_data(repo: DataRepository, user_id: int, *, exported_at: datetime) -> dict[str, Any]:
    """Everything of the user's as a JSON-ready dict in the export format (see module docs)."""
    sessions = repo.sessions(user_id)
    attempts = repo.attempts(user_id)
    session_ref = {s.id: n for n, s in enumerate(sessions, start=1)}
    attempt_ref = {a.id: n for n, a in enumerate(attempts, start=1)}
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": _iso(exported_at),
        "mockprep_version": __version__,
        "sessions": [
            {
                "id": session_ref[s.id],
                "mode": s.mode,
                "status": s.status,
                "filters": _canonical(s.filters),
                "question_ids": list(s.question_ids),
                "time_limit_seconds": s.time_limit_seconds,
                "started_at": _iso(s.started_at),
                "finished_at": _iso(s.finished_at),
            }
            for s in sessions
        ],
        "attempts": [
            {
                "id": attempt_ref[a.id],
                "session_id": session_ref.get(a.session_id) if a.session_id else None,
                "parent_attempt_id": (
                    attempt_ref.get(a.parent_attempt_id) if a.parent_attempt_id else None
                ),
                "question_id": a.question_id,
                "bank_version": a.bank_version,
                "rubric_hash": a.rubric_hash,
                "prompt": a.prompt,
                "answer_text": a.answer_text,
                "transcript": a.transcript,
                "delivery": _canonical(a.delivery),
                "word_timings": _canonical(a.word_timings),
                "audio_info": _canonical(a.audio_info),
                "started_at": _iso(a.started_at),
                "submitted_at": _iso(a.submitted_at),
                "duration_seconds": a.duration_seconds,
                "score": a.score,
                "grader_name": a.grader_name,
                "grader_version": a.grader_version,
                "graded_at": _iso(a.graded_at),
                "grade": _canonical(a.grade),
            }
            for a in attempts
        ],
        "review_states": [
            {
                "question_id": r.question_id,
                "card": _canonical(r.card),
                "due": _iso(r.due),
                "last_review": _iso(r.last_review),
                "reps": r.reps,
                "lapses": r.lapses,
                "last_score": r.last_score,
            }
            for r in repo.review_states(user_id)
        ],
        "review_logs": [
            {
                "question_id": log.question_id,
                "attempt_id": attempt_ref.get(log.attempt_id) if log.attempt_id else None,
                "rating": log.rating,
                "reviewed_at": _iso(log.reviewed_at),
                "log": _canonical(log.log),
            }
            for log in repo.review_logs(user_id)
        ],
        "banks": [
            {
                "name": b.name,
                "version": b.version,
                "source": b.source,
                "imported_at": _iso(b.imported_at),
                "question_count": b.question_count,
                "content": _canonical(b.content),
            }
            for b in repo.banks(user_id)
        ],
        **_workbench(repo, user_id),
    }


def _workbench(repo: DataRepository, user_id: int) -> dict[str, Any]:
    """The sections beyond practice: stories, offers, the negotiation profile, resume checks."""
    session = repo.session
    profile = OfferRepository(session).profile(user_id)
    return {
        "stories": [
            {
                **_canonical(s.draft.model_dump(mode="json")),
                "created_at": _iso(s.created_at),
                "updated_at": _iso(s.updated_at),
            }
            for s in StoryRepository(session).list(user_id)
        ],
        "offers": [
            {
                "data": _canonical(o.data),
                "created_at": _iso(o.created_at),
                "updated_at": _iso(o.updated_at),
            }
            for o in OfferRepository(session).all(user_id)
        ],
        "negotiation_profiles": [{"data": _canonical(profile)}] if profile else [],
        "resume_checks": [
            {
                "report": _canonical(c.report),
                "job_text": c.job_text,
                "created_at": _iso(c.created_at),
            }
            for c in ResumeCheckRepository(session).all(user_id)
        ],
    }


def dumps_export(data: dict[str, Any]) -> str:
    """The file's text: two-space indents, non-ASCII kept, a final newline."""
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write_export(
    repo: DataRepository, user_id: int, path: Path, *, exported_at: datetime | None = None
) -> TransferSummary:
    """Write the user's export to ``path`` (atomically: a failed write leaves no partial file)."""
    data = export_data(repo, user_id, exported_at=exported_at or export_time())
    text = dumps_export(data)
    target = path.expanduser()
    try:
        fd, tmp = tempfile.mkstemp(prefix=".mockprep-export-", dir=target.parent)
    except OSError as exc:
        raise InputError(
            f"cannot write {path} ({exc.strerror or exc})",
            fix="Choose a path in an existing, writable folder.",
        ) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        Path(tmp).replace(target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(
            f"cannot write {path} ({exc.strerror or exc})",
            fix="Choose a path in an existing, writable folder.",
        ) from exc
    return TransferSummary({name: len(data[name]) for name in SECTIONS})


# -- reading and checking ---------------------------------------------------------------------
def _location(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _refuse(source: str, problems: list[str]) -> InputError:
    shown = problems[:MAX_PROBLEMS_SHOWN]
    more = len(problems) - len(shown)
    tail = f"; and {more} more" if more > 0 else ""
    return InputError(
        f"{source} is not a valid mockprep export: {'; '.join(shown)}{tail}",
        fix=f"{_NOTHING} Use a file written by `mockprep export`, unchanged.",
    )


def _check_references(export: ExportFile) -> list[str]:
    problems: list[str] = []
    session_ids: set[int] = set()
    for n, session in enumerate(export.sessions):
        if session.id in session_ids:
            problems.append(f"sessions[{n}].id: {session.id} is used twice")
        session_ids.add(session.id)
    attempt_ids: set[int] = set()
    for n, attempt in enumerate(export.attempts):
        if attempt.id in attempt_ids:
            problems.append(f"attempts[{n}].id: {attempt.id} is used twice")
        if attempt.session_id is not None and attempt.session_id not in session_ids:
            problems.append(f"attempts[{n}].session_id: no session {attempt.session_id}")
        if attempt.parent_attempt_id is not None and attempt.parent_attempt_id not in attempt_ids:
            problems.append(
                f"attempts[{n}].parent_attempt_id: no earlier attempt {attempt.parent_attempt_id}"
            )
        attempt_ids.add(attempt.id)
    seen_questions: set[str] = set()
    for n, state in enumerate(export.review_states):
        if state.question_id in seen_questions:
            problems.append(f"review_states[{n}]: a second card for {state.question_id}")
        seen_questions.add(state.question_id)
        if state.card:
            try:
                Card.from_dict(state.card)  # type: ignore[arg-type]
            except (KeyError, TypeError, ValueError) as exc:
                problems.append(f"review_states[{n}].card: not an FSRS card ({exc!r})")
    for n, log in enumerate(export.review_logs):
        if log.attempt_id is not None and log.attempt_id not in attempt_ids:
            problems.append(f"review_logs[{n}].attempt_id: no attempt {log.attempt_id}")
    bank_versions: set[tuple[str, str]] = set()
    for n, bank in enumerate(export.banks):
        key = (bank.name, bank.version)
        if key in bank_versions:
            problems.append(f"banks[{n}]: bank {bank.name} version {bank.version} appears twice")
        bank_versions.add(key)
        try:
            content = BankFile.model_validate(bank.content)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = _location(tuple(first["loc"]))
            problems.append(f"banks[{n}].content.{where}: {first['msg']}")
            continue
        if content.bank != bank.name:
            problems.append(f"banks[{n}].content.bank: {content.bank!r} is not {bank.name!r}")
        if bank.name == "core":
            problems.append(f"banks[{n}].name: 'core' belongs to the bundled bank")
    problems += _check_workbench(export)
    return problems


def _first_problem(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        return f"{_location(tuple(first['loc']))}: {first['msg']}"
    return str(exc)


def _check_workbench(export: ExportFile) -> list[str]:
    """Stories, offers, the profile and resume checks must read as the features read them."""
    problems: list[str] = []
    checks: list[tuple[str, list[Any], Any]] = [
        ("stories", export.stories, lambda item: item.draft()),
        ("offers", export.offers, lambda item: parse_offer(item.data)),
        ("negotiation_profiles", export.negotiation_profiles, lambda i: parse_profile(i.data)),
        ("resume_checks", export.resume_checks, lambda i: AtsReport.model_validate(i.report)),
    ]
    for section, items, read in checks:
        for n, item in enumerate(items):
            try:
                read(item)
            except (ValidationError, InputError) as exc:
                problems.append(f"{section}[{n}]: {_first_problem(exc)}")
    return problems


def parse_export(text: str, *, source: str = "the file") -> ExportFile:
    """Parse and check an export's text; every problem is reported in one ``InputError``."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{source} is not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
            fix=f"{_NOTHING} Give the .json file that `mockprep export` wrote.",
        ) from exc
    if not isinstance(raw, dict) or "format" not in raw:
        raise InputError(
            f'{source} is not a mockprep export (it has no "format": "{FORMAT_NAME}")',
            fix=f"{_NOTHING} Give the .json file that `mockprep export` wrote.",
        )
    if raw["format"] != FORMAT_NAME:
        raise InputError(
            f"{source} is not a mockprep export (its format is {raw['format']!r}, "
            f"not {FORMAT_NAME!r})",
            fix=f"{_NOTHING} Give the .json file that `mockprep export` wrote.",
        )
    version = raw.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _refuse(source, [f"version: {version!r} is not a format version (1, 2, …)"])
    if version > FORMAT_VERSION:
        raise InputError(
            f"{source} was written by a newer mockprep (export format version {version}; "
            f"this mockprep reads version {FORMAT_VERSION})",
            fix=f"{_NOTHING} Upgrade mockprep, then import the file again.",
        )
    try:
        export = ExportFile.model_validate(raw)
    except ValidationError as exc:
        problems = [f"{_location(tuple(e['loc']))}: {e['msg']}" for e in exc.errors()]
        raise _refuse(source, problems) from exc
    problems = _check_references(export)
    if problems:
        raise _refuse(source, problems)
    return export


def read_export(path: Path) -> ExportFile:
    """Read and check the export file at ``path``."""
    try:
        text = path.expanduser().read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path} is not a UTF-8 text file, so not a mockprep export",
            fix=f"{_NOTHING} Give the .json file that `mockprep export` wrote.",
        ) from exc
    except OSError as exc:
        raise InputError(
            f"cannot read {path} ({exc.strerror or exc})",
            fix="Check the path; nothing was imported.",
        ) from exc
    return parse_export(text, source=str(path))


# -- restoring --------------------------------------------------------------------------------
def import_data(repo: DataRepository, user_id: int, export: ExportFile) -> TransferSummary:
    """Restore a checked export into the user's (empty) data.

    Call inside one ``Database.write()``: on any error the transaction rolls back and nothing
    is imported.

    Raises:
        InputError: the user already has data (see the module docstring for why).
    """
    existing = repo.counts(user_id)
    if any(existing.values()):
        raise InputError(
            f"your data is not empty ({_describe(existing, skip_zero=True)}); "
            "importing would mix two histories",
            fix=f"{_NOTHING} Import into an empty home: point MOCKPREP_HOME (or DATABASE_URL) "
            "at a new location and run `mockprep import` there.",
        )
    sessions: dict[int, int] = {}
    for s in export.sessions:
        sessions[s.id] = repo.restore_session(
            user_id,
            mode=s.mode,
            status=s.status,
            filters=s.filters,
            question_ids=s.question_ids,
            time_limit_seconds=s.time_limit_seconds,
            started_at=s.started_at,
            finished_at=s.finished_at,
        )
    attempts: dict[int, int] = {}
    for a in export.attempts:
        attempts[a.id] = repo.restore_attempt(
            user_id,
            a.question_id,
            session_id=sessions[a.session_id] if a.session_id is not None else None,
            parent_attempt_id=(
                attempts[a.parent_attempt_id] if a.parent_attempt_id is not None else None
            ),
            bank_version=a.bank_version,
            rubric_hash=a.rubric_hash,
            prompt=a.prompt,
            answer_text=a.answer_text,
            transcript=a.transcript,
            delivery=a.delivery,
            started_at=a.started_at,
            submitted_at=a.submitted_at,
            duration_seconds=a.duration_seconds,
            grade=a.grade,
            score=a.score,
            grader_name=a.grader_name,
            grader_version=a.grader_version,
            graded_at=a.graded_at,
            word_timings=a.word_timings,
            audio_info=a.audio_info,
        )
    for r in export.review_states:
        repo.restore_review_state(
            user_id,
            r.question_id,
            card=r.card,
            due=r.due,
            last_review=r.last_review,
            reps=r.reps,
            lapses=r.lapses,
            last_score=r.last_score,
        )
    for log in export.review_logs:
        repo.restore_review_log(
            user_id,
            log.question_id,
            attempt_id=attempts[log.attempt_id] if log.attempt_id is not None else None,
            rating=log.rating,
            reviewed_at=log.reviewed_at,
            log=log.log,
        )
    for b in export.banks:
        repo.restore_bank(
            user_id,
            b.name,
            b.version,
            source=b.source,
            content=b.content,
            question_count=b.question_count,
            imported_at=b.imported_at,
        )
    stories = StoryRepository(repo.session)
    for story in export.stories:
        stories.restore(
            user_id, story.draft(), created_at=story.created_at, updated_at=story.updated_at
        )
    offers = OfferRepository(repo.session)
    for offer in export.offers:
        offers.restore(
            user_id, offer.data, created_at=offer.created_at, updated_at=offer.updated_at
        )
    for profile in export.negotiation_profiles:
        offers.save_profile(user_id, profile.data)
    checks = ResumeCheckRepository(repo.session)
    for check in export.resume_checks:
        checks.add(
            user_id,
            AtsReport.model_validate(check.report),
            job_text=check.job_text,
            created_at=check.created_at,
        )
    return TransferSummary(export.counts())
