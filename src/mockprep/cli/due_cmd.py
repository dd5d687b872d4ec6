"""``mockprep due``: the questions whose spaced-repetition review falls today and this week."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from mockprep.cli.context import open_context
from mockprep.errors import BankError
from mockprep.practice.scheduling import retrievability
from mockprep.practice.selection import latest_score, upcoming
from mockprep.store.records import ReviewRecord
from mockprep.store.repositories import AttemptRepository, ReviewRepository


def _ref(uid: str) -> str:
    """How a question is named on screen: bundled ids without ``core/``, as `bank list` shows."""
    return uid.removeprefix("core/")


def _rows(
    entries: list[tuple[str, datetime]],
    records: dict[str, ReviewRecord],
    scores: dict[str, list[tuple[datetime, float]]],
    categories: dict[str, str | None],
    now: datetime,
    desired_retention: float,
) -> list[dict[str, Any]]:
    rows = []
    for uid, due in entries:
        record = records[uid]
        latest = latest_score(scores.get(uid, []))
        last = latest[1] if latest is not None else record.last_score
        rows.append(
            {
                "id": _ref(uid),
                "uid": uid,
                "category": categories.get(uid),
                "due": due.astimezone(UTC).isoformat(),
                "overdue": due < now,
                "last_score": last,
                "retrievability": round(
                    retrievability(record, now, desired_retention=desired_retention), 3
                ),
            }
        )
    return rows


def _table(title: str, rows: list[dict[str, Any]]) -> Table:
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("id", overflow="fold")
    table.add_column("category", no_wrap=True)
    table.add_column("due", no_wrap=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("recall", justify="right", no_wrap=True)
    for row in rows:
        due = datetime.fromisoformat(row["due"]).astimezone()
        when = Text(due.strftime("%a %d %b %H:%M"))
        if row["overdue"]:
            when.append(" overdue", style="red")
        score = "-" if row["last_score"] is None else f"{row['last_score']:.1f}"
        table.add_row(
            row["id"],
            row["category"] or Text("(bank removed)", style="dim"),
            when,
            score,
            f"{row['retrievability']:.0%}",
        )
    return table


def due(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """List the questions due for review today and in the six days after.

    "score" is the latest graded score; "recall" is FSRS's retrievability, the predicted chance
    of recalling the answer now.
    """
    now = datetime.now(UTC)
    with open_context() as ctx:
        with ctx.db.read() as session:
            reviews = ReviewRepository(session).all(ctx.user_id)
            scores = AttemptRepository(session).scores_by_question(ctx.user_id)
        categories: dict[str, str | None] = {}
        for record in reviews:
            try:
                categories[record.question_id] = ctx.catalog.get(record.question_id).category
            except BankError:  # a bank that was removed; its review state stays
                categories[record.question_id] = None
        retention = ctx.settings.desired_retention
    records = {r.question_id: r for r in reviews}
    coming = upcoming(reviews, now.astimezone())
    today = _rows(coming["today"], records, scores, categories, now, retention)
    week = _rows(coming["this_week"], records, scores, categories, now, retention)
    later = [r for r in reviews if r.question_id not in {x["uid"] for x in today + week}]
    console = Console(highlight=False)
    if as_json:
        payload = {
            "now": now.isoformat(),
            "today": today,
            "this_week": week,
            "later": len(later),
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    if not reviews:
        console.print(
            "Nothing scheduled yet: answer some questions with `mockprep practice` first."
        )
        return
    if today:
        console.print(_table(f"Due today ({len(today)})", today))
        console.print("Review them with `mockprep review`.")
    else:
        console.print("Nothing is due today.")
    if week:
        console.print(_table(f"Due this week ({len(week)})", week))
    else:
        console.print("Nothing else falls due this week.")
    if later:
        nxt = min(r.due for r in later).astimezone()
        console.print(
            f"{len(later)} more scheduled later; the next on {nxt.strftime('%a %d %b')}.",
            style="dim",
        )


def register(app: typer.Typer) -> None:
    app.command("due")(due)
