"""PDF resumes: every glyph with its position, font, size, colour and render mode (pdfminer.six),
assembled into the lines an ATS extracts, with columns, tables, header and footer zones, pictures
and hidden text found along the way.

An ATS reads a PDF's text layer row by row across the page. So lines are numbered in that order
(a two-column page interleaves its columns, which is what scrambles it); the analysis later reads
each column top to bottom.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pdfminer.converter import PDFLayoutAnalyzer
from pdfminer.layout import LTChar, LTComponent, LTContainer, LTCurve, LTImage, LTLine, LTRect
from pdfminer.pdfcolor import PDFColorSpace
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import (
    PDFGraphicState,
    PDFPageInterpreter,
    PDFResourceManager,
    PDFTextState,
)
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.psexceptions import PSException
from pdfminer.utils import Matrix

from mockprep.resume.document import Extraction, Image, Kind, Line, Zone
from mockprep.resume.errors import (
    ResumeEncryptedError,
    ResumeTooLargeError,
    ResumeUnreadableError,
)

TINY_PT = 4.0
"""Text smaller than this cannot be read on paper: it is there for machines only."""
SAME_COLOUR = 0.08
"""Luminance difference under which text is invisible on its background."""
HEADER_SHARE = 0.05
"""Lines entirely in the top (or bottom) 5 % of the page sit where running headers (footers) go."""
INVISIBLE_MODES = {3, 7}
"""Text render modes that paint nothing (3: invisible, 7: clip only)."""
_GARBLED = re.compile(r"\(cid:\d+\)|[\ufffd\ue000-\uf8ff]")


@dataclass
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    hidden: str

    @property
    def centre(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class PageContent:
    number: int
    width: float
    height: float
    glyphs: list[Glyph] = field(default_factory=list)
    tables: list[tuple[float, float, float, float]] = field(default_factory=list)
    images: list[tuple[float, float, float, float]] = field(default_factory=list)


def luminance(colour: object) -> float | None:
    """0 (black) to 1 (white) for a gray, RGB or CMYK fill; None when unknown (a pattern)."""
    values: Sequence[object]
    if isinstance(colour, int | float):
        values = (colour,)
    elif isinstance(colour, list | tuple):
        values = colour
    else:
        return None
    nums = [float(v) for v in values if isinstance(v, int | float)]
    if len(nums) != len(values) or not nums:
        return None
    nums = [min(max(v, 0.0), 1.0) for v in nums]
    if len(nums) == 1:
        return nums[0]
    if len(nums) == 3:
        r, g, b = nums
    elif len(nums) == 4:
        c, m, y, k = nums
        r, g, b = (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    else:
        return None
    return 0.299 * r + 0.587 * g + 0.114 * b


@dataclass
class _RawGlyph:
    text: str
    bbox: tuple[float, float, float, float]
    size: float
    fontname: str
    render: int
    colour: float | None


class _Collector(PDFLayoutAnalyzer):
    """A pdfminer device that keeps glyphs (with their render mode), fills, rulings and images."""

    def __init__(self, rsrcmgr: PDFResourceManager) -> None:
        super().__init__(rsrcmgr, pageno=1, laparams=None)
        self.raw: list[_RawGlyph] = []
        self.width = 0.0
        self.height = 0.0
        self.layout: LTContainer[Any] | None = None
        self._render = 0

    def begin_page(self, page: PDFPage, ctm: Matrix) -> None:
        super().begin_page(page, ctm)
        self.width, self.height = self.cur_item.width, self.cur_item.height
        self.raw = []

    def receive_layout(self, ltpage: Any) -> None:
        self.layout = ltpage

    def render_string(
        self,
        textstate: PDFTextState,
        seq: Any,
        ncs: PDFColorSpace,
        graphicstate: PDFGraphicState,
    ) -> None:
        self._render = int(textstate.render or 0)
        super().render_string(textstate, seq, ncs, graphicstate)

    def render_char(
        self,
        matrix: Matrix,
        font: PDFFont,
        fontsize: float,
        scaling: float,
        rise: float,
        cid: int,
        ncs: PDFColorSpace,
        graphicstate: PDFGraphicState,
    ) -> float:
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        item = LTChar(
            matrix,
            font,
            fontsize,
            scaling,
            rise,
            text,
            font.char_width(cid),
            font.char_disp(cid),
            ncs,
            graphicstate,
        )
        self.raw.append(
            _RawGlyph(
                text=text,
                bbox=(item.x0, item.y0, item.x1, item.y1),
                size=float(item.size),
                fontname=str(item.fontname),
                render=self._render,
                colour=luminance(graphicstate.ncolor),
            )
        )
        return float(item.adv)


def _walk(container: Iterable[Any]) -> Iterable[LTComponent]:
    for obj in container:
        yield obj
        if isinstance(obj, LTContainer):
            yield from _walk(obj)


def _to_top(height: float, bbox: tuple[float, float, float, float]) -> tuple[float, ...]:
    x0, y0, x1, y1 = bbox
    return (x0, height - y1, x1, height - y0)


def _edges(
    objects: list[LTComponent], height: float
) -> tuple[list[tuple[float, ...]], list[tuple[float, float, float, float, float]]]:
    """Rulings (as boxes in top-down coordinates) and filled areas with their luminance."""
    rulings: list[tuple[float, ...]] = []
    fills: list[tuple[float, float, float, float, float]] = []
    for obj in objects:
        if not isinstance(obj, LTLine | LTRect | LTCurve):
            continue
        box = _to_top(height, (obj.x0, obj.y0, obj.x1, obj.y1))
        if getattr(obj, "fill", False) and isinstance(obj, LTRect | LTCurve):
            lum = luminance(getattr(obj, "non_stroking_color", None))
            if lum is not None and obj.width > 2 and obj.height > 2:
                fills.append((box[0], box[1], box[2], box[3], lum))
        if isinstance(obj, LTLine) or obj.width < 3 or obj.height < 3:
            rulings.append(box)
        elif isinstance(obj, LTRect) and getattr(obj, "stroke", False):
            x0, top, x1, bottom = box
            rulings += [(x0, top, x1, top), (x0, bottom, x1, bottom)]
            rulings += [(x0, top, x0, bottom), (x1, top, x1, bottom)]
    return rulings, fills


def _tables(rulings: list[tuple[float, ...]]) -> list[tuple[float, float, float, float]]:
    """Boxes of ruled grids: connected rulings with at least three across or three down."""
    long = [r for r in rulings if max(r[2] - r[0], r[3] - r[1]) >= 10]
    parent = list(range(len(long)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    tol = 1.5
    for i, a in enumerate(long):
        for j in range(i + 1, len(long)):
            b = long[j]
            if (
                a[0] - tol <= b[2]
                and b[0] - tol <= a[2]
                and a[1] - tol <= b[3]
                and b[1] - tol <= a[3]
            ):
                parent[find(i)] = find(j)
    groups: dict[int, list[tuple[float, ...]]] = {}
    for i, r in enumerate(long):
        groups.setdefault(find(i), []).append(r)
    found = []
    for members in groups.values():
        across = {round(r[1]) for r in members if r[2] - r[0] > r[3] - r[1]}
        down = {round(r[0]) for r in members if r[3] - r[1] >= r[2] - r[0]}
        if len(across) >= 2 and len(down) >= 2 and (len(across) >= 3 or len(down) >= 3):
            box = (
                min(r[0] for r in members),
                min(r[1] for r in members),
                max(r[2] for r in members),
                max(r[3] for r in members),
            )
            if box[2] - box[0] >= 40 and box[3] - box[1] >= 15:
                found.append(box)
    return found


def _background(fills: list[tuple[float, float, float, float, float]], x: float, y: float) -> float:
    inside = [f for f in fills if f[0] <= x <= f[2] and f[1] <= y <= f[3]]
    if not inside:
        return 1.0  # paper
    smallest = min(inside, key=lambda f: (f[2] - f[0]) * (f[3] - f[1]))
    return smallest[4]


def _hidden_reason(
    raw: _RawGlyph,
    box: tuple[float, ...],
    page: tuple[float, float],
    fills: list[tuple[float, float, float, float, float]],
) -> str:
    x0, top, x1, bottom = box
    width, height = page
    if raw.render in INVISIBLE_MODES:
        return "invisible text (render mode 3)"
    if x1 <= 0 or x0 >= width or bottom <= 0 or top >= height:
        return "text outside the page"
    if 0 < raw.size < TINY_PT:
        return f"tiny text ({raw.size:.1f} pt)"
    if raw.colour is not None:
        ground = _background(fills, (x0 + x1) / 2, (top + bottom) / 2)
        if abs(raw.colour - ground) < SAME_COLOUR:
            return "white text" if ground > 0.9 else "text the colour of its background"
    return ""


def _read_page(page: PDFPage, number: int, rsrcmgr: PDFResourceManager) -> PageContent:
    device = _Collector(rsrcmgr)
    PDFPageInterpreter(rsrcmgr, device).process_page(page)
    content = PageContent(number, device.width, device.height)
    objects = list(_walk(device.layout or []))
    rulings, fills = _edges(objects, device.height)
    content.tables = _tables(rulings)
    for obj in objects:
        if isinstance(obj, LTImage):
            box = _to_top(device.height, (obj.x0, obj.y0, obj.x1, obj.y1))
            content.images.append((box[0], box[1], box[2], box[3]))
    for raw in device.raw:
        if not raw.text.strip():
            continue
        box = _to_top(device.height, raw.bbox)
        hidden = _hidden_reason(raw, box, (device.width, device.height), fills)
        name = raw.fontname.lower()
        content.glyphs.append(
            Glyph(
                text=raw.text,
                x0=box[0],
                x1=box[2],
                top=box[1],
                bottom=box[3],
                size=raw.size,
                bold=any(w in name for w in ("bold", "black", "heavy", "semibold")),
                hidden=hidden,
            )
        )
    return content


# --- from glyphs to lines -------------------------------------------------------------------


def _rows(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped into rows (same baseline, give or take), each sorted left to right."""
    rows: list[list[Glyph]] = []
    total = 0.0  # of the centres in the current row: its mean is the row's line
    for g in sorted(glyphs, key=lambda g: (g.centre, g.x0)):
        centre = g.centre
        tol = max(1.5, 0.35 * g.size)
        if rows and abs(centre - total / len(rows[-1])) <= tol:
            rows[-1].append(g)
            total += centre
        else:
            rows.append([g])
            total = centre
    return [sorted(r, key=lambda g: g.x0) for r in rows]


def _join(glyphs: list[Glyph]) -> str:
    out: list[str] = []
    prev: Glyph | None = None
    for g in glyphs:
        if prev is not None:
            gap = g.x0 - prev.x1
            if gap > 0.18 * max(g.size, prev.size):
                out.append("   " if gap > 2.5 * max(g.size, prev.size) else " ")
        out.append(g.text)
        prev = g
    return re.sub(r"[ \t]+$", "", "".join(out))


def _segments(row: list[Glyph], split_at: float | None) -> list[tuple[int, list[Glyph]]]:
    """A row cut where the hidden state changes and, on multi-column pages, at the gutter."""
    parts: list[tuple[int, list[Glyph]]] = []
    for g in row:
        column = 0 if split_at is None else (1 if g.x0 < split_at else 2)
        if parts and parts[-1][1][-1].hidden == g.hidden and parts[-1][0] == column:
            parts[-1][1].append(g)
        else:
            parts.append((column, [g]))
    return parts


def _gutter(rows: list[list[Glyph]], width: float) -> float | None:
    """The x where a second column starts, or None for a single-column page.

    A column starts where several text runs begin at the same x in the middle of the page and
    some rows have text only there. Dates set flush right begin at varying x, and always share
    their row with text on the left, so they do not count.
    """
    starts: Counter[int] = Counter()
    runs: list[tuple[list[tuple[float, float]], list[Glyph]]] = []
    for row in rows:
        visible = [g for g in row if not g.hidden]
        if not visible:
            continue
        spans: list[tuple[float, float]] = []
        for g in visible:
            if spans and g.x0 - spans[-1][1] <= 2.0 * g.size:
                spans[-1] = (spans[-1][0], max(spans[-1][1], g.x1))
            else:
                spans.append((g.x0, g.x1))
        runs.append((spans, visible))
        for x0, _ in spans:
            if 0.25 * width < x0 < 0.75 * width:
                starts[round(x0 / 4)] += 1
    for key, count in starts.most_common(3):
        if count < 4:
            break
        x = key * 4.0
        only_right = sum(1 for spans, _ in runs if abs(spans[0][0] - x) <= 6)
        left = sum(1 for spans, _ in runs if spans[0][1] < x - 6)
        crossing = sum(1 for spans, _ in runs if any(a < x - 6 < b - 6 for a, b in spans))
        if only_right >= 2 and left >= 3 and crossing <= max(2, len(runs) // 5):
            return x - 4
    return None


def _zone(glyphs: list[Glyph], page: PageContent, repeated: set[str], text: str) -> Zone:
    top = min(g.top for g in glyphs)
    bottom = max(g.bottom for g in glyphs)
    mid_x = statistics.fmean((g.x0 + g.x1) / 2 for g in glyphs)
    mid_y = (top + bottom) / 2
    for x0, t, x1, b in page.tables:
        if x0 <= mid_x <= x1 and t <= mid_y <= b:
            return Zone.TABLE
    key = re.sub(r"\d+", "#", text.strip().lower())
    if bottom < HEADER_SHARE * page.height or (key in repeated and mid_y < 0.12 * page.height):
        return Zone.HEADER
    if top > (1 - HEADER_SHARE) * page.height or (key in repeated and mid_y > 0.88 * page.height):
        return Zone.FOOTER
    return Zone.BODY


def _repeated_edges(pages: list[PageContent]) -> set[str]:
    """Texts (digits masked) that recur near the top or bottom of two or more pages."""
    seen: Counter[str] = Counter()
    for page in pages:
        keys = set()
        for row in _rows([g for g in page.glyphs if not g.hidden]):
            mid = statistics.fmean(g.centre for g in row)
            if mid < 0.12 * page.height or mid > 0.88 * page.height:
                keys.add(re.sub(r"\d+", "#", _join(row).strip().lower()))
        seen.update(keys)
    return {k for k, n in seen.items() if n >= 2 and k}


def lines_of(pages: list[PageContent]) -> tuple[list[Line], list[int], list[Image], list[int]]:
    """Lines in ATS order, multi-column page numbers, pictures and garbled line numbers."""
    lines: list[Line] = []
    multi: list[int] = []
    images: list[Image] = []
    garbled: list[int] = []
    repeated = _repeated_edges(pages) if len(pages) > 1 else set()
    for page in pages:
        rows = _rows(page.glyphs)
        body_rows = [
            [
                g
                for g in r
                if not any(t[0] <= g.x0 <= t[2] and t[1] <= g.top <= t[3] for t in page.tables)
            ]
            for r in rows
        ]
        gutter = _gutter([r for r in body_rows if r], page.width)
        if gutter is not None:
            multi.append(page.number)
        for row in rows:
            crosses = gutter is not None and any(
                g.x0 < gutter - 2 and g.x1 > gutter + 2 and not g.hidden for g in row
            )
            for column, glyphs in _segments(row, None if crosses else gutter):
                text = _join(glyphs)
                if not text.strip():
                    continue
                zone = _zone(glyphs, page, repeated, text)
                number = len(lines) + 1
                if _GARBLED.search(text):
                    garbled.append(number)
                lines.append(
                    Line(
                        number=number,
                        text=text,
                        page=page.number,
                        zone=zone,
                        column=column,
                        top=round(min(g.top for g in glyphs), 2),
                        x0=round(glyphs[0].x0, 2),
                        size=round(statistics.median(g.size for g in glyphs), 2),
                        bold=sum(g.bold for g in glyphs) * 2 > len(glyphs),
                        hidden=glyphs[0].hidden,
                    )
                )
        area = page.width * page.height or 1.0
        for x0, top, x1, bottom in page.images:
            above = [
                ln.number
                for ln in lines
                if ln.page == page.number and ln.top <= top and not ln.hidden
            ]
            images.append(
                Image(
                    page=page.number,
                    area=round(min(1.0, max(0.0, (x1 - x0) * (bottom - top) / area)), 3),
                    near_line=above[-1] if above else None,
                )
            )
    return lines, multi, images, garbled


def parse_pdf(data: bytes, *, max_pages: int) -> Extraction:
    """Read a PDF's text layer (in the worker process, under its limits)."""
    try:
        parser = PDFParser(io.BytesIO(data))
        document = PDFDocument(parser, password="")
    except PDFPasswordIncorrect as exc:
        raise ResumeEncryptedError(
            "the PDF is protected by a password, so an ATS cannot read it",
            fix="Export the resume again without a password (no encryption) and upload that.",
        ) from exc
    except PDFEncryptionError as exc:
        raise ResumeEncryptedError(
            f"the PDF is encrypted in a way that cannot be opened ({exc})",
            fix="Export the resume again without encryption and upload that.",
        ) from exc
    except (PSException, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ResumeUnreadableError(
            f"the file starts like a PDF but its structure is broken ({type(exc).__name__})",
            fix="Open it in a PDF viewer, export or print it to a new PDF, and upload that.",
        ) from exc
    notes = ["encrypted"] if document.encryption else []
    rsrcmgr = PDFResourceManager(caching=True)
    pages: list[PageContent] = []
    try:
        for index, page in enumerate(PDFPage.create_pages(document), start=1):
            if index > max_pages:
                raise ResumeTooLargeError(
                    f"the PDF has more than {max_pages} pages; a resume check takes at most "
                    f"{max_pages}",
                    fix="Upload the resume alone (one or two pages), without attachments.",
                )
            pages.append(_read_page(page, index, rsrcmgr))
    except (PSException, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise ResumeUnreadableError(
            f"the PDF's content cannot be read ({type(exc).__name__}: {str(exc)[:120]})",
            fix="Open it in a PDF viewer, export or print it to a new PDF, and upload that.",
        ) from exc
    if not pages:
        raise ResumeUnreadableError(
            "the PDF has no pages", fix="Export the resume to PDF again and upload that."
        )
    lines, multi, images, garbled = lines_of(pages)
    return Extraction(
        kind=Kind.PDF,
        pages=len(pages),
        lines=tuple(lines),
        images=tuple(images),
        multi_column_pages=tuple(multi),
        garbled=tuple(garbled),
        notes=tuple(notes),
    )
