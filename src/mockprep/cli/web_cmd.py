"""``mockprep web``: serve the web app with uvicorn (one or several workers).

Several workers share nothing in memory (sessions, answers and logins are in the database),
so ``--workers N`` scales across cores; each worker builds the app with
``mockprep.web.app:create_app`` from the same environment.
"""

from __future__ import annotations

import os
import socket
from typing import Annotated

import typer
from rich.console import Console

from mockprep.config import Settings, load_settings
from mockprep.errors import ConfigError
from mockprep.store.database import open_database
from mockprep.store.repositories import UserRepository

APP_FACTORY = "mockprep.web.app:create_app"
console = Console(highlight=False)


def url_for(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def check_port(host: str, port: int) -> None:
    """Fail early, with the fix, when the address is taken (uvicorn would only log it)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise ConfigError(
                f"cannot listen on {host}:{port} ({exc.strerror or exc})",
                fix="Another program (or another mockprep) uses that port: stop it, or choose "
                "another port with --port or MOCKPREP_PORT.",
            ) from exc


def prepare(settings: Settings) -> None:
    """Create and migrate the database once, before any worker starts."""
    db = open_database(settings)
    try:
        if not settings.hosted:
            with db.write() as session:
                UserRepository(session).local_user()
    finally:
        db.dispose()


def serve(
    settings: Settings, *, host: str | None = None, port: int | None = None, workers: int = 1
) -> None:
    """Run the web app until Ctrl-C."""
    import uvicorn

    host = host or settings.host
    port = settings.port if port is None else port
    prepare(settings)
    check_port(host, port)
    os.environ["MOCKPREP_HOST"] = host  # the workers read their settings from the environment
    os.environ["MOCKPREP_PORT"] = str(port)
    mode = "hosted mode (accounts)" if settings.hosted else "local mode, no login"
    console.print(
        f"mockprep is running at [bold]{url_for(host, port)}[/] ({mode}). Press Ctrl-C to stop."
    )
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning" if settings.log_level in ("WARNING", "ERROR", "CRITICAL") else "info",
        proxy_headers=settings.hosted,
        server_header=False,
    )


def web(
    host: Annotated[
        str | None, typer.Option(help="Address to listen on (default MOCKPREP_HOST, 127.0.0.1).")
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(min=0, max=65535, help="Port to listen on (default MOCKPREP_PORT, 8000)."),
    ] = None,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Worker processes (they share the database).")
    ] = 1,
) -> None:
    """Serve the web app: practice, grades, review, progress and the JSON API (/docs)."""
    serve(load_settings(), host=host, port=port, workers=workers)


def register(app: typer.Typer) -> None:
    app.command("web")(web)
