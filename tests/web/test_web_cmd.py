"""``mockprep web`` and ``mockprep run``: the real server in a child process, its URL printed."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pexpect
import pytest

from mockprep.cli import app as cli
from mockprep.cli import web_cmd

# `mockprep web` as the lead will register it (tests register it themselves until then).
LAUNCH = (
    "import sys; from mockprep.cli import app, web_cmd; "
    "'web' in {c.name for c in app.app.registered_commands} or web_cmd.register(app.app); "
    "raise SystemExit(app.main(sys.argv[1:]))"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(url: str, seconds: float = 60) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while True:
        try:
            return httpx.get(f"{url}/healthz", timeout=2)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_mockprep_web_serves_the_app_and_prints_its_url(sealed_home: Path) -> None:
    port = free_port()
    child = subprocess.Popen(
        [sys.executable, "-c", LAUNCH, "web", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=dict(os.environ),
    )
    try:
        health = wait_healthy(f"http://127.0.0.1:{port}")
        assert health.status_code == 200 and health.json()["database"] == "ok"
        page = httpx.get(f"http://127.0.0.1:{port}/practice", timeout=10)
        assert page.status_code == 200 and "Start a mock interview" in page.text
    finally:
        child.terminate()
        out, _ = child.communicate(timeout=30)
    assert f"mockprep is running at http://127.0.0.1:{port}/" in out
    assert (sealed_home / "mockprep.db").exists()


def test_a_busy_port_is_an_error_that_names_the_fix(
    sealed_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if "web" not in {c.name for c in cli.app.registered_commands}:
        web_cmd.register(cli.app)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = cli.main(["web", "--port", str(port)])
    assert code == 2
    err = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1:{port}" in err and "--port" in err


def test_run_in_a_terminal_starts_the_web_app(sealed_home: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "MOCKPREP_PORT": str(port),
        "COLUMNS": "200",
        "NO_COLOR": "1",
        "TERM": "dumb",
    }
    child = pexpect.spawn(
        sys.executable, ["-m", "mockprep", "run"], env=env, encoding="utf-8", timeout=60
    )
    try:
        child.expect(rf"mockprep is running at http://127\.0\.0\.1:{port}/")
        assert wait_healthy(f"http://127.0.0.1:{port}").status_code == 200
    finally:
        child.sendintr()
        child.expect(pexpect.EOF, timeout=30)
        child.close()


def test_urls_shown_for_each_kind_of_address() -> None:
    assert web_cmd.url_for("127.0.0.1", 8000) == "http://127.0.0.1:8000/"
    assert web_cmd.url_for("0.0.0.0", 80) == "http://127.0.0.1:80/"
    assert web_cmd.url_for("::1", 8000) == "http://[::1]:8000/"
