"""Plain-text and Markdown resumes: lines as written, Markdown markup reduced to its text.

In Markdown, HTML comments are text no reader of the rendered page sees: they are kept as
hidden lines. Headings (``#``, underlined with ``===``/``---``) and list items keep their role.
"""

from __future__ import annotations

import math
import re

from mockprep.resume.document import Extraction, Kind, Line
from mockprep.resume.errors import ResumeUnreadableError

WORDS_PER_PAGE = 450
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_UNDERLINE = re.compile(r"^\s{0,3}(=+|-{3,})\s*$")
_LIST = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")
_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]+)[^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(\S(?:.*?\S)?)\1")
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def _plain(text: str) -> str:
    text = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})" if m.group(1) else m.group(2), text)
    text = _EMPHASIS.sub(r"\2", text)
    return _TAG.sub("", text).replace("\\", "")


def parse_text(data: bytes, kind: Kind) -> Extraction:
    """Read a UTF-8 text or Markdown resume."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ResumeUnreadableError(
            "the text file is not UTF-8", fix="Save it as UTF-8 text and upload it again."
        ) from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    raw: list[tuple[str, str, str, bool]] = []  # text, style, hidden, bullet
    if kind == Kind.MARKDOWN:
        pieces: list[tuple[str, bool]] = []
        last = 0
        for m in _COMMENT.finditer(text):
            pieces.append((text[last : m.start()], False))
            pieces.append((m.group(1), True))
            last = m.end()
        pieces.append((text[last:], False))
        for chunk, hidden in pieces:
            for line in chunk.split("\n"):
                if hidden:
                    if line.strip():
                        raw.append(
                            (line.strip(), "", "an HTML comment (not shown when rendered)", False)
                        )
                    continue
                heading = _HEADING.match(line)
                if heading:
                    raw.append((_plain(heading.group(2)), f"h{len(heading.group(1))}", "", False))
                elif _UNDERLINE.match(line) and raw and raw[-1][0].strip() and not raw[-1][1]:
                    prev = raw.pop()
                    raw.append((prev[0], "h1" if "=" in line else "h2", "", False))
                else:
                    bullet = bool(_LIST.match(line))
                    raw.append((_plain(line.rstrip()), "", "", bullet))
    else:
        raw = [(line.rstrip(), "", "", bool(_LIST.match(line))) for line in text.split("\n")]
    lines: list[Line] = []
    for body, style, concealed, is_item in raw:
        if not body.strip():
            continue
        lines.append(
            Line(
                number=len(lines) + 1,
                text=body,
                style=style,
                bullet=is_item,
                hidden=concealed,
                bold=style.startswith("h"),
            )
        )
    words = sum(len(ln.text.split()) for ln in lines if not ln.hidden)
    return Extraction(
        kind=kind,
        pages=max(1, math.ceil(words / WORDS_PER_PAGE)),
        pages_estimated=True,
        lines=tuple(lines),
    )
