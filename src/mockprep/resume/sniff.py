"""The type of an uploaded resume, from its content: the name is only used to say what it claims."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from mockprep.resume.document import Kind
from mockprep.resume.errors import ResumeTooLargeError, UnsupportedResumeError

MAX_RESUME_BYTES = 5_000_000
"""A resume of ten pages with photos stays far below this."""
MAX_RESUME_PAGES = 10
ACCEPTED = ".pdf, .docx, .txt or .md"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BAD_CONTROL = (set(range(0, 32)) - {9, 10, 12, 13}) | {127}


def _claimed(name: str) -> str:
    return PurePath(name).suffix.lower() or "(none)"


def _is_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    sample = text[:20_000]
    bad = sum(1 for ch in sample if ord(ch) in _BAD_CONTROL)
    return bad == 0 and bool(sample.strip())


def _zip_names(data: bytes) -> list[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def sniff(data: bytes, name: str = "resume") -> Kind:
    """The kind of file ``data`` is, or an error that names what it is not and what to upload."""
    if len(data) > MAX_RESUME_BYTES:
        raise ResumeTooLargeError(
            f"{name} is {len(data) / 1_000_000:.1f} MB; a resume check takes at most "
            f"{MAX_RESUME_BYTES // 1_000_000} MB",
            fix="Export the resume again without embedded photos or large fonts.",
        )
    if not data.strip():
        raise UnsupportedResumeError(f"{name} is empty", fix=f"Choose a {ACCEPTED} resume.")
    if b"%PDF-" in data[:1024]:
        return Kind.PDF
    if data.startswith(b"PK\x03\x04"):
        names = _zip_names(data)
        if names is not None and "word/document.xml" in names:
            return Kind.DOCX
        raise UnsupportedResumeError(
            f"{name} is a zip archive but not a Word document (no word/document.xml)",
            fix=f"Save the resume as {ACCEPTED} and upload that.",
        )
    if data.startswith(_OLE):
        raise UnsupportedResumeError(
            f"{name} is an old binary Word (.doc) or Office file, which this check cannot read",
            fix="Open it in Word or LibreOffice and save it as .docx or PDF.",
        )
    if _is_text(data):
        suffix = _claimed(name)
        return Kind.MARKDOWN if suffix in (".md", ".markdown") else Kind.TEXT
    raise UnsupportedResumeError(
        f"{name} is not a PDF, DOCX or text file (its content starts with bytes "
        f"{data[:4].hex(' ')}; the name says {_claimed(name)})",
        fix=f"Upload the resume itself as {ACCEPTED}.",
    )


def name_mismatch(kind: Kind, name: str) -> str | None:
    """What the file name claims when it disagrees with the content, else None."""
    suffix = _claimed(name)
    expected = {
        Kind.PDF: {".pdf"},
        Kind.DOCX: {".docx"},
        Kind.TEXT: {".txt", ".text", "(none)"},
        Kind.MARKDOWN: {".md", ".markdown"},
    }[kind]
    return None if suffix in expected else suffix
