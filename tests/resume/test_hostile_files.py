"""Hostile and broken files end in a clear ResumeError in bounded time, in the worker process;
the caller survives and the next parse works. Nothing in a DOCX is resolved or fetched."""

from __future__ import annotations

import socket
import time

import pytest
import resume_files as rf

from mockprep.resume import errors
from mockprep.resume.check import extract
from mockprep.resume.document import Kind
from mockprep.resume.sandbox import Limits, parse_isolated
from mockprep.resume.sniff import MAX_RESUME_BYTES, sniff

BOUND_SECONDS = 20.0


def _refused(data: bytes, name: str, expected: type[errors.ResumeError], **kw: object) -> str:
    started = time.monotonic()
    with pytest.raises(expected) as caught:
        extract(data, name, **kw)  # type: ignore[arg-type]
    assert time.monotonic() - started < BOUND_SECONDS
    assert caught.value.fix  # every refusal says what to do
    # the caller goes on: the next file parses
    assert extract(rf.single_column(), "ok.pdf").lines
    return str(caught.value)


def test_decompression_bomb_hits_the_memory_limit(bomb_pdf: bytes) -> None:
    assert len(bomb_pdf) < MAX_RESUME_BYTES
    message = _refused(bomb_pdf, "bomb.pdf", errors.ResumeLimitError)
    assert "memory" in message


def test_circular_references_end_in_an_error() -> None:
    message = _refused(rf.circular(), "loop.pdf", errors.ResumeUnreadableError)
    assert "loop" in message or "cannot be read" in message


def test_encrypted_pdf_asks_for_an_unprotected_export() -> None:
    message = _refused(rf.encrypted(), "locked.pdf", errors.ResumeEncryptedError)
    assert "password" in message


def test_docx_zip_bomb_is_refused_unpacked(zip_bomb_docx: bytes) -> None:
    assert len(zip_bomb_docx) < MAX_RESUME_BYTES
    message = _refused(zip_bomb_docx, "bomb.docx", errors.UnsafeResumeError)
    assert "301 MB" in message


def test_docx_external_entity_is_refused_and_nothing_is_fetched() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    try:
        message = _refused(
            rf.docx_xxe(f"http://127.0.0.1:{port}/secret"), "x.docx", errors.UnsafeResumeError
        )
        assert "external-entity" in message
        with pytest.raises(TimeoutError):
            listener.accept()  # nobody came to fetch the entity
    finally:
        listener.close()


def test_binary_renamed_pdf_is_refused_by_content() -> None:
    with pytest.raises(errors.UnsupportedResumeError) as caught:
        sniff(rf.binary_renamed(), "resume.pdf")
    assert "not a PDF, DOCX or text file" in str(caught.value) and "says .pdf" in str(caught.value)
    assert caught.value.http_status == 415


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.pdf", "is empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.doc", "old binary Word"),
        (b"PK\x03\x04" + b"\0" * 100, "fake.docx", "zip archive but not a Word document"),
    ],
)
def test_other_files_that_are_not_resumes(data: bytes, name: str, message: str) -> None:
    with pytest.raises(errors.UnsupportedResumeError, match=message):
        sniff(data, name)


def test_too_large_and_too_many_pages() -> None:
    with pytest.raises(errors.ResumeTooLargeError):
        sniff(b"%PDF-" + b" " * MAX_RESUME_BYTES, "big.pdf")
    with pytest.raises(errors.ResumeTooLargeError, match="more than 1 pages"):
        parse_isolated(rf.two_pages(), Kind.PDF, limits=Limits(max_pages=1))


def test_type_is_judged_by_content_not_name() -> None:
    assert sniff(rf.single_column(), "resume.docx") == Kind.PDF
    assert sniff(rf.docx_resume(), "resume.pdf") == Kind.DOCX
    assert sniff(b"Jane Example\nPython", "resume.pdf") == Kind.TEXT


def test_the_wall_clock_limit_stops_a_slow_parse() -> None:
    started = time.monotonic()
    with pytest.raises(errors.ResumeLimitError, match="longer than"):
        parse_isolated(rf.two_pages(), Kind.PDF, limits=Limits(wall_seconds=0.01))
    assert time.monotonic() - started < 5
