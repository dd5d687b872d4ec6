"""`mockprep ats` through the real CLI entry point: the readable report, JSON, the extracted
text, and hostile files ending in exit 2 with a clear message, in bounded time."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "resume"))
import resume_files as rf

from mockprep.cli import app as cli_app


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli_app.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def resume(tmp_path: Path) -> Path:
    path = tmp_path / "Jane-Example-Resume.pdf"
    path.write_bytes(rf.single_column())
    return path


def test_text_shows_exactly_what_an_ats_extracts(
    capsys: pytest.CaptureFixture[str], resume: Path
) -> None:
    code, out, _ = run(capsys, "ats", "--text", str(resume))
    assert code == 0
    assert out == "\n".join(rf.single_column_lines()) + "\n"


def test_json_report_against_a_job_file(
    capsys: pytest.CaptureFixture[str], resume: Path, tmp_path: Path
) -> None:
    job = tmp_path / "job.txt"
    job.write_text(rf.JOB, encoding="utf-8")
    code, out, err = run(capsys, "ats", str(resume), "--job", str(job), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert {"score", "breakdown", "keywords", "findings", "fixes"} <= set(data)
    assert 0 <= data["score"] <= 100
    assert all({"term", "found", "where"} <= set(k) for k in data["keywords"])
    assert all({"kind", "severity", "where", "message"} <= set(f) for f in data["findings"])
    qdrant = next(k for k in data["keywords"] if k["term"] == "vector-search")
    assert qdrant["found"] and qdrant["where"][0]["line"] == 8
    assert len(data["fixes"]) == 5
    # the check is kept: the web page lists it
    code, out, _ = run(capsys, "ats", str(resume), "--job-text", rf.JOB, "--json", "--no-save")
    assert code == 0 and json.loads(out)["score"] == data["score"]


def test_readable_report(capsys: pytest.CaptureFixture[str], resume: Path) -> None:
    code, out, _ = run(capsys, "ats", str(resume), "--job-text", rf.JOB)
    assert code == 0
    assert "ATS score" in out and "Keywords by weight" in out and "Top fixes" in out
    assert "vector search" in out and "Qdrant" in out


@pytest.mark.parametrize(
    ("build", "name", "message"),
    [
        (rf.binary_renamed, "resume.pdf", "not a PDF, DOCX or text file"),
        (rf.encrypted, "locked.pdf", "password"),
        (rf.circular, "loop.pdf", "Error:"),
        (lambda: rf.docx_xxe("http://127.0.0.1:9/x"), "x.docx", "external-entity"),
    ],
)
def test_hostile_files_exit_2_with_a_clear_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, build: object, name: str, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(build())  # type: ignore[operator]
    started = time.monotonic()
    code, out, err = run(capsys, "ats", str(path))
    assert code == 2 and message in err and out == ""
    assert time.monotonic() - started < 20


def test_bad_arguments(capsys: pytest.CaptureFixture[str], resume: Path, tmp_path: Path) -> None:
    code, _, err = run(capsys, "ats", str(resume), "--job", str(resume), "--job-text", "x")
    assert code == 2 and "one way" in err
    code, _, err = run(capsys, "ats", str(tmp_path / "missing.pdf"))
    assert code == 2 and "cannot read" in err
