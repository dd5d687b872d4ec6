"""``mockprep progress``, ``mockprep history`` and ``mockprep show-attempt``.

Statistics are defined in :mod:`mockprep.practice.stats`; charts in :mod:`mockprep.practice.charts`.
``show-attempt`` replays a stored attempt from its grade JSON, defensively: a grade written by an
older or newer grader still shows whatever parts it has.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from mockprep.bank.catalog import Catalog
from mockprep.cli.context import open_context
from mockprep.errors import InputError, QuestionNotFoundError
from mockprep.practice.charts import check_chart_path, export_chart, progress_report, score_style
from mockprep.practice.stats import compute_progress, stats_to_dict
from mockprep.store.records import AttemptRecord
from mockprep.store.repositories import AttemptRepository, DataRepository

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


def _zone(name: str | None) -> tzinfo:
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InputError(
            f"unknown time zone {name!r}",
            fix="Use an IANA name such as Europe/London or America/New_York, or leave --tz out "
            "for UTC.",
        ) from exc


def progress(
    export: Annotated[
        Path | None,
        typer.Option(
            "--export",
            metavar="FILE.png|svg|html",
            help="Also write the charts to a PNG, SVG or standalone HTML file.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the statistics as JSON.")] = False,
    tz: Annotated[
        str | None,
        typer.Option("--tz", help="Time zone whose days count for trend and streak (default UTC)."),
    ] = None,
) -> None:
    """Your progress: mastery by category and kind, trend, missed points, streak, reviews due."""
    zone = _zone(tz)
    if export is not None:
        check_chart_path(export)
    with open_context() as ctx:
        with ctx.db.read() as session:
            repo = DataRepository(session)
            attempts = repo.attempts(ctx.user_id)
            reviews = repo.review_states(ctx.user_id)
        stats = compute_progress(
            attempts,
            reviews,
            ctx.catalog,
            now=datetime.now(UTC),
            tz=zone,
            desired_retention=ctx.settings.desired_retention,
        )
    if as_json:
        print(json.dumps(stats_to_dict(stats), indent=2, ensure_ascii=False))
    else:
        console.print(progress_report(stats))
    if export is not None:
        export_chart(stats, export)
        (err_console if as_json else console).print(f"Wrote the progress chart to {export}.")


def _question_ref(catalog: Catalog, ref: str) -> str:
    """The bank-qualified id attempts are stored under (a removed bank's id is kept as given)."""
    try:
        return catalog.get(ref).uid
    except QuestionNotFoundError:
        if "/" in ref:
            return ref.strip()
        raise


def _band(attempt: AttemptRecord) -> str | None:
    band = (attempt.grade or {}).get("band")
    return band if isinstance(band, str) else None


def attempt_summary(attempt: AttemptRecord) -> dict[str, Any]:
    """One line of ``history --json``."""
    return {
        "id": attempt.id,
        "session_id": attempt.session_id,
        "parent_attempt_id": attempt.parent_attempt_id,
        "question_id": attempt.question_id,
        "prompt": attempt.prompt,
        "submitted_at": attempt.submitted_at.astimezone(UTC).isoformat(),
        "duration_seconds": attempt.duration_seconds,
        "graded": attempt.is_graded,
        "score": attempt.score,
        "band": _band(attempt),
    }


def history(
    question: Annotated[
        str | None,
        typer.Option("--question", metavar="ID", help="Only attempts at this question."),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="How many attempts, newest first.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
) -> None:
    """List your attempts, newest first (follow-up answers are marked ↳)."""
    with open_context() as ctx:
        question_id = _question_ref(ctx.catalog, question) if question else None
        with ctx.db.read() as session:
            attempts = AttemptRepository(session).history(
                ctx.user_id, question_id=question_id, limit=limit
            )
    if as_json:
        print(json.dumps([attempt_summary(a) for a in attempts], indent=2, ensure_ascii=False))
        return
    if not attempts:
        where = f" at {question_id}" if question_id else ""
        console.print(f"No attempts{where} yet. Practise with `mockprep practice`.")
        return
    table = Table(title=f"{len(attempts)} most recent attempts", expand=True)
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("when (UTC)", no_wrap=True)
    table.add_column("question", ratio=1)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("time", justify="right", no_wrap=True)
    for a in attempts:
        marker = "↳ " if a.parent_attempt_id is not None else ""
        score = (
            Text(f"{a.score:.1f}", style=score_style(a.score))
            if a.score is not None
            else Text("not graded", style="dim")
        )
        table.add_row(
            str(a.id),
            a.submitted_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M"),
            f"{marker}[bold]{escape(a.question_id)}[/] {escape(_short(a.prompt))}",
            score,
            f"{a.duration_seconds:.0f}s" if a.duration_seconds is not None else "",
        )
    console.print(table)
    console.print("[dim]Replay one with `mockprep show-attempt ID`.[/]")


def _short(text: str, width: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


# -- show-attempt -------------------------------------------------------------------------------
def _list_of_dicts(value: object) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, dict)]


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _highlighted_answer(answer: str, grade: dict[str, Any]) -> Text:
    """The answer with each covered key point's evidence spans underlined or coloured."""
    text = Text(answer)
    for point in _list_of_dicts(grade.get("key_points")):
        if point.get("covered") is not True:
            continue
        for ev in _list_of_dicts(point.get("evidence")):
            start, end = ev.get("start"), ev.get("end")
            if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(answer):
                text.stylize("bold cyan" if ev.get("kind") == "phrase" else "underline", start, end)
    return text


def _key_point_table(grade: dict[str, Any]) -> Table | None:
    points = _list_of_dicts(grade.get("key_points"))
    if not points:
        return None
    table = Table(title="Key points", title_justify="left", expand=True)
    table.add_column("", no_wrap=True)
    table.add_column("key point")
    table.add_column("weight", justify="right")
    table.add_column("strength", justify="right")
    table.add_column("evidence", ratio=1)
    for point in points:
        covered = point.get("covered") is True
        weight, strength = _number(point.get("weight")), _number(point.get("strength"))
        quotes = "; ".join(
            f"“{_short(str(ev.get('text', '')), 70)}”"
            for ev in _list_of_dicts(point.get("evidence"))
        )
        table.add_row(
            Text("✓ covered", style="green") if covered else Text("✗ missed", style="red"),
            escape(str(point.get("label") or point.get("id") or "?")),
            "" if weight is None else f"{weight:.0%}",
            "" if strength is None else f"{strength:.2f}",
            escape(quotes) if covered else "",
        )
    return table


def render_attempt(
    attempt: AttemptRecord, question_text: str | None, follow_ups: list[AttemptRecord]
) -> None:
    """Replay one attempt in the terminal: question, answer, grade, feedback and follow-up."""
    kind = "Follow-up answer" if attempt.parent_attempt_id is not None else "Attempt"
    console.rule(f"{kind} {attempt.id} · {escape(attempt.question_id)}")
    meta = [attempt.submitted_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")]
    if attempt.duration_seconds is not None:
        meta.append(f"{attempt.duration_seconds:.0f}s to answer")
    if attempt.session_id is not None:
        meta.append(f"session {attempt.session_id}")
    if attempt.parent_attempt_id is not None:
        meta.append(f"follows attempt {attempt.parent_attempt_id}")
    if attempt.grader_name:
        meta.append(f"graded by {attempt.grader_name} {attempt.grader_version or ''}".rstrip())
    console.print(f"[dim]{escape(' · '.join(meta))}[/]")
    console.print(Text.assemble(("Question: ", "bold"), attempt.prompt or question_text or "?"))
    grade = attempt.grade
    console.print(Text("Your answer:", style="bold"))
    if grade is None:
        console.print(Text(attempt.answer_text))
        console.print(
            "[yellow]Not graded yet.[/] It is graded when you resume its session "
            "(`mockprep practice --resume`)."
        )
        return
    console.print(_highlighted_answer(attempt.answer_text, grade))
    score = _number(grade.get("score"))
    if score is None:
        score = attempt.score
    band = grade.get("band")
    if score is not None:
        console.print(
            Text.assemble(
                ("Score ", "bold"),
                (f"{score:.1f}/10", score_style(score)),
                "  ",
                (str(band) if isinstance(band, str) else "", score_style(score)),
            )
        )
    table = _key_point_table(grade)
    if table is not None:
        console.print(table)
    missing = _list_of_dicts(grade.get("missing"))
    if missing:
        console.print(Text("To cover next time:", style="bold"))
        for point in missing:
            hint = point.get("hint")
            label = str(point.get("label") or point.get("id") or "?")
            console.print(Text(f"  • {label}" + (f": {hint}" if isinstance(hint, str) else "")))
    flags = [str(f) for f in grade.get("flags") or [] if isinstance(f, str)]
    if flags:
        console.print(Text("Flags: " + ", ".join(flags), style="yellow"))
    feedback = grade.get("feedback")
    if isinstance(feedback, str) and feedback:
        console.print(Text.assemble(("Feedback: ", "bold"), feedback))
    follow_up = grade.get("follow_up")
    if isinstance(follow_up, str) and follow_up:
        console.print(Text.assemble(("Follow-up: ", "bold"), follow_up))
    for child in follow_ups:
        score_text = f"{child.score:.1f}/10" if child.score is not None else "not graded"
        console.print(
            f"[dim]  answered in attempt {child.id} ({score_text}); "
            f"`mockprep show-attempt {child.id}` replays it.[/]"
        )


def show_attempt(
    attempt_id: Annotated[int, typer.Argument(metavar="ID", help="An id from `mockprep history`.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the stored attempt.")] = False,
) -> None:
    """Replay one attempt: the question, your answer, the grade, feedback and follow-up."""
    with open_context() as ctx:
        with ctx.db.read() as session:
            attempt = AttemptRepository(session).get(ctx.user_id, attempt_id)
            follow_ups = DataRepository(session).follow_ups_of(ctx.user_id, attempt_id)
        try:
            question_text: str | None = ctx.catalog.get(attempt.question_id).question
        except QuestionNotFoundError:
            question_text = None
    if as_json:
        data = {
            **attempt_summary(attempt),
            "question": question_text,
            "answer_text": attempt.answer_text,
            "transcript": attempt.transcript,
            "delivery": attempt.delivery,
            "started_at": attempt.started_at.astimezone(UTC).isoformat(),
            "graded_at": attempt.graded_at.astimezone(UTC).isoformat()
            if attempt.graded_at
            else None,
            "grader_name": attempt.grader_name,
            "grader_version": attempt.grader_version,
            "rubric_hash": attempt.rubric_hash,
            "bank_version": attempt.bank_version,
            "grade": attempt.grade,
            "follow_up_attempt_ids": [a.id for a in follow_ups],
        }
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    render_attempt(attempt, question_text, follow_ups)


def register(app: typer.Typer) -> None:
    app.command("progress")(progress)
    app.command("history")(history)
    app.command("show-attempt")(show_attempt)
