"""``mockprep ats``: how an applicant-tracking system reads a resume, and how well it fits a job."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from mockprep.cli.context import open_context
from mockprep.errors import InputError
from mockprep.resume.check import build_report, extract, read_job
from mockprep.resume.report import AtsReport
from mockprep.resume.sniff import MAX_RESUME_BYTES
from mockprep.store.resume_repository import ResumeCheckRepository, story_refs

SEVERITY_STYLES = {"high": "bold red", "medium": "yellow", "low": "cyan", "info": "dim"}
MAX_FINDINGS_SHOWN = 15


def _read(path: Path, what: str, limit: int = MAX_RESUME_BYTES) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(
                f"{path} is {size / 1_000_000:.1f} MB; the {what} may be at most "
                f"{limit // 1_000_000} MB",
                fix="Export it again without embedded pictures.",
            )
        return path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"cannot read the {what} {path} ({exc.strerror or exc})", fix="Check the path."
        ) from exc


def _score_style(score: int) -> str:
    return "bold green" if score >= 75 else "bold yellow" if score >= 50 else "bold red"


def render(console: Console, report: AtsReport) -> None:
    """The report in one screen: score and its parts, keywords, findings, fixes."""
    head = Text.assemble(
        ("ATS score ", "bold"),
        (f"{report.score}/100", _score_style(report.score)),
        f"  {report.file.name} · {report.file.kind.upper()} · "
        f"{'~' if report.file.pages_estimated else ''}{report.file.pages} page(s) · "
        f"{report.file.words} words",
    )
    console.print(head)
    if report.job:
        console.print(
            f"Job: {report.job.title or '(no title found)'}"
            + (f" · {report.job.degree}" if report.job.degree else "")
            + (f" · {report.job.years}+ years" if report.job.years else ""),
            style="dim",
        )
    parts = Table(box=box.SIMPLE_HEAD, show_header=True, title="Score", title_justify="left")
    parts.add_column("part")
    parts.add_column("points", justify="right")
    parts.add_column("why")
    for p in report.breakdown:
        points = "n/a" if p.max == 0 else f"{p.points:g}/{p.max:g}"
        parts.add_row(p.label, points, p.detail)
    console.print(parts)
    if report.keywords:
        kw = Table(box=box.SIMPLE_HEAD, title="Keywords", title_justify="left")
        kw.add_column("keyword")
        kw.add_column("job", justify="right")
        kw.add_column("found where")
        for k in report.keywords:
            asked = f"{k.mentions}×" + ("" if k.required else " nice")
            if k.found:
                w = k.where[0]
                via = "" if w.matched.lower() == k.name.lower() else f" as “{w.matched}”"
                place = Text(f"{w.section}, line {w.line}{via}", style="green")
                if len(k.where) > 1:
                    place.append(f" (+{len(k.where) - 1})", style="dim")
            else:
                place = Text("missing", style="red")
                if k.practice:
                    place.append(f"  → {k.practice[0].kind} {k.practice[0].ref}", style="dim")
            kw.add_row(k.name, asked, place)
        console.print(kw)
    if report.findings:
        console.print(Text("Findings", style="bold"))
        for f in report.findings[:MAX_FINDINGS_SHOWN]:
            console.print(
                Text.assemble(
                    (f"{f.severity:<6} ", SEVERITY_STYLES.get(f.severity, "")),
                    (f"{f.where}: ", "bold"),
                    f.message,
                )
            )
        if len(report.findings) > MAX_FINDINGS_SHOWN:
            console.print(
                f"… {len(report.findings) - MAX_FINDINGS_SHOWN} more with --json.", style="dim"
            )
    if report.fixes:
        console.print(Text("Top fixes", style="bold"))
        for fx in report.fixes:
            console.print(Text.assemble((f"{fx.rank}. +{fx.gain:g} ", "bold green"), fx.message))


def ats(
    resume: Annotated[Path, typer.Argument(help="The resume: PDF, DOCX, TXT or Markdown.")],
    job: Annotated[
        Path | None, typer.Option("--job", help="A job description file (text, PDF or DOCX).")
    ] = None,
    job_text: Annotated[
        str | None, typer.Option("--job-text", help="The job description as text.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    text_only: Annotated[
        bool, typer.Option("--text", help="Print exactly the text an ATS extracts, and stop.")
    ] = False,
    save: Annotated[
        bool, typer.Option("--save/--no-save", help="Keep the check in your history (/ats).")
    ] = True,
) -> None:
    """Check a resume the way an applicant-tracking system reads it, against a job if given.

    Parsing runs in a separate process with time and memory limits, so a broken or hostile
    file ends with an error, never a hang.
    """
    if job is not None and job_text is not None:
        raise InputError(
            "give the job description one way", fix="Use --job FILE or --job-text TEXT, not both."
        )
    data = _read(resume, "resume")
    extraction = extract(data, resume.name)
    if text_only:
        print(extraction.text)
        return
    description = job_text
    if job is not None:
        description = read_job(_read(job, "job description"), job.name)
    import hashlib

    with open_context() as ctx:
        with ctx.db.read() as session:
            stories = story_refs(session, ctx.user_id)
        report = build_report(
            extraction,
            file_name=resume.name,
            sha256=hashlib.sha256(data).hexdigest(),
            job_text=description,
            catalog=ctx.catalog,
            stories=stories,
        )
        if save:
            with ctx.db.write() as session:
                ResumeCheckRepository(session).add(ctx.user_id, report, job_text=description or "")
    if as_json:
        print(report.model_dump_json(indent=2, exclude={"text"}))
        return
    render(Console(highlight=False), report)


def register(app: typer.Typer) -> None:
    app.command("ats")(ats)
