"""Parsing in a separate process with a memory, CPU-time and wall-clock limit.

Every parse, from the CLI and the web app alike, runs in a fresh ``mockprep.resume.worker``
process that limits its own address space (``RLIMIT_AS``) and CPU time (``RLIMIT_CPU``); the
caller kills it when the wall-clock timeout passes. A decompression bomb, a reference loop or a
parser crash therefore costs one short-lived process and becomes a clear ``ResumeError``; the
caller goes on serving.

A worker serves one job and exits, so no state leaks from one file to the next. Callers that
parse often (the web app, the benchmark) keep one spare worker started ahead (``warm=True``):
it has imported the parsers already, and the next job skips the interpreter's start-up.
"""

from __future__ import annotations

import atexit
import json
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from typing import Any

from mockprep.resume import errors
from mockprep.resume.document import Extraction, Kind
from mockprep.resume.errors import ResumeLimitError, ResumeUnreadableError
from mockprep.resume.sniff import MAX_RESUME_PAGES


@dataclass(frozen=True)
class Limits:
    """What one parse may use."""

    memory_bytes: int = 512 * 2**20
    cpu_seconds: int = 8
    wall_seconds: float = 15.0
    max_pages: int = MAX_RESUME_PAGES

    def argv(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "mockprep.resume.worker",
            str(self.memory_bytes),
            str(self.cpu_seconds),
            str(self.max_pages),
        ]


DEFAULT_LIMITS = Limits()
_ERRORS: dict[str, type[errors.ResumeError]] = {
    cls.__name__: cls
    for cls in (
        errors.ResumeError,
        errors.ResumeTooLargeError,
        errors.UnsupportedResumeError,
        errors.ResumeEncryptedError,
        errors.UnsafeResumeError,
        errors.ResumeUnreadableError,
        errors.ResumeLimitError,
    )
}


def _start(limits: Limits) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        limits.argv(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        close_fds=True,
        start_new_session=True,  # a signal for the caller's terminal does not reach it
    )


class _Spares:
    """One warm worker per set of limits, started ahead; shared by the threads of a process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ready: dict[Limits, subprocess.Popen[bytes]] = {}
        atexit.register(self.close)

    def take(self, limits: Limits) -> subprocess.Popen[bytes]:
        with self._lock:
            proc = self._ready.pop(limits, None)
        if proc is None or proc.poll() is not None:
            proc = _start(limits)
        return proc

    def replenish(self, limits: Limits) -> None:
        """Start the next spare (after a job, so it does not compete with the job for CPU)."""
        with self._lock:
            if limits not in self._ready:
                self._ready[limits] = _start(limits)

    def close(self) -> None:
        with self._lock:
            for proc in self._ready.values():
                proc.kill()
                proc.wait()
            self._ready.clear()


_spares = _Spares()


def _answer(proc: subprocess.Popen[bytes], payload: bytes, limits: Limits) -> dict[str, Any]:
    try:
        out, _ = proc.communicate(payload, timeout=limits.wall_seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise ResumeLimitError(
            f"reading the file took longer than {limits.wall_seconds:g} s and was stopped",
            fix="The file is built in an unusual way: export or print it to a new PDF (or save "
            "it as DOCX) and upload that.",
        ) from None
    if proc.returncode != 0 or not out.strip():
        code = proc.returncode
        if code in (-signal.SIGXCPU, -signal.SIGKILL):
            raise ResumeLimitError(
                f"reading the file used more than {limits.cpu_seconds} s of CPU time and was "
                "stopped",
                fix="The file is built in an unusual way: export or print it to a new PDF (or "
                "save it as DOCX) and upload that.",
            )
        raise ResumeUnreadableError(
            f"the parser stopped on this file (exit status {code}) without reading it",
            fix="Export or print it to a new PDF (or save it as DOCX) and upload that.",
        )
    try:
        answer = json.loads(out)
    except ValueError as exc:
        raise ResumeUnreadableError(
            "the parser's answer for this file was cut short",
            fix="Export or print it to a new PDF (or save it as DOCX) and upload that.",
        ) from exc
    if not isinstance(answer, dict):
        raise ResumeUnreadableError("the parser gave no answer", fix="Try the upload again.")
    return answer


def parse_isolated(
    data: bytes, kind: Kind, *, limits: Limits = DEFAULT_LIMITS, warm: bool = False
) -> Extraction:
    """Parse ``data`` (already sniffed as ``kind``) in a limited worker process.

    Args:
        data: the file's bytes.
        kind: what ``sniff`` found.
        limits: memory, CPU, wall-clock and page limits of this parse.
        warm: take a worker started ahead, and start the next one (for repeated parsing).
    """
    proc = _spares.take(limits) if warm else _start(limits)
    payload = json.dumps({"kind": kind.value}).encode() + b"\n" + data
    try:
        answer = _answer(proc, payload, limits)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if warm:
            _spares.replenish(limits)
    if "error" in answer:
        err = answer["error"]
        cls = _ERRORS.get(str(err.get("type")), ResumeUnreadableError)
        raise cls(str(err.get("message")), fix=err.get("fix") or None)
    return Extraction.model_validate(answer["ok"])
