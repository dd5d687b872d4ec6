"""The ``mockprep`` command: a Typer app; each command group lives in its own module.

A command module exposes ``register(app)``; it parses input, calls domain code and renders the
result. Errors are turned into output here, in one place: a ``MockprepError`` prints
``Error: <message>`` and exits 2; anything else is a bug, exits 1 and shows a traceback only
with ``--debug``.
"""

from __future__ import annotations

import sys
import traceback
from importlib import import_module
from typing import Annotated

import typer
from rich.console import Console

from mockprep import __version__
from mockprep.errors import MockprepError

EXIT_USER_ERROR = 2
EXIT_BUG = 1

# Command modules, registered in this order (each exposes ``register(app)``).
COMMAND_MODULES = (
    "mockprep.cli.config_cmd",
    "mockprep.cli.doctor_cmd",
    "mockprep.cli.run_cmd",
    "mockprep.cli.bank_cmd",
    "mockprep.cli.grade_cmd",
    "mockprep.cli.practice_cmd",
    "mockprep.cli.due_cmd",
    "mockprep.cli.progress_cmd",
    "mockprep.cli.data_cmd",
    "mockprep.cli.web_cmd",
    "mockprep.cli.speech_cmd",
    "mockprep.cli.star_cmd",
    "mockprep.cli.ats_cmd",
    "mockprep.cli.negotiate_cmd",
)

app = typer.Typer(
    name="mockprep",
    help="Offline interview practice for generative-AI roles: a question bank, mock interviews "
    "and a grader you can trust. No account, no API key, no network.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

err_console = Console(stderr=True, highlight=False)
_state = {"debug": False}


def _version(value: bool) -> None:
    if value:
        print(f"mockprep {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks for unexpected errors.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    _state["debug"] = debug


def _register_all() -> None:
    for name in COMMAND_MODULES:
        try:
            module = import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # that command group is not written yet
                continue
            raise
        module.register(app)


_register_all()


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        result = app(args=argv, standalone_mode=False)
    except MockprepError as exc:
        err_console.print(f"[bold red]Error:[/] {exc}", markup=True, soft_wrap=True)
        return EXIT_USER_ERROR
    except typer.Exit as exc:
        return int(exc.exit_code or 0)
    except typer.Abort:
        err_console.print("Aborted.")
        return 130
    except KeyboardInterrupt:
        err_console.print("Interrupted.")
        return 130
    except Exception as exc:  # noqa: BLE001 - the one place that turns bugs into exit 1
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            return exc.exit_code
        if debug or _state["debug"]:
            traceback.print_exc()
        else:
            err_console.print(
                f"[bold red]Unexpected error:[/] {type(exc).__name__}: {exc}\n"
                "This is a bug in mockprep. Run again with --debug for the traceback "
                "and report it.",
                markup=True,
                soft_wrap=True,
            )
        return EXIT_BUG
    return result if isinstance(result, int) else 0


def run() -> None:
    """Console-script wrapper: exit with ``main()``'s code."""
    raise SystemExit(main())
