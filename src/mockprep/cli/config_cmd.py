"""``mockprep config``: the effective settings, secrets masked."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from mockprep.config import ENV_VARS, load_settings


def config(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Print the effective settings (secrets and passwords masked) and where each comes from."""
    settings = load_settings()
    values = settings.masked()
    if as_json:
        print(json.dumps(values, indent=2))
        return
    table = Table(title="mockprep settings", show_lines=False)
    table.add_column("setting")
    table.add_column("environment variable")
    table.add_column("value", overflow="fold")
    for key, value in values.items():
        table.add_row(key, ENV_VARS[key], value)
    Console().print(table)


def register(app: typer.Typer) -> None:
    app.command("config")(config)
