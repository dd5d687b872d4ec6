"""Errors of the ATS check. Each is an ``InputError`` (the file is the problem, not mockprep),
so the CLI exits 2 and the web answers a 4xx with the message and the fix::

    InputError
    └── ResumeError                   the resume cannot be checked
        ├── ResumeTooLargeError       more bytes or pages than a check takes (413)
        ├── UnsupportedResumeError    not a PDF, DOCX, TXT or Markdown file by content (415)
        ├── ResumeEncryptedError      a password protects it (422)
        ├── UnsafeResumeError         a zip bomb, an external entity: refused unread (422)
        ├── ResumeUnreadableError     the parser cannot make sense of it (422)
        └── ResumeLimitError          parsing hit the time or memory limit (422)
"""

from __future__ import annotations

from mockprep.errors import InputError


class ResumeError(InputError):
    """The resume cannot be checked."""

    http_status = 422


class ResumeTooLargeError(ResumeError):
    """More bytes or pages than a check takes."""

    http_status = 413


class UnsupportedResumeError(ResumeError):
    """Not a PDF, DOCX, TXT or Markdown file, judged by its content."""

    http_status = 415


class ResumeEncryptedError(ResumeError):
    """A password protects the file."""


class UnsafeResumeError(ResumeError):
    """The file is built to harm a parser (a zip bomb, an external entity)."""


class ResumeUnreadableError(ResumeError):
    """The parser cannot make sense of the file."""


class ResumeLimitError(ResumeError):
    """Parsing needed more time or memory than a check allows."""
