"""The parsing process: ``python -m mockprep.resume.worker MEMORY_BYTES CPU_SECONDS MAX_PAGES``.

It limits its own address space and CPU time first, then waits for one job on stdin: a JSON
header line ``{"kind": "pdf"}`` and the file's bytes after it. It answers one JSON line on
stdout, ``{"ok": <Extraction>}`` or ``{"error": {"type", "message", "fix"}}``, and exits. Only
``sandbox.py`` starts it; a hostile file can at worst make it die, never the caller.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import sys
from typing import Any


def _limit(memory_bytes: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _limit_cpu(seconds: int) -> None:
    """CPU time from now on (imports done while waiting do not count against the job)."""
    used = resource.getrusage(resource.RUSAGE_SELF)
    spent = int(used.ru_utime + used.ru_stime) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (spent + seconds, spent + seconds + 2))


def _error(kind: str, message: str, fix: str | None) -> dict[str, Any]:
    return {"error": {"type": kind, "message": message, "fix": fix}}


def run_job(header: dict[str, Any], data: bytes, max_pages: int) -> dict[str, Any]:
    from mockprep.resume.document import Kind
    from mockprep.resume.docx import parse_docx
    from mockprep.resume.errors import ResumeError
    from mockprep.resume.pdf import parse_pdf
    from mockprep.resume.text import parse_text

    try:
        kind = Kind(header["kind"])
        if kind == Kind.PDF:
            extraction = parse_pdf(data, max_pages=max_pages)
        elif kind == Kind.DOCX:
            extraction = parse_docx(data, max_pages=max_pages)
        else:
            extraction = parse_text(data, kind)
    except ResumeError as exc:
        return _error(type(exc).__name__, exc.message, exc.fix)
    except MemoryError:
        return _error(
            "ResumeLimitError",
            "reading the file needed more memory than a resume check allows (a decompression "
            "bomb, or a file far larger inside than it looks)",
            "Export the resume again from your editor (plain text and fonts, few images).",
        )
    except RecursionError:
        return _error(
            "ResumeUnreadableError",
            "the file's objects refer to each other in a loop too deep to follow",
            "Open it in a viewer, export or print it to a new file, and upload that.",
        )
    except Exception as exc:  # noqa: BLE001 - any parser failure is the file's, reported as such
        return _error(
            "ResumeUnreadableError",
            f"the file cannot be read ({type(exc).__name__}: {str(exc)[:160]})",
            "Open it in a viewer, export or print it to a new file, and upload that.",
        )
    return {"ok": extraction.model_dump(mode="json")}


_WARM_UP_PDF = b"""%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R
/Resources << /Font << /F1 5 0 R >> >> >> endobj
4 0 obj << /Length 40 >> stream
BT /F1 12 Tf 20 100 Td (warm up) Tj ET
endstream endobj
5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj
trailer << /Root 1 0 R >>
%%EOF
"""


def _warm_up() -> None:
    """Parse a tiny PDF while waiting, so the parsers' lazy set-up is done before the job."""
    with contextlib.suppress(Exception):  # warming is an optimisation, never a failure
        run_job({"kind": "pdf"}, _WARM_UP_PDF, 1)


def main(argv: list[str]) -> int:
    memory_bytes, cpu_seconds, max_pages = (int(a) for a in argv[:3])
    _limit(memory_bytes)
    # Import the parsers before the job arrives, so a warm worker answers at once.
    import mockprep.resume.docx
    import mockprep.resume.pdf
    import mockprep.resume.text  # noqa: F401

    _warm_up()
    out = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    sys.stdout = sys.stderr  # a library that prints cannot corrupt the answer
    header_line = sys.stdin.buffer.readline()
    if not header_line:
        return 0  # the parent went away before giving a job
    _limit_cpu(cpu_seconds)
    sys.setrecursionlimit(5_000)
    data = sys.stdin.buffer.read()
    try:
        header = json.loads(header_line)
        answer = run_job(header, data, max_pages)
    except MemoryError:
        answer = _error("ResumeLimitError", "the file needs too much memory to read", None)
    out.write(json.dumps(answer, ensure_ascii=False) + "\n")
    out.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
