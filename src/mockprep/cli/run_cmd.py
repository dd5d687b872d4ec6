"""``mockprep run``: set up the embedded defaults and start the main experience.

This is what ``make run`` calls. It prepares the data folder and database (migrating it), then
starts the terminal mock interview when that command is installed, and otherwise shows what is
ready to use.
"""

from __future__ import annotations

from importlib import import_module

import typer
from rich.console import Console
from rich.panel import Panel

from mockprep.config import load_settings
from mockprep.store.database import open_database
from mockprep.store.repositories import UserRepository


def run() -> None:
    """Set up (data folder, database) and start mockprep on its embedded defaults."""
    settings = load_settings()
    db = open_database(settings)
    try:
        with db.write() as session:
            user = UserRepository(session).local_user()
    finally:
        db.dispose()
    console = Console(highlight=False)
    console.print(
        Panel.fit(
            f"mockprep is set up for [bold]{user.display_name}[/].\n"
            f"Data folder: {settings.home}\n"
            f"Database: {db.url.render_as_string(hide_password=True)}",
            title="mockprep",
        )
    )
    try:
        practice = import_module("mockprep.cli.practice_cmd")
    except ModuleNotFoundError:
        practice = None
    if practice is not None:
        practice.start_default_session()
        return
    console.print(
        "Ready now:\n"
        "  mockprep bank list           browse the question bank\n"
        "  mockprep grade --question ID --answer TEXT   grade an answer\n"
        "  mockprep doctor              check this installation\n"
        "  mockprep --help              every command"
    )


def register(app: typer.Typer) -> None:
    app.command("run")(run)
