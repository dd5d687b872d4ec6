"""``mockprep run``: set up the embedded defaults and start the main experience: the web app.

This is what ``make run`` calls. It prepares the data folder and database (migrating it),
then serves the web app on MOCKPREP_HOST:MOCKPREP_PORT (127.0.0.1:8000) and prints its URL.
``--setup-only`` sets everything up and returns, so that set-up can be automated. The terminal
mock interview is ``mockprep practice``.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.panel import Panel

from mockprep.cli.web_cmd import serve, url_for
from mockprep.config import load_settings
from mockprep.store.database import open_database
from mockprep.store.repositories import UserRepository


def run(
    setup_only: Annotated[
        bool, typer.Option("--setup-only", help="Set up the data folder and database, then stop.")
    ] = False,
) -> None:
    """Set up (data folder, database) and start the mockprep web app on its embedded defaults."""
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
    if setup_only:
        console.print(
            "Ready now:\n"
            f"  mockprep web                 the web app at {url_for(settings.host, settings.port)}\n"
            "  mockprep practice            a mock interview in the terminal\n"
            "  mockprep --help              every command"
        )
        return
    console.print("In the terminal instead: [bold]mockprep practice[/] (a mock interview).")
    serve(settings)


def register(app: typer.Typer) -> None:
    app.command("run")(run)
