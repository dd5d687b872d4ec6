"""``mockprep export FILE.json`` and ``mockprep import FILE.json``: all of your data in and out.

The file format is documented in :mod:`mockprep.practice.transfer`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from mockprep.cli.context import open_context
from mockprep.practice.transfer import import_data, read_export, write_export
from mockprep.store.repositories import DataRepository

console = Console(highlight=False)


def export(
    file: Annotated[Path, typer.Argument(metavar="FILE.json", help="Where to write the export.")],
) -> None:
    """Export everything of yours: practice, grades, reviews, banks, stories, offers, resume checks."""
    with open_context() as ctx, ctx.db.read() as session:
        summary = write_export(DataRepository(session), ctx.user_id, file)
    console.print(f"Wrote {summary.describe()} to {file}.")


def import_(
    file: Annotated[
        Path, typer.Argument(metavar="FILE.json", help="A file `mockprep export` wrote.")
    ],
) -> None:
    """Restore an export into an empty home; a bad file, or data already here, changes nothing."""
    export_file = read_export(file)
    with open_context() as ctx, ctx.db.write() as session:
        summary = import_data(DataRepository(session), ctx.user_id, export_file)
    console.print(f"Imported {summary.describe()} from {file}.")


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("import")(import_)
