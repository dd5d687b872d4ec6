"""``mockprep star``: the STAR story bank in the terminal.

``new`` / ``edit`` take the parts as options, a Markdown file (``--file``), free text to split
into the four parts (``--from-text``), or open ``$EDITOR`` on the story's Markdown form;
``list``, ``show``, ``check``, ``coverage``, ``split``, ``export`` (Markdown, for printing) and
``delete`` do what they say. ``render_star`` shows a grade's STAR section (``grade``, ``practice``).
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from mockprep.bank.schema import Kind, Question
from mockprep.cli.context import Context, open_context
from mockprep.errors import BankError, InputError
from mockprep.grading.models import Grade
from mockprep.star.checks import check_story
from mockprep.star.coach import review_behavioural
from mockprep.star.coverage import CoverageMap, coverage_map
from mockprep.star.document import bank_markdown, parse_story_document, story_document
from mockprep.star.layout import StarLayout
from mockprep.star.review import STAR_PARTS, StarFinding, StarPart
from mockprep.star.splitter import Embedder, split_answer
from mockprep.star.story import StoryDraft, draft_from
from mockprep.store.stories_repository import StoryRecord, StoryRepository

console = Console(highlight=False)
star_app = typer.Typer(
    help="Your STAR story bank: write, check and export behavioural stories.",
    no_args_is_help=True,
)

PART_STYLE = {
    StarPart.SITUATION: "cyan",
    StarPart.TASK: "magenta",
    StarPart.ACTION: "green",
    StarPart.RESULT: "yellow",
}

TitleOpt = Annotated[str | None, typer.Option("--title", help="The story's title.")]
SituationOpt = Annotated[str | None, typer.Option("--situation", "-s", help="Situation text.")]
TaskOpt = Annotated[str | None, typer.Option("--task", "-t", help="Task text.")]
ActionOpt = Annotated[str | None, typer.Option("--action", "-a", help="Action text.")]
ResultOpt = Annotated[str | None, typer.Option("--result", "-r", help="Result text.")]
CompetencyOpt = Annotated[
    list[str] | None,
    typer.Option("--competency", "-c", help="A competency it shows (repeat, or comma-separate)."),
]
SkillOpt = Annotated[list[str] | None, typer.Option("--skill", help="A skill it proves.")]
KeywordOpt = Annotated[list[str] | None, typer.Option("--keyword", help="A keyword it proves.")]
TagOpt = Annotated[list[str] | None, typer.Option("--tag", help="A tag.")]
QuestionOpt = Annotated[
    list[str] | None,
    typer.Option("--question", "-q", help="A bank question it answers (e.g. behavioural-failure)."),
]
FileOpt = Annotated[
    Path | None,
    typer.Option("--file", "-f", help="The story in its Markdown form (see `star new --help`)."),
]
FromTextOpt = Annotated[
    str | None,
    typer.Option("--from-text", help="A file of free text ('-' for stdin) to split into S/T/A/R."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]


# -- reading input ------------------------------------------------------------------------------


def _read_text(path: str, what: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"cannot read {what} {path} ({exc})", fix="Give a UTF-8 text file."
        ) from exc


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _edit(document: str) -> str:
    """Open ``$EDITOR`` on the document; the edited text (unchanged text means cancelled)."""
    import click

    edited: str | None = click.edit(document, extension=".md", require_save=True)
    if edited is None:
        raise InputError(
            "the editor was closed without saving", fix="Save the file to keep the story."
        )
    return edited


def _options(
    title: str | None,
    situation: str | None,
    task: str | None,
    action: str | None,
    result: str | None,
    competency: list[str] | None,
    skill: list[str] | None,
    keyword: list[str] | None,
    tag: list[str] | None,
    question: list[str] | None,
) -> dict[str, Any]:
    given = {
        "title": title,
        "situation": situation,
        "task": task,
        "action": action,
        "result": result,
        "competencies": competency,
        "skills": skill,
        "keywords": keyword,
        "tags": tag,
        "questions": question,
    }
    return {k: v for k, v in given.items() if v is not None}


def _split_draft(text: str, title: str | None, ctx: Context) -> tuple[StoryDraft, StarLayout]:
    if not text.strip():
        raise InputError("the free text is empty", fix="Give the story's text to split.")
    layout = split_answer(text, ctx.embeddings)
    first = layout.sentences[0].text if layout.sentences else "Untitled story"
    parts = layout.to_parts()
    draft = draft_from(
        {"title": title or _title_from(first), **{p.value: parts[p] for p in STAR_PARTS}}
    )
    return draft, layout


def _title_from(sentence: str) -> str:
    words = sentence.split()
    return " ".join(words[:8]).rstrip(".,;:") + ("…" if len(words) > 8 else "")


def _check_questions(ctx: Context, draft: StoryDraft) -> None:
    """Every linked question must exist in the user's catalog."""
    unknown = []
    for ref in draft.questions:
        try:
            ctx.catalog.get(ref)
        except (BankError, InputError):
            unknown.append(ref)
    if unknown:
        raise InputError(
            f"no question {', '.join(repr(u) for u in unknown)} in your banks",
            fix="List behavioural question ids with `mockprep bank list --kind behavioural`.",
        )


# -- output -------------------------------------------------------------------------------------


def _story_json(record: StoryRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        **record.draft.model_dump(mode="json"),
        "words": record.draft.words,
        "created_at": record.created_at.isoformat(),
        "updated_at": record.updated_at.isoformat(),
    }


def _findings_json(findings: list[StarFinding]) -> list[dict[str, Any]]:
    return [f.model_dump(mode="json") for f in findings]


def render_findings(findings: list[StarFinding]) -> None:
    if not findings:
        console.print("[green]✓ No problems found.[/]")
        return
    for f in findings:
        colour = "red" if f.severity == "problem" else "yellow"
        where = f" ({f.part.label})" if f.part else ""
        console.print(f"[{colour}]● {escape(f.check)}[/]{escape(where)}: {escape(f.message)}")
        for ev in f.evidence[:4]:
            console.print(f"    [dim][{ev.start}:{ev.end}][/] “{escape(ev.quote)}”")


def _render_story(record: StoryRecord) -> None:
    d = record.draft
    console.rule(f"[bold]#{record.id} {escape(d.title)}[/]")
    for name in ("competencies", "skills", "keywords", "tags", "questions"):
        values = getattr(d, name)
        if values:
            console.print(f"[dim]{name}:[/] {escape(', '.join(values))}")
    for part in STAR_PARTS:
        body = d.part(part).strip()
        style = PART_STYLE[part]
        console.print(
            Text.assemble((f"\n{part.label}\n", f"bold {style}"), body or "(not written yet)")
        )
    console.print(f"\n[dim]{d.words} words, about {d.words / 150:.1f} minutes spoken[/]")


def _render_layout(layout: StarLayout) -> None:
    table = Table("part", "sure", "sentence", show_lines=False)
    for s in layout.sentences:
        table.add_row(
            Text(s.part.label, style=PART_STYLE[s.part]), f"{s.confidence:.0%}", escape(s.text)
        )
    console.print(table)


def render_star(out: Console, grade: Grade) -> None:
    """The STAR section of a behavioural grade in the terminal (nothing for other questions)."""
    review = grade.star
    if review is None:
        return
    shares = "  ".join(f"{s.part.letter} {s.share:.0%} (aim {s.target:.0%})" for s in review.shares)
    out.print(
        f"[bold]STAR[/] {review.score:.1f}/10 · shape {review.shape:.0%} · relevance "
        f"{review.relevance:.0%} · specificity {review.specificity:.0%} · ownership "
        f"{review.ownership:.0%} (I {review.i_count} / we {review.we_count})"
    )
    out.print(f"  [dim]{shares}[/]")
    if review.strengthen is not None:
        out.print(
            f"  [yellow]Strengthen your {review.strengthen.label.lower()}:[/] {escape(review.advice)}"
        )
    else:
        out.print(f"  [green]{escape(review.advice)}[/]")
    if review.reminder is not None:
        out.print(
            f"  [cyan]Remember your story[/] #{review.reminder.story_id} "
            f"“{escape(review.reminder.title)}” ({escape(review.reminder.reason)})."
        )
    out.print(f"  [dim]{escape(review.rule)}[/]")


def review_with_bank(
    graded: list[tuple[Question, str, Grade]], embedder: Embedder | None = None
) -> list[Grade]:
    """For ``mockprep grade``: attach the STAR review to the behavioural grades, using the local
    user's story bank (the database is opened only when there is a behavioural question)."""
    if not any(q.kind is Kind.BEHAVIOURAL for q, _, _ in graded):
        return [g for _, _, g in graded]
    with open_context() as ctx:
        with ctx.db.read() as s:
            stories = StoryRepository(s).list(ctx.user_id)
        return [review_behavioural(g, q, a, stories, embedder) for q, a, g in graded]


# -- commands -----------------------------------------------------------------------------------


@star_app.command("new")
def new(
    title: TitleOpt = None,
    situation: SituationOpt = None,
    task: TaskOpt = None,
    action: ActionOpt = None,
    result: ResultOpt = None,
    competency: CompetencyOpt = None,
    skill: SkillOpt = None,
    keyword: KeywordOpt = None,
    tag: TagOpt = None,
    question: QuestionOpt = None,
    file: FileOpt = None,
    from_text: FromTextOpt = None,
    yes: Annotated[
        bool,
        typer.Option("--yes", "-y", help="With --from-text: save the split without editing it."),
    ] = False,
) -> None:
    """Add a story: from options, a Markdown file, free text to split, or your $EDITOR.

    The Markdown form: '# Title', then lines 'competencies: a, b', 'skills:', 'keywords:',
    'tags:', 'questions:', then '## Situation', '## Task', '## Action', '## Result' sections.
    """
    extra = _options(
        title, situation, task, action, result, competency, skill, keyword, tag, question
    )
    with open_context() as ctx:
        if file is not None and from_text is not None:
            raise InputError("give --file or --from-text, not both", fix="Choose one source.")
        if file is not None:
            base = parse_story_document(_read_text(str(file), "story file"), source=str(file))
            draft = draft_from({**base.model_dump(), **extra})
        elif from_text is not None:
            split, layout = _split_draft(_read_text(from_text, "free text"), title, ctx)
            console.print("The text split into parts (correct them before saving):")
            _render_layout(layout)
            draft = draft_from({**split.model_dump(), **extra})
            if _interactive() and not yes:
                draft = parse_story_document(_edit(story_document(draft)))
        elif extra.keys() - {"competencies", "skills", "keywords", "tags", "questions"}:
            draft = draft_from(extra)
        elif _interactive():
            draft = parse_story_document(_edit(story_document(None)))
        else:
            raise InputError(
                "no story given",
                fix="Pass --title and the parts (--situation, --task, --action, --result), "
                "--file story.md, or --from-text notes.txt.",
            )
        _check_questions(ctx, draft)
        with ctx.db.write() as s:
            record = StoryRepository(s).add(ctx.user_id, draft)
    console.print(f"Saved story [bold]#{record.id}[/] “{escape(record.title)}”.")
    render_findings(check_story(record.draft))


@star_app.command("edit")
def edit(
    story_id: Annotated[int, typer.Argument(help="The story's id (see `mockprep star list`).")],
    title: TitleOpt = None,
    situation: SituationOpt = None,
    task: TaskOpt = None,
    action: ActionOpt = None,
    result: ResultOpt = None,
    competency: CompetencyOpt = None,
    skill: SkillOpt = None,
    keyword: KeywordOpt = None,
    tag: TagOpt = None,
    question: QuestionOpt = None,
    file: FileOpt = None,
) -> None:
    """Change a story: the options given replace those fields; --file replaces it all;
    with neither, the story opens in your $EDITOR."""
    extra = _options(
        title, situation, task, action, result, competency, skill, keyword, tag, question
    )
    with open_context() as ctx:
        with ctx.db.read() as s:
            current = StoryRepository(s).get(ctx.user_id, story_id)
        if file is not None:
            base = parse_story_document(_read_text(str(file), "story file"), source=str(file))
            draft = draft_from({**base.model_dump(), **extra})
        elif extra:
            draft = draft_from({**current.draft.model_dump(), **extra})
        elif _interactive():
            draft = parse_story_document(_edit(story_document(current.draft)))
        else:
            raise InputError(
                "nothing to change",
                fix="Pass the fields to replace (e.g. --result TEXT), or --file story.md.",
            )
        _check_questions(ctx, draft)
        with ctx.db.write() as s:
            record = StoryRepository(s).update(ctx.user_id, story_id, draft)
    console.print(f"Updated story [bold]#{record.id}[/] “{escape(record.title)}”.")
    render_findings(check_story(record.draft))


@star_app.command("list")
def list_stories(
    competency: Annotated[
        str | None, typer.Option("--competency", "-c", help="Only stories showing this.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Your stories, with their competencies and how many checks they fail."""
    with open_context() as ctx, ctx.db.read() as s:
        records = StoryRepository(s).list(ctx.user_id)
    if competency:
        wanted = " ".join(competency.split()).lower()
        records = [r for r in records if wanted in r.draft.competencies]
    rows = [(r, check_story(r.draft)) for r in records]
    if as_json:
        payload = [
            {
                **_story_json(r),
                "problems": sum(f.severity == "problem" for f in fs),
                "warnings": sum(f.severity == "warning" for f in fs),
            }
            for r, fs in rows
        ]
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    if not records:
        console.print("No stories yet. Add one with `mockprep star new`.")
        return
    table = Table("id", "title", "competencies", "words", "to fix")
    for r, findings in rows:
        table.add_row(
            str(r.id),
            escape(r.title),
            escape(", ".join(r.draft.competencies)) or "-",
            str(r.draft.words),
            escape(", ".join(dict.fromkeys(f.check for f in findings))) or "[green]nothing[/]",
        )
    console.print(table)


@star_app.command("show")
def show(
    story_id: Annotated[int, typer.Argument(help="The story's id.")], as_json: JsonOpt = False
) -> None:
    """One story in full, with its checks."""
    with open_context() as ctx, ctx.db.read() as s:
        record = StoryRepository(s).get(ctx.user_id, story_id)
    findings = check_story(record.draft)
    if as_json:
        print(
            json.dumps(
                {**_story_json(record), "findings": _findings_json(findings)},
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    _render_story(record)
    console.print()
    render_findings(findings)


@star_app.command("check")
def check(
    story_id: Annotated[
        int | None, typer.Argument(help="One story's id (all when left out).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Check stories: missing or thin parts, no measurable result, "we" for "I", action too
    short, longer than two minutes spoken, vague verbs, no reflection. Quotes your words."""
    with open_context() as ctx, ctx.db.read() as s:
        repo = StoryRepository(s)
        records = (
            [repo.get(ctx.user_id, story_id)] if story_id is not None else repo.list(ctx.user_id)
        )
    results = [(r, check_story(r.draft)) for r in records]
    if as_json:
        payload = [
            {"id": r.id, "title": r.title, "findings": _findings_json(fs)} for r, fs in results
        ]
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    if not records:
        console.print("No stories yet. Add one with `mockprep star new`.")
        return
    for r, findings in results:
        console.rule(f"#{r.id} {escape(r.title)}")
        render_findings(findings)


def _coverage(ctx: Context) -> tuple[list[StoryRecord], CoverageMap]:
    with ctx.db.read() as s:
        records = StoryRepository(s).list(ctx.user_id)
    return records, coverage_map(records, ctx.catalog.questions)


@star_app.command("coverage")
def coverage(as_json: JsonOpt = False) -> None:
    """Which competencies and behavioural questions have a story, and which have none."""
    with open_context() as ctx:
        records, cmap = _coverage(ctx)
    titles = {r.id: r.title for r in records}
    if as_json:
        payload = {
            "competencies": [
                {
                    "competency": c.competency,
                    "story_ids": list(c.story_ids),
                    "question_ids": list(c.question_ids),
                }
                for c in cmap.competencies
            ],
            "questions": [
                {
                    "question_id": q.question_id,
                    "competency": q.competency,
                    "stories": [
                        {"id": m.story_id, "title": m.title, "reason": m.reason} for m in q.stories
                    ],
                }
                for q in cmap.questions
            ],
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    table = Table("competency", "stories", title="Competencies", title_justify="left")
    for c in cmap.competencies:
        names = ", ".join(f"#{i} {titles.get(i, '')}" for i in c.story_ids)
        table.add_row(escape(c.competency), escape(names) if names else "[red]none yet[/]")
    console.print(table)
    table = Table(
        "question", "competency", "stories", title="Behavioural questions", title_justify="left"
    )
    for q in cmap.questions:
        names = ", ".join(f"#{m.story_id} {m.title}" for m in q.stories)
        table.add_row(
            escape(q.question_id),
            escape(q.competency or ""),
            escape(names) if names else "[red]none yet[/]",
        )
    console.print(table)
    console.print(
        f"{len(cmap.competencies) - len(cmap.uncovered_competencies)}/{len(cmap.competencies)} "
        f"competencies and {len(cmap.questions) - len(cmap.uncovered_questions)}/"
        f"{len(cmap.questions)} behavioural questions have a story."
    )


@star_app.command("split")
def split(
    source: Annotated[str, typer.Argument(help="A text file, or '-' for stdin.")],
    as_json: JsonOpt = False,
) -> None:
    """Split free text into Situation, Task, Action and Result, sentence by sentence."""
    text = _read_text(source, "free text")
    with open_context() as ctx:
        layout = split_answer(text, ctx.embeddings)
    if as_json:
        payload = [
            {
                "part": s.part.value,
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "confidence": s.confidence,
            }
            for s in layout.sentences
        ]
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    _render_layout(layout)
    console.print("Save it with `mockprep star new --from-text FILE --title TITLE`.", style="dim")


@star_app.command("export")
def export(
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file.")] = None,
) -> None:
    """The whole story bank as Markdown (checks and coverage map included), for printing."""
    with open_context() as ctx:
        records, cmap = _coverage(ctx)
    text = bank_markdown(records, cmap, now=datetime.now(UTC))
    if out is None:
        sys.stdout.write(text)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(
            f"cannot write {out} ({exc})", fix="Choose a writable --out path."
        ) from exc
    console.print(f"Wrote {len(records)} stories to {out}.")


@star_app.command("delete")
def delete(
    story_id: Annotated[int, typer.Argument(help="The story's id.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete a story."""
    with open_context() as ctx:
        with ctx.db.read() as s:
            record = StoryRepository(s).get(ctx.user_id, story_id)
        if not yes:
            if not _interactive():
                raise InputError(
                    "deleting needs confirmation", fix="Add --yes to delete without asking."
                )
            typer.confirm(f"Delete story #{record.id} “{record.title}”?", abort=True)
        with ctx.db.write() as s:
            StoryRepository(s).delete(ctx.user_id, story_id)
    console.print(f"Deleted story #{story_id}.")


def register(app: typer.Typer) -> None:
    app.add_typer(star_app, name="star")
