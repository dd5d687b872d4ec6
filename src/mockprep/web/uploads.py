"""Uploaded files: read with a size limit, and bank files placed where the importers can read them."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import UploadFile

from mockprep.bank.importers import MAX_IMPORT_BYTES, SUPPORTED
from mockprep.errors import BankFormatError, InputError, MockprepError

MAX_DATA_BYTES = 50_000_000
"""An export file of several years of daily practice stays far below this."""


def read_upload(upload: UploadFile, *, limit: int, what: str) -> bytes:
    """The upload's bytes (run in a worker thread: the spooled file is read synchronously)."""
    data = upload.file.read(limit + 1)
    if len(data) > limit:
        raise InputError(
            f"the {what} is larger than {limit // 1_000_000} MB",
            fix="Upload a smaller file (split a bank into several files).",
        )
    if not data:
        raise InputError(f"the {what} is empty", fix="Choose the file to upload.")
    return data


def safe_name(filename: str | None) -> str:
    """The upload's base name with only harmless characters (its suffix kept)."""
    base = Path((filename or "").replace("\\", "/")).name
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", base).strip(".-")
    return cleaned[:100] or "upload"


@contextmanager
def bank_file(filename: str | None, data: bytes) -> Iterator[Path]:
    """A temporary file holding ``data`` under the upload's name, for ``import_bank``.

    Messages that name the temporary path are rewritten to name the upload instead.
    """
    name = safe_name(filename)
    if Path(name).suffix.lower() not in SUPPORTED:
        raise BankFormatError(
            f"{name}: unsupported file type {Path(name).suffix or '(none)'}",
            fix=f"Upload one of: {', '.join(SUPPORTED)}.",
        )
    if len(data) > MAX_IMPORT_BYTES:
        raise BankFormatError(
            f"{name} is larger than {MAX_IMPORT_BYTES // 1_000_000} MB",
            fix="Split it into several files and import each.",
        )
    with tempfile.TemporaryDirectory(prefix="mockprep-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            yield path
        except MockprepError as exc:
            prefix = f"{folder}/"
            exc.message = exc.message.replace(prefix, "")
            exc.args = (str(exc),)
            raise
