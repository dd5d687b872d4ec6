"""Import question banks from our YAML/JSON schema, CSV, and Markdown interview guides.

Every importer returns a validated ``BankFile`` or raises one ``BankFormatError`` listing every
problem with file, line and field: an import is all or nothing. Questions that come with only a
reference answer get key points derived from it (split into its distinct claims, marked
``derived``); several reference answers for one question are kept.

- YAML / JSON: the schema in ``mockprep.bank.schema``.
- CSV: a header row; columns ``question`` and ``reference_answer`` (or ``answer``,
  ``model_answer``, ``reference``), optional ``key_points`` (separated by ``;`` or ``|``),
  ``category``, ``id``, ``kind``, ``difficulty``. Rows repeating a question add reference answers.
- Markdown: ``#``/``##`` headings name categories; a question is a line like ``Q12: …?``,
  ``12. …?``, ``**12. …?**`` or a ``###`` heading ending in ``?``; the paragraphs after it, up to
  the next question or heading, are its answer.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from mockprep.bank.loader import Problem, parse_text, validate_data
from mockprep.bank.schema import BankFile, KeyPoint, Kind, Question, Role
from mockprep.errors import BankFormatError

SUPPORTED = (".yaml", ".yml", ".json", ".csv", ".md", ".markdown")
QUESTION_COLUMNS = ("question", "question_text", "prompt")
ANSWER_COLUMNS = ("reference_answer", "answer", "model_answer", "reference", "reference_answers")
MAX_IMPORT_BYTES = 5_000_000


def slugify(text: str, *, limit: int = 60) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:limit].strip("-") or "x"


def default_bank_name(path: Path) -> str:
    name = slugify(path.stem, limit=40)
    return name if len(name) >= 2 and name != "core" else f"my-{name}"


@dataclass
class _Draft:
    """A question being assembled from a CSV or Markdown source."""

    text: str
    line: int
    category: str
    answers: list[str] = field(default_factory=list)
    key_points: list[str] = field(default_factory=list)
    qid: str = ""
    kind: str = ""
    difficulty: str = ""


def _points_from_rubric(lines: list[str]) -> list[KeyPoint]:
    weight = round(1.0 / len(lines), 4)
    weights = [weight] * len(lines)
    weights[-1] = round(1.0 - sum(weights[:-1]), 4)
    taken: set[str] = set()
    points = []
    for text, w in zip(lines, weights, strict=True):
        base = slugify(" ".join(text.split()[:5]), limit=40)
        base = base if len(base) >= 2 else f"kp-{base}"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        label = text if len(text) <= 60 else text[:57].rsplit(" ", 1)[0] + "…"
        statement = text if len(text) >= 10 else f"The answer says: {text}"
        points.append(
            KeyPoint(id=slug, label=label, statement=statement, weight=w, phrasings=[text])
        )
    return points


def _build(
    drafts: Iterable[_Draft], bank: str, source: str
) -> tuple[list[Question], list[Problem]]:
    from mockprep.grading.keypoints import derive_key_points

    questions: list[Question] = []
    problems: list[Problem] = []
    taken: set[str] = set()
    for d in drafts:
        answers = [a.strip() for a in d.answers if a.strip()]
        if not answers:
            problems.append(Problem(source, d.line, "answer", "question has no reference answer"))
            continue
        base = slugify(d.qid or " ".join(d.text.split()[:8]))
        base = base if len(base) >= 2 else f"q-{base}"
        qid, n = base, 2
        if d.qid and base in taken:
            problems.append(Problem(source, d.line, "id", f"duplicate id {base!r}"))
            continue
        while qid in taken:
            qid, n = f"{base}-{n}", n + 1
        taken.add(qid)
        try:
            points = (
                _points_from_rubric(d.key_points) if d.key_points else derive_key_points(answers)
            )
            kind = Kind(d.kind.strip().lower()) if d.kind.strip() else Kind.CONCEPT
            difficulty = int(d.difficulty) if d.difficulty.strip() else 2
            questions.append(
                Question(
                    id=qid,
                    category=slugify(d.category or "imported", limit=40),
                    kind=kind,
                    difficulty=difficulty,
                    roles=list(Role),
                    question=d.text.strip(),
                    reference_answers=answers,
                    key_points=points,
                    competency="imported" if kind is Kind.BEHAVIOURAL else None,
                    bank=bank,
                )
            )
        except (ValidationError, ValueError) as exc:
            detail = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
            problems.append(Problem(source, d.line, f"question {qid!r}", detail))
    return questions, problems


def _column(header: list[str], names: tuple[str, ...]) -> str | None:
    lowered = {h.strip().lower().replace(" ", "_"): h for h in header}
    for name in names:
        if name in lowered:
            return lowered[name]
    return None


def parse_csv(text: str, source: str, bank: str) -> BankFile:
    reader = csv.DictReader(io.StringIO(text))
    header = list(reader.fieldnames or [])
    q_col = _column(header, QUESTION_COLUMNS)
    a_col = _column(header, ANSWER_COLUMNS)
    if q_col is None or a_col is None:
        raise BankFormatError(
            f"{source}:1: the CSV header {header!r} lacks a question or reference-answer column",
            fix="Name the columns 'question' and 'reference_answer' (optional: key_points, "
            "category, id, kind, difficulty).",
        )
    optional = {
        key: _column(header, (key,))
        for key in ("key_points", "category", "id", "kind", "difficulty")
    }
    drafts: dict[str, _Draft] = {}
    for row in reader:
        line = reader.line_num
        text = (row.get(q_col) or "").strip()
        if not text:
            continue

        def cell(key: str, row: dict[str, Any] = row) -> str:
            col = optional[key]
            return str(row.get(col) or "").strip() if col else ""

        draft = drafts.setdefault(
            text,
            _Draft(
                text=text,
                line=line,
                category=cell("category"),
                qid=cell("id"),
                kind=cell("kind"),
                difficulty=cell("difficulty"),
            ),
        )
        draft.answers.append(row.get(a_col) or "")
        points = [p.strip() for p in re.split(r"[;|]", cell("key_points")) if p.strip()]
        if points and not draft.key_points:
            draft.key_points = points
    questions, problems = _build(drafts.values(), bank, source)
    return _finish(questions, problems, bank, source)


_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_NUMBERED = re.compile(
    r"^\s*(?:\*\*)?(?:Q(?:uestion)?\s*(\d+)\s*[:.)]|(\d+)\s*[.)])\s*(.+?\?)\s*(?:\*\*)?\s*$",
    re.IGNORECASE,
)


def parse_markdown(text: str, source: str, bank: str) -> BankFile:
    drafts: list[_Draft] = []
    category = ""
    current: _Draft | None = None
    paragraph: list[str] = []

    def close_paragraph() -> None:
        if current is not None and paragraph:
            current.answers.append(" ".join(paragraph))
        paragraph.clear()

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        heading = _HEADING.match(line)
        numbered = _NUMBERED.match(line)
        if heading and not heading.group(2).rstrip("*").endswith("?"):
            close_paragraph()
            current = None
            category = re.sub(r"^[\d.\s]+", "", heading.group(2)).strip("* ")
            continue
        if heading or numbered:
            close_paragraph()
            q_text = heading.group(2) if heading else (numbered.group(3) if numbered else "")
            q_text = re.sub(
                r"^(?:Q(?:uestion)?\s*\d+\s*[:.)]|\d+\s*[.)])\s*", "", q_text.strip("* ")
            )
            current = _Draft(text=q_text.strip(), line=number, category=category)
            drafts.append(current)
            continue
        if not line.strip():
            close_paragraph()
            continue
        if current is not None:
            cleaned = re.sub(r"^\s*(?:[-*+]\s+|>\s*|A(?:nswer)?\s*:\s*)", "", line).strip()
            if cleaned:
                paragraph.append(cleaned)
    close_paragraph()
    for d in drafts:  # the paragraphs after a question are one reference answer
        d.answers = [" ".join(d.answers)] if d.answers else []
    if not drafts:
        raise BankFormatError(
            f"{source}: no questions found",
            fix="Write each question on its own line as 'Q1: …?', '1. …?' or '### …?', "
            "followed by its answer paragraphs.",
        )
    questions, problems = _build(drafts, bank, source)
    return _finish(questions, problems, bank, source)


def _finish(questions: list[Question], problems: list[Problem], bank: str, source: str) -> BankFile:
    if problems:
        raise BankFormatError(
            f"{len(problems)} problem(s) in {source}; nothing was imported:\n"
            + "\n".join(f"  {p}" for p in problems),
            fix="Fix each listed line and import again.",
        )
    if not questions:
        raise BankFormatError(f"{source}: no questions found", fix="Add at least one question.")
    return BankFile(bank=bank, version="1", questions=questions)


def read_bank(path: Path, *, bank: str | None = None) -> BankFile:
    """Read and validate any supported bank file; the bank name defaults to the file's name."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise BankFormatError(
            f"{path}: unsupported file type {suffix or '(none)'}",
            fix=f"Use one of: {', '.join(SUPPORTED)}.",
        )
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise BankFormatError(
                f"{path} is larger than {MAX_IMPORT_BYTES // 1_000_000} MB",
                fix="Split it into several files and import each.",
            )
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise BankFormatError(
            f"cannot read {path} ({exc})", fix="Check the path and that the file is UTF-8 text."
        ) from exc
    source = str(path)
    name = bank or default_bank_name(path)
    if suffix == ".csv":
        return parse_csv(text, source, name)
    if suffix in (".md", ".markdown"):
        return parse_markdown(text, source, name)
    data, lines = parse_text(text, source)
    if isinstance(data, dict) and bank:
        data = {**data, "bank": bank}
    elif isinstance(data, dict) and (not data.get("bank") or data.get("bank") == "core"):
        data = {**data, "bank": name}
    elif isinstance(data, list):
        data = {"bank": name, "questions": data}
    parsed, problems = validate_data(data, lines, source)
    if problems or parsed is None:
        raise BankFormatError(
            f"{len(problems)} problem(s) in {source}; nothing was imported:\n"
            + "\n".join(f"  {p}" for p in problems),
            fix="Fix each listed field and import again (`mockprep bank validate FILE` checks it).",
        )
    return parsed
