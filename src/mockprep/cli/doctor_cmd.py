"""``mockprep doctor``: one line per check with OK / WARN / FAIL and the fix."""

from __future__ import annotations

import typer
from rich.console import Console

from mockprep.config import load_settings
from mockprep.doctor import Status, run_checks

STYLE = {Status.OK: "green", Status.WARN: "yellow", Status.FAIL: "bold red"}


def doctor() -> None:
    """Check this installation: Python, data folder, database, embedding model, optional parts."""
    settings = load_settings()
    console = Console(highlight=False)
    results = run_checks(settings)
    for r in results:
        line = f"[{STYLE[r.status]}]{r.status.value:<4}[/] {r.name}: {r.detail}"
        if r.fix and r.status is not Status.OK:
            line += f"\n     fix: {r.fix}"
        console.print(line, soft_wrap=True)
    if any(r.status is Status.FAIL for r in results):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("doctor")(doctor)
