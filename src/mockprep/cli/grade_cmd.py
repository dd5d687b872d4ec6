"""``mockprep grade`` (one answer, or a JSONL batch) and ``mockprep eval-grader`` (agreement with humans)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from rich.text import Text

from mockprep.bank.loader import load_bundled
from mockprep.bank.schema import Question
from mockprep.cli.star_cmd import render_star, review_with_bank
from mockprep.config import load_settings
from mockprep.errors import InputError, QuestionNotFoundError
from mockprep.grading.evaluation import Columns, evaluate, parse_scale, read_items
from mockprep.grading.grader import Grader
from mockprep.grading.models import Band, Grade
from mockprep.nlp.embeddings import load_embedding_model

BAND_STYLES = {
    Band.STRONG: "bold green",
    Band.ADEQUATE: "green",
    Band.WEAK: "yellow",
    Band.OFF_TARGET: "red",
}


def make_grader() -> Grader:
    """The grader configured by the settings (embedding model, cache folder)."""
    settings = load_settings()
    return Grader(load_embedding_model(settings.embedding_model), cache_dir=settings.home / "cache")


def find_question(question_id: str, questions: list[Question]) -> Question:
    for q in questions:
        if question_id in (q.id, q.uid):
            return q
    raise QuestionNotFoundError(
        f"no question with id {question_id!r}",
        fix="List the ids with `mockprep bank list` and pass one with --question.",
    )


def grade_json(grade: Grade, line: int | None = None) -> dict[str, object]:
    data: dict[str, object] = grade.model_dump(mode="json")
    if line is not None:
        data = {"line": line, **data}
    return data


def _read_answer(answer: str | None, answer_file: Path | None, dash: str | None) -> str:
    given = [x for x in (answer, answer_file, dash) if x is not None]
    if len(given) != 1:
        raise InputError(
            "give the answer one way", fix="Use --answer TEXT, --answer-file FILE or '-' for stdin."
        )
    if answer is not None:
        return answer
    if answer_file is not None:
        try:
            return answer_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(
                f"cannot read {answer_file} ({exc})", fix="Give a UTF-8 text file."
            ) from exc
    if dash != "-":
        raise InputError(
            f"unexpected argument {dash!r}", fix="Use '-' to read the answer from stdin."
        )
    return sys.stdin.read()


def render(console: Console, grade: Grade, answer: str) -> None:
    """The grade in the terminal, with the evidence highlighted in the answer."""
    style = BAND_STYLES[grade.band]
    console.print(
        Text.assemble(
            ("Score ", "bold"), (f"{grade.score:.1f}/10", style), "  ", (grade.band.value, style)
        )
    )
    text = Text(answer)
    for kp in grade.key_points:
        for ev in kp.evidence:
            if kp.covered:
                text.stylize("bold cyan" if ev.kind == "phrase" else "underline", ev.start, ev.end)
    console.print(text)
    table = Table("key point", "weight", "covered", "strength", "evidence")
    for kp in grade.key_points:
        quote = (
            "; ".join(f"[{e.start}:{e.end}] {e.text[:60]}" for e in kp.evidence)
            if kp.covered
            else ""
        )
        table.add_row(
            kp.label, f"{kp.weight:.2f}", "yes" if kp.covered else "no", f"{kp.strength:.2f}", quote
        )
    console.print(table)
    if grade.flags:
        console.print("Flags: " + ", ".join(f.value for f in grade.flags), style="yellow")
    console.print(grade.feedback)
    render_star(console, grade)
    if grade.follow_up:
        console.print(Text.assemble(("Follow-up: ", "bold"), grade.follow_up))
    if grade.model_answer:
        console.print(Text.assemble(("Model answer: ", "bold"), grade.model_answer))
    console.print(
        f"confidence {grade.confidence:.2f} · {grade.grader.name} {grade.grader.version} · rubric {grade.rubric_hash}",
        style="dim",
    )


def _batch(path: Path, out: Path | None, show_model_answer: bool) -> None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path} ({exc})", fix="Give a UTF-8 JSONL file.") from exc
    questions = load_bundled()
    items: list[tuple[int, Question, str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            qid, answer = obj["question_id"], obj["answer"]
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(
                f'{path}:{number}: not a {{"question_id", "answer"}} object ({exc})',
                fix="Write one JSON object per line with question_id and answer.",
            ) from exc
        items.append((number, find_question(str(qid), questions), str(answer)))
    grader = make_grader()
    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("grading", total=len(items))
        grades = grader.grade_many(
            [(q, a) for _, q, a in items],
            show_model_answer=show_model_answer,
            progress=lambda n: progress.advance(task, n),
        )
    grades = review_with_bank(
        [(q, a, g) for (_, q, a), g in zip(items, grades, strict=True)], grader.cache
    )
    rows = [
        json.dumps(grade_json(g, number), ensure_ascii=False)
        for (number, _, _), g in zip(items, grades, strict=True)
    ]
    if out is None:
        for row in rows:
            print(row)
    else:
        try:
            out.write_text("".join(r + "\n" for r in rows), encoding="utf-8")
        except OSError as exc:
            raise InputError(
                f"cannot write {out} ({exc})", fix="Choose a writable --out path."
            ) from exc


def grade(
    dash: Annotated[
        str | None, typer.Argument(help="'-' reads the answer from stdin.", show_default=False)
    ] = None,
    question: Annotated[
        str | None, typer.Option("--question", "-q", help="Question id (e.g. rag-basics).")
    ] = None,
    answer: Annotated[str | None, typer.Option("--answer", "-a", help="The answer text.")] = None,
    answer_file: Annotated[
        Path | None, typer.Option("--answer-file", help="Read the answer from a file.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the grade as JSON.")] = False,
    show_model_answer: Annotated[
        bool, typer.Option("--show-model-answer", help="Include the model answer.")
    ] = False,
    batch: Annotated[
        Path | None, typer.Option("--batch", help="JSONL file of {question_id, answer} lines.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="With --batch: write JSONL grades here.")
    ] = None,
    audio: Annotated[
        Path | None,
        typer.Option("--audio", help="Grade a spoken answer: WAV, WebM, OGG, MP3 or M4A."),
    ] = None,
) -> None:
    """Grade an answer against a bundled question's rubric."""
    if batch is not None:
        _batch(batch, out, show_model_answer)
        return
    if question is None:
        raise InputError("no question given", fix="Pass --question ID (or --batch FILE.jsonl).")
    if audio is not None:  # voice answers (issue 7): content grade of the transcript + delivery
        from mockprep.cli.speech_cmd import grade_recording

        grade_recording(find_question(question, load_bundled()), audio, as_json, show_model_answer)
        return
    text = _read_answer(answer, answer_file, dash)
    q = find_question(question, load_bundled())
    grader = make_grader()
    result = grader.grade(q, text, show_model_answer=show_model_answer)
    [result] = review_with_bank([(q, text, result)], grader.cache)  # behavioural: STAR review
    if as_json:
        print(json.dumps(grade_json(result), ensure_ascii=False, indent=2))
    else:
        render(Console(highlight=False), result, text)


def eval_grader(
    file: Annotated[
        Path,
        typer.Argument(help="CSV with questions, reference answers, answers and human grades."),
    ],
    question_col: Annotated[str, typer.Option("--question-col")] = "question",
    reference_col: Annotated[str, typer.Option("--reference-col")] = "reference_answer",
    reference_sep: Annotated[
        str | None, typer.Option("--reference-sep", help="Splits several references in one cell.")
    ] = None,
    answer_col: Annotated[str, typer.Option("--answer-col")] = "student_answer",
    score_col: Annotated[str | None, typer.Option("--score-col")] = None,
    scale: Annotated[str, typer.Option("--scale", help="MIN-MAX of --score-col.")] = "0-5",
    label_col: Annotated[str | None, typer.Option("--label-col")] = None,
    positive: Annotated[
        str, typer.Option("--positive", help="The label value that means a pass.")
    ] = "correct",
    group_col: Annotated[
        str | None, typer.Option("--group-col", help="Question id column.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Measure the grader against human grades in a CSV file."""
    columns = Columns(
        question=question_col,
        reference=reference_col,
        answer=answer_col,
        score=score_col,
        scale=parse_scale(scale),
        label=label_col,
        positive=positive,
        group=group_col,
        reference_sep=reference_sep,
    )
    items = read_items(file, columns)
    grader = make_grader()
    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("grading", total=len(items))
        report = evaluate(grader, items, columns, progress=lambda n: progress.advance(task, n))
    if as_json:
        print(report.model_dump_json(exclude_none=True))
        return
    console = Console(highlight=False)
    console.print(f"{report.n} answers, {report.questions} questions")
    table = Table("metric", "grader", "overlap F1", "embedding cosine")
    names = (
        ("pearson", "spearman", "rmse", "qwk")
        if report.kind == "score"
        else ("accuracy", "macro_f1")
    )
    for name in names:
        table.add_row(
            name,
            f"{getattr(report, name):.3f}",
            *(f"{report.baselines[b][name]:.3f}" for b in ("overlap_f1", "cosine")),
        )
    console.print(table)
    per = Table("question", "n", "pearson" if report.kind == "score" else "accuracy")
    for row in report.per_question:
        per.add_row(row.group, str(row.n), f"{row.metric:.3f}")
    console.print(per)


def register(app: typer.Typer) -> None:
    """Add ``grade`` and ``eval-grader`` to the app."""
    app.command("grade")(grade)
    app.command("eval-grader")(eval_grader)
