"""Load and validate bank files (YAML or JSON), reporting every problem with file, line and field."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from mockprep.bank.schema import BankFile, Question, check_bundled_quality
from mockprep.errors import BankFormatError, DuplicateQuestionError

BUNDLED_PACKAGE = "mockprep.bank.data"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a bank file."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


def _line_index(node: yaml.Node, path: tuple[Any, ...], out: dict[tuple[Any, ...], int]) -> None:
    """Record the 1-based line of every mapping key and sequence item under ``node``."""
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            out[(*path, key)] = key_node.start_mark.line + 1
            _line_index(value_node, (*path, key), out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            out[(*path, i)] = item.start_mark.line + 1
            _line_index(item, (*path, i), out)


def _nearest_line(lines: dict[tuple[Any, ...], int], loc: Sequence[Any]) -> int | None:
    loc = tuple(loc)
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return lines.get(())


def _field_name(data: Any, loc: Sequence[Any]) -> str:
    """Human field path, naming questions by their id: ``questions[rag-basics].key_points[2].weight``."""
    parts: list[str] = []
    node = data
    for part in loc:
        if isinstance(part, int):
            label = str(part)
            if isinstance(node, list) and 0 <= part < len(node):
                item = node[part]
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    label = item["id"]
                node = item
            else:
                node = None
            if parts:
                parts[-1] += f"[{label}]"
            else:
                parts.append(f"[{label}]")
        else:
            parts.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return ".".join(parts)


def parse_text(text: str, source: str) -> tuple[Any, dict[tuple[Any, ...], int]]:
    """Parse YAML or JSON text; return the data and a map from field path to line."""
    lines: dict[tuple[Any, ...], int] = {}
    try:
        if source.endswith(".json"):
            data = json.loads(text)
        else:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
            if node is not None:
                _line_index(node, (), lines)
            data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else None
        raise BankFormatError(
            f"{source}:{line}: not valid YAML ({exc.problem})",
            fix="Fix the syntax at that line (indentation, quotes, a missing colon) and try again.",
        ) from exc
    except json.JSONDecodeError as exc:
        raise BankFormatError(
            f"{source}:{exc.lineno}: not valid JSON ({exc.msg})",
            fix="Fix the syntax at that line and try again.",
        ) from exc
    return data, lines


def validate_data(
    data: Any, lines: dict[tuple[Any, ...], int], source: str, *, bundled: bool = False
) -> tuple[BankFile | None, list[Problem]]:
    """Validate parsed data as a bank file; return the bank (if valid) and every problem."""
    if isinstance(data, list):
        data = {"questions": data}
    if not isinstance(data, dict):
        return None, [Problem(source, 1, "", "expected a mapping with a 'questions' list")]
    defaults = {"category": data["category"]} if data.get("category") else {}
    forced = {"bank": data["bank"]} if data.get("bank") else {}  # the file's bank is authoritative
    questions = data.get("questions")
    if isinstance(questions, list):
        data = dict(data)
        data["questions"] = [
            {**defaults, **q, **forced} if isinstance(q, dict) else q for q in questions
        ]
    try:
        bank = BankFile.model_validate(data)
    except ValidationError as exc:
        problems = [
            Problem(
                source,
                _nearest_line(lines, err["loc"]),
                _field_name(data, err["loc"]),
                err["msg"].removeprefix("Value error, "),
            )
            for err in exc.errors()
        ]
        return None, problems
    problems = []
    seen: dict[str, int] = {}
    for i, q in enumerate(bank.questions):
        line = lines.get(("questions", i))
        if q.id in seen:
            problems.append(
                Problem(source, line, f"questions[{q.id}].id", "duplicate id in this file")
            )
        seen[q.id] = i
        if bundled:
            for message in check_bundled_quality(q):
                problems.append(Problem(source, line, f"questions[{q.id}]", message))
    return (None if problems else bank), problems


def load_bank_file(path: Path, *, bundled: bool = False) -> BankFile:
    """Load one bank file or raise ``BankFormatError`` listing every problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BankFormatError(
            f"cannot read bank file {path} ({exc})",
            fix="Check the path and that it is a UTF-8 text file.",
        ) from exc
    data, lines = parse_text(text, str(path))
    bank, problems = validate_data(data, lines, str(path), bundled=bundled)
    if problems or bank is None:
        raise BankFormatError(
            f"{len(problems)} problem(s) in {path}:\n" + "\n".join(f"  {p}" for p in problems),
            fix="Fix each listed field and validate again with `mockprep bank validate FILE`.",
        )
    return bank


def bundled_files() -> list[Path]:
    """The bundled bank's YAML files, one per category, in name order."""
    root = resources.files(BUNDLED_PACKAGE)
    return sorted(Path(str(p)) for p in root.iterdir() if str(p).endswith((".yaml", ".yml")))


def check_unique(questions: Iterable[Question]) -> None:
    """Raise ``DuplicateQuestionError`` listing every repeated bank-qualified id."""
    seen: set[str] = set()
    dupes: list[str] = []
    for q in questions:
        if q.uid in seen:
            dupes.append(q.uid)
        seen.add(q.uid)
    if dupes:
        raise DuplicateQuestionError(
            f"question ids repeat: {', '.join(sorted(set(dupes)))}",
            fix="Give each question its own id; ids are stable forever once used.",
        )


def load_bundled() -> list[Question]:
    """Every question of the bundled bank, validated with the bundled-bank rules."""
    questions: list[Question] = []
    for path in bundled_files():
        questions.extend(load_bank_file(path, bundled=True).questions)
    check_unique(questions)
    return questions
