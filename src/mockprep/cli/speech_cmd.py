"""``mockprep transcribe FILE`` and ``mockprep recordings``; the spoken-answer helpers that
``mockprep grade --audio`` and ``mockprep practice --voice`` share."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from mockprep.bank.schema import Question
from mockprep.cli.context import open_context
from mockprep.config import Settings, load_settings
from mockprep.speech import recording
from mockprep.speech.audio import read_bytes
from mockprep.speech.delivery import Delivery
from mockprep.speech.engine import load_transcriber
from mockprep.speech.spoken_answer import SpeechOptions, SpokenAnswer, listen
from mockprep.speech.transcript import Transcript, clock, timed_lines

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)
MARK_STYLES = {"filler": "bold red", "hedge": "underline blue"}


def listen_to_file(
    path: Path,
    settings: Settings,
    question: Question | None = None,
    embedder: Any | None = None,
) -> SpokenAnswer:
    """Transcribe and analyse a recording on disk, with a progress line on stderr."""
    options = SpeechOptions.of(settings)
    data = read_bytes(path, options.limits)
    return listen_to_bytes(data, settings, question, embedder, name=path.name)


def listen_to_bytes(
    data: bytes,
    settings: Settings,
    question: Question | None = None,
    embedder: Any | None = None,
    *,
    name: str = "the recording",
) -> SpokenAnswer:
    options = SpeechOptions.of(settings)
    with err_console.status("loading the speech model") as status:
        transcriber = load_transcriber(options.model)
        return listen(
            data,
            question,
            transcriber,
            options,
            name=name,
            embedder=embedder,
            progress=lambda stage: status.update(stage),
        )


def marked_transcript(transcript: Transcript, delivery: Delivery) -> Text:
    """The transcript with fillers and hedges styled and long pauses shown in place."""
    text = Text()
    cursor = 0
    for mark in sorted(delivery.marks, key=lambda m: (m.char_start, m.kind != "pause")):
        if mark.char_start < cursor:
            continue
        text.append(transcript.text[cursor : mark.char_start])
        if mark.kind == "pause":
            text.append(f" [pause {mark.end - mark.start:.1f} s] ", style="dim italic")
        else:
            text.append(
                transcript.text[mark.char_start : mark.char_end], style=MARK_STYLES[mark.kind]
            )
        cursor = mark.char_end
    text.append(transcript.text[cursor:])
    return text


def render_delivery(spoken: SpokenAnswer) -> None:
    """The transcript (marked) and the delivery section, in the terminal."""
    d = spoken.delivery
    if spoken.transcript.low_confidence:
        console.print(f"[yellow]{escape(spoken.transcript.confidence_note or '')}[/]")
    console.print(
        "[bold]Transcript[/] [dim](red: filler words, underlined: hedging, [pause]: long pause)[/]"
    )
    console.print(marked_transcript(spoken.transcript, d))
    table = Table(title="Delivery", title_justify="left", show_header=False, box=None)
    low, high = d.pace_band
    pace = (
        "too short to judge"
        if d.pace == "unknown"
        else f"{d.wpm:.0f} wpm ({d.pace}; aim {low}–{high})"
    )
    table.add_row("pace", pace)
    fillers = ", ".join(f"{k} ×{v}" for k, v in d.filler_counts.items())
    table.add_row("fillers", f"{d.fillers} ({d.fillers_per_minute:.1f}/min) {fillers}".strip())
    table.add_row("long pauses", f"{d.long_pauses} (longest {d.longest_pause:.1f} s)")
    table.add_row("hedging", f"{d.hedges} " + ", ".join(d.hedge_counts))
    if d.length:
        table.add_row(
            "length",
            f"{d.length.words} words ({d.length.verdict}; about {d.length.expected_words})",
        )
    for share in d.part_shares:
        table.add_row(f"time on {share.part.lower()}", f"{share.share:.0%} ({share.seconds:.0f} s)")
    console.print(table)
    for note in d.notes:
        console.print(f"  • {escape(note)}")


def transcript_json(spoken: SpokenAnswer) -> dict[str, Any]:
    t = spoken.transcript
    return {
        "text": t.text,
        "duration_seconds": round(t.duration, 3),
        "model": t.model,
        "low_confidence": t.low_confidence,
        "confidence_note": t.confidence_note,
        "audio": spoken.audio.as_dict(),
        "words": [
            {
                "word": w.text,
                "start": round(w.start, 3),
                "end": round(w.end, 3),
                "probability": round(w.probability, 3),
            }
            for w in t.words
        ],
        "delivery": spoken.delivery.model_dump(mode="json"),
    }


def transcribe(
    file: Annotated[Path, typer.Argument(help="A WAV, WebM, OGG, MP3 or M4A recording.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON with word timings.")] = False,
) -> None:
    """Transcribe a recording offline and print the transcript with timings."""
    spoken = listen_to_file(file, load_settings())
    if as_json:
        print(json.dumps(transcript_json(spoken), ensure_ascii=False, indent=2))
        return
    t = spoken.transcript
    console.print(
        f"[dim]{escape(file.name)} · {spoken.audio.format}/{spoken.audio.codec} · "
        f"{clock(t.duration)} · {escape(t.model)}[/]"
    )
    if t.low_confidence:
        console.print(f"[yellow]{escape(t.confidence_note or '')}[/]")
    for start, end, line in timed_lines(t):
        console.print(f"[cyan][{clock(start)} → {clock(end)}][/] {escape(line)}")
    console.print()
    render_delivery(spoken)


recordings_app = typer.Typer(
    help="Recordings kept with spoken answers (only with MOCKPREP_KEEP_RECORDINGS=true).",
    no_args_is_help=True,
)


@recordings_app.command("list")
def recordings_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Your kept recordings, newest first."""
    with open_context() as ctx:
        rows = recording.kept(ctx.db, ctx.user_id)
    if as_json:
        print(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "attempt_id": r.attempt_id,
                        "filename": r.filename,
                        "format": r.format,
                        "size_bytes": r.size_bytes,
                        "duration_seconds": r.duration_seconds,
                        "expires_at": r.expires_at.isoformat() if r.expires_at else None,
                    }
                    for r in rows
                ],
                indent=2,
            )
        )
        return
    if not rows:
        console.print("No recordings are kept. (Set MOCKPREP_KEEP_RECORDINGS=true to keep them.)")
        return
    table = Table("id", "attempt", "format", "length", "deleted on")
    for r in rows:
        table.add_row(
            str(r.id),
            str(r.attempt_id or "-"),
            r.format,
            clock(r.duration_seconds or 0.0),
            r.expires_at.strftime("%Y-%m-%d") if r.expires_at else "-",
        )
    console.print(table)


@recordings_app.command("delete")
def recordings_delete(
    recording_id: Annotated[int | None, typer.Argument(help="The recording's id.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Delete every kept recording.")] = False,
) -> None:
    """Delete one kept recording, or all of them (transcripts and grades stay)."""
    with open_context() as ctx:
        if all_:
            count = recording.delete_all(ctx.db, ctx.user_id)
            console.print(f"Deleted {count} recording(s).")
            return
        if recording_id is None:
            from mockprep.errors import InputError

            raise InputError(
                "no recording named", fix="Give its id (see `mockprep recordings list`) or --all."
            )
        recording.delete(ctx.db, ctx.user_id, recording_id)
        console.print(f"Deleted recording {recording_id}.")


@recordings_app.command("purge")
def recordings_purge() -> None:
    """Delete recordings past MOCKPREP_RECORDING_RETENTION_DAYS now (workers also do this hourly)."""
    with open_context() as ctx:
        count = recording.purge_expired(ctx.db)
    console.print(f"Purged {count} recording(s).")


def register(app: typer.Typer) -> None:
    app.command("transcribe")(transcribe)
    app.add_typer(recordings_app, name="recordings")


def grade_recording(
    question: Question, audio: Path, as_json: bool, show_model_answer: bool
) -> None:
    """``mockprep grade --question ID --audio FILE``: the transcript's content grade, then delivery."""
    from mockprep.cli.grade_cmd import grade_json, make_grader, render

    settings = load_settings()
    grader = make_grader()
    spoken = listen_to_file(audio, settings, question, grader.cache)
    result = grader.grade(question, spoken.transcript.text, show_model_answer=show_model_answer)
    if as_json:
        payload = {**grade_json(result), "spoken": transcript_json(spoken)}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    render(console, result, spoken.transcript.text)
    console.print()
    render_delivery(spoken)


class VoiceAnswerer:
    """``mockprep practice --voice``: record each answer from the microphone, then grade it."""

    def __init__(self, settings: Settings, microphone: Any) -> None:
        self.settings = settings
        self.microphone = microphone
        self.options = SpeechOptions.of(settings)
        self.last: SpokenAnswer | None = None

    @classmethod
    def find(cls, settings: Settings) -> VoiceAnswerer | None:
        """A recorder when a microphone is present; otherwise says so plainly and returns None."""
        from mockprep.speech.microphone import find_microphone

        microphone, reason = find_microphone()
        if microphone is None:
            console.print(
                f"[yellow]No microphone found ({escape(reason)}), so answers are typed this "
                "session.[/] To answer by voice, connect a microphone (check it with `arecord "
                "-l`), or record your answer elsewhere and grade it with `mockprep grade "
                "--question ID --audio FILE`."
            )
            return None
        console.print(f"[dim]Recording with {escape(microphone.label)}.[/]")
        return cls(settings, microphone)

    def answer(
        self, runner: Any, session: Any, question: Question, started: Any, read_line: Any
    ) -> tuple[Any, Any, str] | None:
        """Record, transcribe and grade one answer; None to type it instead."""
        import sys

        from mockprep.errors import MockprepError
        from mockprep.speech.microphone import record
        from mockprep.speech.spoken_answer import save_and_grade

        choice = read_line("Enter: start recording · /type: type this answer instead > ")
        if choice.strip() == "/type":
            return None
        console.print("[bold red]● Recording[/] (press Enter to stop)")
        data = record(
            self.microphone,
            max_seconds=self.options.limits.max_seconds,
            wait_for_stop=sys.stdin.readline,
        )
        try:
            spoken = listen_to_bytes(
                data, self.settings, question, runner.grader.cache, name="your recording"
            )
        except MockprepError as exc:
            console.print(f"[red]{escape(str(exc))}[/]")
            return None
        attempt, grade = save_and_grade(runner, session, question, spoken, started_at=started)
        self.last = spoken
        return attempt, grade, spoken.transcript.text

    def show_delivery(self) -> None:
        if self.last is not None:
            render_delivery(self.last)
