"""DOCX resumes (python-docx): body paragraphs and tables in order, text boxes, headers and
footers, pictures, and runs nobody can see (hidden, white or tiny).

Before python-docx opens anything, the zip is checked: its members' declared sizes must stay
small (a zip bomb is refused unread) and no XML part may carry a document type declaration,
which Word never writes and an external-entity (XXE) attack needs. python-docx itself parses
with ``resolve_entities=False`` and lxml never fetches from the network, so even a missed
declaration resolves nothing.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Iterator
from typing import Any

import docx
from docx.document import Document
from docx.enum.dml import MSO_COLOR_TYPE, MSO_THEME_COLOR
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from mockprep.resume.document import Extraction, Image, Kind, Line, Zone
from mockprep.resume.errors import ResumeTooLargeError, ResumeUnreadableError, UnsafeResumeError

MAX_UNZIPPED_BYTES = 40_000_000
"""All members of a resume DOCX together, uncompressed (pictures included)."""
MAX_MEMBERS = 1_000
MAX_RATIO = 200
"""Compression ratio above which a large member is a bomb, not a document."""
WORDS_PER_PAGE = 450
TINY_PT = 4.0
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_PAGES = re.compile(rb"<Pages>\s*(\d+)\s*</Pages>")
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_WHITE = {"FFFFFF", "FEFEFE", "FDFDFD", "FCFCFC"}


def check_archive(data: bytes) -> int | None:
    """Refuse zip bombs and DTDs before parsing; return the page count Word stored, if any."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ResumeUnreadableError(
            f"the DOCX is not a readable zip archive ({exc})",
            fix="Open it in Word or LibreOffice, save it again as .docx and upload that.",
        ) from exc
    with archive:
        members = archive.infolist()
        total = sum(m.file_size for m in members)
        if len(members) > MAX_MEMBERS or total > MAX_UNZIPPED_BYTES:
            raise UnsafeResumeError(
                f"the DOCX would unpack to {total / 1_000_000:.0f} MB in {len(members)} parts, "
                f"more than any resume (at most {MAX_UNZIPPED_BYTES // 1_000_000} MB); it was "
                "not unpacked",
                fix="Upload the resume as saved by your word processor, or as a PDF.",
            )
        for m in members:
            if m.file_size > 1_000_000 and m.file_size > MAX_RATIO * max(m.compress_size, 1):
                raise UnsafeResumeError(
                    f"the DOCX part {m.filename} is compressed {m.file_size // max(m.compress_size, 1)}"
                    " times: that is a zip bomb, not a document; it was not unpacked",
                    fix="Upload the resume as saved by your word processor, or as a PDF.",
                )
        pages = None
        for m in members:
            if not m.filename.endswith((".xml", ".rels")):
                continue
            raw = archive.read(m)
            if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
                raw = raw.decode("utf-16", errors="replace").encode("utf-8")
            if _DECLARATION.search(raw):
                raise UnsafeResumeError(
                    f"the DOCX part {m.filename} declares a DTD or entities, which Word never "
                    "writes and external-entity (XXE) attacks use; nothing in it was resolved",
                    fix="Save the resume again from your word processor and upload that.",
                )
            if m.filename == "docProps/app.xml":
                found = _PAGES.search(raw)
                pages = int(found.group(1)) if found else None
    return pages


def _run_hidden(run: Run) -> str:
    font = run.font
    if font.hidden:
        return "hidden text (Word's hidden format)"
    if font.size is not None and font.size.pt < TINY_PT:
        return f"tiny text ({font.size.pt:.1f} pt)"
    colour = font.color
    if colour.type == MSO_COLOR_TYPE.RGB and str(colour.rgb) in _WHITE:
        return "white text"
    if colour.type == MSO_COLOR_TYPE.THEME and colour.theme_color in (
        MSO_THEME_COLOR.BACKGROUND_1,
        MSO_THEME_COLOR.LIGHT_1,
    ):
        return "white text"
    return ""


def _parts(paragraph: Paragraph) -> list[tuple[str, str, bool]]:
    """(text, hidden reason, bold) runs of a paragraph, neighbours of one kind merged."""
    parts: list[tuple[str, str, bool]] = []
    for item in paragraph.iter_inner_content():
        runs = [item] if isinstance(item, Run) else list(item.runs)
        for run in runs:
            text = run.text
            if not text:
                continue
            hidden = _run_hidden(run)
            bold = bool(run.bold)
            if parts and parts[-1][1] == hidden:
                prev = parts[-1]
                parts[-1] = (prev[0] + text, hidden, prev[2] and bold)
            else:
                parts.append((text, hidden, bold))
    return parts


def _style(paragraph: Paragraph) -> str:
    try:
        style = paragraph.style
    except (KeyError, ValueError):
        return ""
    return str(style.name) if style is not None and style.name else ""


def _is_list(paragraph: Paragraph, style: str) -> bool:
    ppr = paragraph._p.pPr
    return "list" in style.lower() or (ppr is not None and ppr.numPr is not None)


class _Reader:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.lines: list[Line] = []

    def add(self, paragraph: Paragraph, zone: Zone) -> None:
        style = _style(paragraph)
        bullet = _is_list(paragraph, style)
        sizes = [r.font.size.pt for r in paragraph.runs if r.font.size is not None]
        for text, hidden, bold in _parts(paragraph):
            for piece in text.splitlines() or [text]:
                if not piece.strip():
                    continue
                self.lines.append(
                    Line(
                        number=len(self.lines) + 1,
                        text=piece.strip(),
                        zone=zone,
                        size=max(sizes) if sizes else 0.0,
                        bold=bold,
                        style=style,
                        bullet=bullet,
                        hidden=hidden,
                    )
                )
        self.text_boxes(paragraph)

    def text_boxes(self, paragraph: Paragraph) -> None:
        for box in paragraph._p.iter(qn("w:txbxContent")):
            if any(a.tag == _MC_FALLBACK for a in box.iterancestors()):
                continue  # the same box again, for old readers
            for p in box.iter(qn("w:p")):
                self.add(Paragraph(p, paragraph._parent), Zone.TEXTBOX)

    def blocks(self, items: Iterator[Paragraph | Table], zone: Zone) -> None:
        for item in items:
            if isinstance(item, Paragraph):
                self.add(item, zone)
                continue
            for row in item.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue  # a merged cell repeats
                    seen.add(id(cell._tc))
                    self.blocks(cell.iter_inner_content(), Zone.TABLE)

    def headers_and_footers(self) -> None:
        seen: set[int] = set()
        for section in self.document.sections:
            pairs: list[tuple[Any, Zone]] = [
                (section.header, Zone.HEADER),
                (section.first_page_header, Zone.HEADER),
                (section.footer, Zone.FOOTER),
                (section.first_page_footer, Zone.FOOTER),
            ]
            for part, zone in pairs:
                if part.is_linked_to_previous:
                    continue
                key = id(part.part)
                if key in seen:
                    continue
                seen.add(key)
                self.blocks(part.iter_inner_content(), zone)


def parse_docx(data: bytes, *, max_pages: int) -> Extraction:
    """Read a DOCX (in the worker process, under its limits)."""
    stored_pages = check_archive(data)
    if stored_pages is not None and stored_pages > max_pages:
        raise ResumeTooLargeError(
            f"the document has {stored_pages} pages; a resume check takes at most {max_pages}",
            fix="Upload the resume alone (one or two pages).",
        )
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise ResumeUnreadableError(
            f"the DOCX cannot be opened ({type(exc).__name__}: {str(exc)[:120]})",
            fix="Open it in Word or LibreOffice, save it again as .docx and upload that.",
        ) from exc
    reader = _Reader(document)
    try:
        reader.headers_and_footers()
        header_lines = list(reader.lines)
        reader.lines = []
        reader.blocks(document.iter_inner_content(), Zone.BODY)
    except (KeyError, ValueError, AttributeError) as exc:
        raise ResumeUnreadableError(
            f"the DOCX's content cannot be read ({type(exc).__name__}: {str(exc)[:120]})",
            fix="Open it in Word or LibreOffice, save it again as .docx and upload that.",
        ) from exc
    headers = [h for h in header_lines if h.zone == Zone.HEADER]
    footers = [h for h in header_lines if h.zone == Zone.FOOTER]
    ordered = [*headers, *reader.lines, *footers]
    lines = tuple(ln.model_copy(update={"number": i}) for i, ln in enumerate(ordered, start=1))
    pictures = len(document.inline_shapes) + sum(
        1
        for anchor in document.element.body.iter(qn("wp:anchor"))
        if next(anchor.iter(qn("pic:pic")), None) is not None
    )
    words = sum(len(ln.text.split()) for ln in lines if not ln.hidden)
    pages = stored_pages or max(1, math.ceil(words / WORDS_PER_PAGE))
    return Extraction(
        kind=Kind.DOCX,
        pages=pages,
        pages_estimated=stored_pages is None,
        lines=lines,
        images=tuple(Image(area=0.0) for _ in range(pictures)),
    )
