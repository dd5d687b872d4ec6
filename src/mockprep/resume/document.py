"""What parsing returns: the lines an ATS extracts, each with where it sits and how it looks.

These models cross the process boundary (the worker prints them as JSON), so they are plain
pydantic models. Line numbers count the lines in extraction order, the order ``mockprep ats
--text`` prints them; every finding and keyword points at one of these numbers.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Kind(StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    TEXT = "text"
    MARKDOWN = "markdown"


class Zone(StrEnum):
    """Where on the page a line sits; an ATS may skip all but the body."""

    BODY = "body"
    HEADER = "header"
    FOOTER = "footer"
    TABLE = "table"
    TEXTBOX = "textbox"


class Line(BaseModel):
    """One line of extracted text."""

    model_config = ConfigDict(frozen=True)

    number: int = Field(description="1-based, in the order an ATS extracts the text.")
    text: str
    page: int = Field(default=1, description="1-based page (DOCX and text files: 1).")
    zone: Zone = Zone.BODY
    column: int = Field(
        default=0, description="0: full width or single column; 1, 2 …: the column it is in."
    )
    top: float = Field(default=0.0, description="Distance from the top of the page (points).")
    x0: float = 0.0
    size: float = Field(default=0.0, description="Font size in points (0 when unknown).")
    bold: bool = False
    style: str = Field(default="", description="Paragraph style (DOCX) or markup (Markdown).")
    bullet: bool = Field(default=False, description="Marked as a list item by its format.")
    hidden: str = Field(
        default="", description="Why a reader cannot see this line (white text …); '' if visible."
    )


class Image(BaseModel):
    """A picture in the document: it may carry text no ATS reads."""

    model_config = ConfigDict(frozen=True)

    page: int = 1
    area: float = Field(description="Share of the page it covers, 0-1 (0 when unknown).")
    near_line: int | None = Field(default=None, description="The line just above it, if any.")


class Extraction(BaseModel):
    """Everything parsing learned about one file."""

    model_config = ConfigDict(frozen=True)

    kind: Kind
    pages: int = Field(description="Pages (a DOCX's own count when it has one, else estimated).")
    pages_estimated: bool = False
    lines: tuple[Line, ...] = ()
    images: tuple[Image, ...] = ()
    multi_column_pages: tuple[int, ...] = ()
    garbled: tuple[int, ...] = Field(
        default=(), description="Numbers of lines holding glyphs with no Unicode meaning."
    )
    notes: tuple[str, ...] = Field(
        default=(), description="Facts worth a finding: 'encrypted', 'form fields' …"
    )

    @property
    def visible(self) -> list[Line]:
        return [line for line in self.lines if not line.hidden]

    @property
    def text(self) -> str:
        """Exactly the text an ATS extracts, one line per line, hidden text included."""
        return "\n".join(line.text for line in self.lines)

    def line(self, number: int) -> Line:
        return self.lines[number - 1]
