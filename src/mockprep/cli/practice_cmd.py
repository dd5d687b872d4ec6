"""``mockprep practice`` and ``mockprep review``: the mock interview in the terminal.

Answers are typed in a real line editor (prompt_toolkit: arrows, history, paste). Ctrl-D, or Esc
then Enter, submits. At the answer prompt ``/skip`` skips the question and ``/quit`` stops; after
each grade: Enter for the next question, ``r`` to answer it again, ``m`` for the model answer,
``q`` to quit. When standard input is not a terminal, an answer is the lines up to a line holding
only ``.`` (so scripts can drive it).
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from prompt_toolkit import PromptSession

from mockprep.bank.schema import Kind, Question, Role
from mockprep.cli.context import Context, open_context
from mockprep.cli.speech_cmd import VoiceAnswerer
from mockprep.cli.star_cmd import render_star
from mockprep.errors import InputError
from mockprep.grading import Grade
from mockprep.practice.runner import Filters, PracticeRunner, SessionSummary, follow_up_question
from mockprep.store.records import SessionRecord

console = Console(highlight=False)
SUBMIT_HINT = "Ctrl-D (or Esc then Enter) submits · /skip · /quit"


class Quit(Exception):
    """The candidate asked to stop; the session stays resumable."""


class AnswerReader:
    """Reads one multi-line answer, from a terminal editor or from piped input."""

    def __init__(self, history_file: str | None = None) -> None:
        self.interactive = sys.stdin.isatty() and sys.stdout.isatty()
        self._session: PromptSession[str] | None = None
        if self.interactive:
            from prompt_toolkit import PromptSession
            from prompt_toolkit.history import FileHistory, InMemoryHistory
            from prompt_toolkit.key_binding import KeyBindings

            bindings = KeyBindings()

            @bindings.add("c-d")
            def _submit(event: object) -> None:
                buffer = event.current_buffer  # type: ignore[attr-defined]
                buffer.validate_and_handle()

            history = FileHistory(history_file) if history_file else InMemoryHistory()
            self._session = PromptSession(
                multiline=True, history=history, key_bindings=bindings, enable_history_search=True
            )

    def read(self, *, deadline: float | None = None) -> str:
        """The answer text; raises EOFError when input ends."""
        if self._session is None:
            lines: list[str] = []
            for line in sys.stdin:
                if line.rstrip("\n") == ".":
                    return "\n".join(lines)
                lines.append(line.rstrip("\n"))
            if lines:
                return "\n".join(lines)
            raise EOFError

        def toolbar() -> str:
            if deadline is None:
                return SUBMIT_HINT
            left = int(deadline - time.monotonic())
            clock = f"{left // 60}:{left % 60:02d} left" if left >= 0 else f"over time by {-left}s"
            return f"{clock} · {SUBMIT_HINT}"

        text: str = self._session.prompt(
            "> ",
            bottom_toolbar=toolbar,
            refresh_interval=0.5 if deadline else None,
            prompt_continuation="  ",
        )
        return text

    def choice(self, prompt: str) -> str:
        if self._session is None:
            line = sys.stdin.readline()
            if not line:
                raise EOFError
            return line.strip().lower()
        from prompt_toolkit import prompt as single_prompt

        return str(single_prompt(prompt)).strip().lower()


def render_answer_with_evidence(answer: str, grade: Grade) -> Text:
    """The candidate's answer with the spans that earned credit highlighted."""
    text = Text(answer)
    for kp in grade.key_points:
        if kp.covered:
            for ev in kp.evidence:
                if 0 <= ev.start < ev.end <= len(answer):
                    text.stylize("bold green underline", ev.start, ev.end)
    return text


def render_grade(grade: Grade, answer: str, *, title: str = "Grade") -> None:
    colour = {"strong": "green", "adequate": "cyan", "weak": "yellow", "off-target": "red"}
    band = grade.band.value
    console.print(
        Panel(
            render_answer_with_evidence(answer, grade),
            title=f"{title}: [bold {colour.get(band, 'white')}]{grade.score:.1f}/10 · {band}[/]",
            subtitle="highlighted: where you made a point",
        )
    )
    table = Table(show_header=False, box=None, padding=(0, 1))
    for kp in grade.key_points:
        mark = "[green]✓[/]" if kp.covered else "[red]✗[/]"
        table.add_row(mark, escape(kp.label), f"[dim]{kp.strength:.0%}[/]")
    console.print(table)
    for missing in grade.missing[:2]:
        console.print(f"  [yellow]Missing:[/] {escape(missing.label)}: {escape(missing.hint)}")
    if grade.flags:
        console.print(f"  [red]Flags:[/] {', '.join(f.value for f in grade.flags)}")
    console.print(f"\n{escape(grade.feedback)}\n")
    render_star(console, grade)


def show_model_answer(question: Question) -> None:
    body = question.model_answer or (question.answers[0] if question.answers else "")
    console.print(Panel(escape(body), title="Model answer"))


def ask(
    runner: PracticeRunner,
    reader: AnswerReader,
    session: SessionRecord,
    question: Question,
    number: int,
    total: int,
    voice: VoiceAnswerer | None = None,
) -> None:
    """One question with its follow-up; raises Quit to stop."""
    while True:
        meta = f"{question.category} · {question.kind.value} · difficulty {question.difficulty}"
        console.rule(f"Question {number}/{total}")
        console.print(f"[bold]{escape(question.question)}[/]\n[dim]{meta}[/]")
        limit = session.time_limit_seconds
        deadline = time.monotonic() + limit if limit else None
        if limit:
            console.print(f"[dim]You have {limit // 60}:{limit % 60:02d}.[/]")
        console.print(f"[dim]{SUBMIT_HINT}[/]")
        started = datetime.now(UTC)
        spoken = voice.answer(runner, session, question, started, reader.choice) if voice else None
        if voice is not None and spoken is not None:  # answered out loud: transcript + delivery
            attempt, grade, answer = spoken
            render_grade(grade, answer)
            voice.show_delivery()
        else:
            answer = reader.read(deadline=deadline).strip()
            if answer == "/quit":
                raise Quit
            if answer == "/skip" or not answer:
                runner.skip(session, question)
                console.print("[dim]Skipped.[/]")
                return
            attempt = runner.save_answer(session, question, answer, started_at=started)
            if deadline and time.monotonic() > deadline:
                console.print("[yellow]Time was up before you submitted; graded all the same.[/]")
            grade = runner.grade(attempt, question)
            render_grade(grade, answer)
        focused = follow_up_question(question, grade)
        if focused is not None:
            console.print(f"[bold]Follow-up:[/] {escape(focused.question)}")
            started = datetime.now(UTC)
            follow_answer = reader.read().strip()
            if follow_answer == "/quit":
                raise Quit
            if follow_answer and follow_answer != "/skip":
                saved = runner.save_answer(
                    session,
                    question,
                    follow_answer,
                    started_at=started,
                    prompt=focused.question,
                    parent_attempt_id=attempt.id,
                )
                render_grade(runner.grade(saved, focused), follow_answer, title="Follow-up")
        while True:
            choice = reader.choice("Enter: next · r: answer again · m: model answer · q: quit > ")
            if choice == "m":
                show_model_answer(question)
                continue
            break
        if choice == "q":
            raise Quit
        if choice != "r":
            return


def render_summary(summary: SessionSummary) -> None:
    console.rule("Session summary")
    table = Table()
    table.add_column("question")
    table.add_column("score", justify="right")
    table.add_column("covered")
    table.add_column("missed")
    table.add_column("time", justify="right")
    for r in summary.results:
        grade = r.attempt.grade or {}
        points = grade.get("key_points", [])
        covered = [p["label"] for p in points if p.get("covered")]
        missed = [p["label"] for p in points if not p.get("covered")]
        secs = r.attempt.duration_seconds or 0.0
        table.add_row(
            r.question.id,
            f"{r.score:.1f}" if r.score is not None else "-",
            escape(", ".join(covered)) or "-",
            escape(", ".join(missed)) or "-",
            f"{int(secs) // 60}:{int(secs) % 60:02d}",
        )
    console.print(table)
    if summary.mean_score is not None:
        console.print(f"Average score: [bold]{summary.mean_score:.1f}/10[/]")
    if summary.skipped:
        console.print(f"Skipped: {', '.join(summary.skipped)}")
    review = summary.review_next()
    if review:
        console.print("Review next: " + ", ".join(q.id for q in review))


def run_session(
    ctx: Context, runner: PracticeRunner, session: SessionRecord, *, voice: bool = False
) -> None:
    reader = AnswerReader(str(ctx.settings.home / "answer-history"))
    answerer = VoiceAnswerer.find(ctx.settings) if voice else None
    graded = runner.grade_pending(session)
    if graded:
        console.print(f"[dim]Graded {graded} answer(s) saved before the interruption.[/]")
    questions = runner.remaining(session)
    total = len(session.question_ids)
    try:
        for question in questions:
            number = total - len(runner.remaining(session)) + 1
            ask(runner, reader, session, question, number, total, answerer)
    except (Quit, EOFError, KeyboardInterrupt):
        console.print(
            "\nStopped. Your answers are saved; continue with [bold]mockprep practice --resume[/]."
        )
        summary = runner.summary(session)
        if summary.results:
            render_summary(summary)
        return
    render_summary(runner.finish(session))


def make_runner(ctx: Context) -> PracticeRunner:
    return PracticeRunner(
        ctx.db,
        ctx.catalog,
        ctx.grader,
        ctx.user_id,
        desired_retention=ctx.settings.desired_retention,
    )


def practice(
    category: Annotated[str | None, typer.Option(help="Only this category.")] = None,
    role: Annotated[Role | None, typer.Option(help="Only questions for this role.")] = None,
    kind: Annotated[Kind | None, typer.Option(help="Only this kind of question.")] = None,
    difficulty: Annotated[int | None, typer.Option(min=1, max=3, help="1, 2 or 3.")] = None,
    count: Annotated[int, typer.Option(min=1, max=50, help="How many questions.")] = 5,
    time_limit: Annotated[
        int | None, typer.Option("--time-limit", min=10, help="Seconds per answer (a countdown).")
    ] = None,
    bank: Annotated[str | None, typer.Option(help="Only this bank (core = bundled).")] = None,
    question: Annotated[
        list[str] | None, typer.Option("--question", help="Practise this question (repeatable).")
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue your unfinished session.")
    ] = False,
    voice: Annotated[
        bool,
        typer.Option("--voice", help="Answer out loud: record from the microphone (if present)."),
    ] = False,
) -> None:
    """A mock interview: your typed or spoken (--voice) answers, graded with evidence; follow-ups."""
    with open_context() as ctx:
        runner = make_runner(ctx)
        if resume:
            session = runner.unfinished()
            if session is None:
                raise InputError(
                    "there is no unfinished session to resume",
                    fix="Start one with `mockprep practice`.",
                )
        else:
            filters = Filters(
                category=category,
                role=role.value if role else None,
                kind=kind.value if kind else None,
                difficulty=difficulty,
                bank=bank,
            )
            session = runner.start(
                filters, count=count, time_limit_seconds=time_limit, question_ids=question or ()
            )
        run_session(ctx, runner, session, voice=voice)


def review(
    limit: Annotated[int, typer.Option(min=1, max=100, help="At most this many questions.")] = 10,
) -> None:
    """Answer the questions that are due for review, weakest first."""
    with open_context() as ctx:
        runner = make_runner(ctx)
        session = runner.start_review(limit=limit)
        if session is None:
            console.print("Nothing is due for review. `mockprep due` shows what comes up next.")
            return
        run_session(ctx, runner, session)


def start_default_session() -> None:
    """What `make run` starts: resume an unfinished session, or a new five-question interview."""
    with open_context() as ctx:
        runner = make_runner(ctx)
        session = runner.unfinished()
        if session is not None:
            console.print("Continuing your unfinished session.")
        else:
            session = runner.start(Filters(), count=5)
        run_session(ctx, runner, session)


def register(app: typer.Typer) -> None:
    app.command("practice")(practice)
    app.command("review")(review)
