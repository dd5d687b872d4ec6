"""``mockprep bank``: list, show, search, validate, import and export question banks."""

from __future__ import annotations

import csv
import io
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from mockprep.bank.importers import read_bank
from mockprep.bank.library import import_bank
from mockprep.bank.loader import load_bundled
from mockprep.bank.schema import BankFile, Kind, Question, Role
from mockprep.cli.context import open_context
from mockprep.errors import InputError
from mockprep.store.repositories import BankRepository

bank_app = typer.Typer(help="Browse, search, validate, import and export question banks.")
console = Console(highlight=False)


class ExportFormat(StrEnum):
    YAML = "yaml"
    JSON = "json"
    CSV = "csv"


def summary(q: Question) -> dict[str, Any]:
    return {
        "id": q.id,
        "bank": q.bank,
        "category": q.category,
        "kind": q.kind.value,
        "difficulty": q.difficulty,
        "roles": [r.value for r in q.roles],
        "question": q.question,
    }


def _ref(q: Question) -> str:
    return q.id if q.bank == "core" else q.uid


@bank_app.command("list")
def list_questions(
    category: Annotated[str | None, typer.Option(help="Only this category.")] = None,
    kind: Annotated[Kind | None, typer.Option(help="Only this kind.")] = None,
    role: Annotated[Role | None, typer.Option(help="Only questions suited to this role.")] = None,
    difficulty: Annotated[int | None, typer.Option(min=1, max=3, help="1, 2 or 3.")] = None,
    bank: Annotated[str | None, typer.Option(help="Only this bank (core = bundled).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
) -> None:
    """List questions, filtered by category, kind, role, difficulty or bank."""
    with open_context() as ctx:
        questions = ctx.catalog.filter(
            category=category, kind=kind, role=role, difficulty=difficulty, bank=bank
        )
    if as_json:
        print(json.dumps([summary(q) for q in questions], indent=2, ensure_ascii=False))
        return
    table = Table(title=f"{len(questions)} questions", show_lines=False, expand=True)
    table.add_column("id", no_wrap=True)
    table.add_column("category")
    table.add_column("kind")
    table.add_column("lvl", justify="right")
    table.add_column("question", ratio=1)
    for q in questions:
        table.add_row(_ref(q), q.category, q.kind.value, str(q.difficulty), escape(q.question))
    console.print(table)


@bank_app.command("show")
def show(
    question_id: Annotated[str, typer.Argument(metavar="ID", help="Question id (or BANK/ID).")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the whole question as JSON.")
    ] = False,
) -> None:
    """Show one question with its model answer, rubric and follow-ups."""
    with open_context() as ctx:
        q = ctx.catalog.get(question_id)
    if as_json:
        data = q.model_dump(mode="json", exclude={"samples"})
        data["rubric_hash"] = q.rubric_hash()
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return
    console.print(f"[bold]{escape(q.question)}[/]")
    console.print(
        f"[dim]{_ref(q)} · {q.category} · {q.kind.value} · difficulty {q.difficulty} · "
        f"{', '.join(r.value for r in q.roles)}"
        + (f" · competency: {q.competency}" if q.competency else "")
        + "[/]\n"
    )
    for i, answer in enumerate(q.answers):
        title = "Model answer" if (i == 0 and q.model_answer) else "Reference answer"
        console.print(f"[bold]{title}[/]\n{escape(answer)}\n")
    console.print("[bold]Rubric[/]")
    for kp in q.key_points:
        derived = " (derived)" if kp.derived else ""
        console.print(
            f"  • [bold]{escape(kp.label)}[/] ({kp.weight:.0%}){derived}: {escape(kp.statement)}"
        )
        if kp.phrasings:
            console.print(f"    [dim]also said as: {escape('; '.join(kp.phrasings))}[/]")
    if q.follow_ups:
        console.print("\n[bold]Follow-ups[/]")
        for fu in q.follow_ups:
            console.print(f"  • {escape(fu.question)} [dim](probes {fu.probes})[/]")
    if q.references:
        console.print("\n[bold]References[/]")
        for ref in q.references:
            console.print(f"  • {escape(ref)}")


@bank_app.command("search")
def search(
    text: Annotated[str, typer.Argument(help="Words or a question in your own words.")],
    limit: Annotated[int, typer.Option(min=1, max=100, help="How many results.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Search the bank by words and by meaning."""
    with open_context() as ctx:
        hits = ctx.catalog.search(text, cache=ctx.embeddings, limit=limit)
    if as_json:
        print(
            json.dumps(
                [
                    {
                        **summary(h.question),
                        "score": h.score,
                        "by_words": round(h.by_words, 3),
                        "by_meaning": round(h.by_meaning, 3),
                    }
                    for h in hits
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    if not hits:
        console.print("No matching questions. Try other words, or `mockprep bank list`.")
        return
    for h in hits:
        console.print(
            f"[bold]{_ref(h.question)}[/] [dim]({h.question.category})[/] {escape(h.question.question)}"
        )


@bank_app.command("validate")
def validate(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="A bank file (YAML, JSON, CSV, Markdown). Omit to check the bundled bank."
        ),
    ] = None,
) -> None:
    """Check a bank file (or the bundled bank); every problem is listed with file, line and field."""
    if file is None:
        questions = load_bundled()
        console.print(f"OK: the bundled bank is valid ({len(questions)} questions).")
        return
    bank = read_bank(file)
    derived = sum(1 for q in bank.questions if any(kp.derived for kp in q.key_points))
    note = f", {derived} with key points derived from their reference answers" if derived else ""
    console.print(f"OK: {file} is valid ({len(bank.questions)} questions{note}).")


@bank_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="YAML/JSON (our schema), CSV or Markdown.")],
    name: Annotated[
        str | None, typer.Option(help="Bank name (namespace); default: from the file name.")
    ] = None,
) -> None:
    """Import a bank: validated first, all or nothing; re-importing changed content adds a version."""
    with open_context() as ctx, ctx.db.write() as session:
        record, created = import_bank(BankRepository(session), ctx.user_id, file, name=name)
    if created:
        console.print(
            f"Imported {record.question_count} questions as bank [bold]{record.name}[/] "
            f"version {record.version}. Practise them with --bank {record.name}."
        )
    else:
        console.print(f"Bank {record.name} version {record.version} already has this content.")


def _csv_text(questions: list[Question]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "id",
            "bank",
            "category",
            "kind",
            "difficulty",
            "question",
            "reference_answer",
            "key_points",
        ]
    )
    for q in questions:
        writer.writerow(
            [
                q.id,
                q.bank,
                q.category,
                q.kind.value,
                q.difficulty,
                q.question,
                q.answers[0] if q.answers else "",
                "; ".join(kp.statement for kp in q.key_points),
            ]
        )
    return out.getvalue()


@bank_app.command("export")
def export(
    fmt: Annotated[
        ExportFormat, typer.Option("--format", help="yaml, json or csv.")
    ] = ExportFormat.YAML,
    bank: Annotated[str | None, typer.Option(help="Only this bank (default: all).")] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Export questions (bundled and imported) in our schema, or as CSV."""
    with open_context() as ctx:
        questions = ctx.catalog.filter(bank=bank)
    if fmt is ExportFormat.CSV:
        text = _csv_text(questions)
    else:
        files = []
        for name in dict.fromkeys(q.bank for q in questions):
            members = [q for q in questions if q.bank == name]
            dumped = BankFile(bank=name, questions=members).model_dump(mode="json")
            for q in dumped["questions"]:
                q.pop("bank", None)  # implied by the file's bank
            files.append(dumped)
        payload: Any = files[0] if len(files) == 1 else {"banks": files}
        text = (
            json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
            if fmt is ExportFormat.JSON
            else yaml.safe_dump(payload, sort_keys=False, allow_unicode=True, width=100)
        )
    if out is None:
        sys.stdout.write(text)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(
            f"cannot write {out} ({exc.strerror})", fix="Choose a writable path."
        ) from exc
    console.print(f"Wrote {len(questions)} questions to {out}.")


def register(app: typer.Typer) -> None:
    app.add_typer(bank_app, name="bank")
