"""Sections: which lines are headings, what each heading means, and which section a line is in.

Headings are recognised by their words (a table of synonyms per section) and by their look
(bold, larger, all capitals, a heading style, a trailing colon, short). A heading that looks
like one but names no section an ATS knows is kept as ``other`` and reported as unusual.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from mockprep.resume.document import Extraction, Line, Zone
from mockprep.resume.roles import TITLE_WORDS

SYNONYMS: dict[str, tuple[str, ...]] = {
    "summary": (
        "summary",
        "professional summary",
        "profile",
        "professional profile",
        "about",
        "about me",
        "objective",
        "career objective",
        "overview",
        "career summary",
        "personal statement",
        "introduction",
        "executive summary",
    ),
    "experience": (
        "experience",
        "work experience",
        "professional experience",
        "employment",
        "employment history",
        "work history",
        "career history",
        "relevant experience",
        "industry experience",
        "professional background",
        "positions",
    ),
    "education": (
        "education",
        "academic background",
        "education and training",
        "academics",
        "academic qualifications",
        "qualifications",
        "degrees",
        "education & training",
    ),
    "skills": (
        "skills",
        "technical skills",
        "core skills",
        "key skills",
        "core competencies",
        "competencies",
        "technologies",
        "tech stack",
        "expertise",
        "areas of expertise",
        "tools",
        "skills and tools",
        "tools and technologies",
        "skills & tools",
        "toolkit",
    ),
    "projects": (
        "projects",
        "personal projects",
        "selected projects",
        "side projects",
        "key projects",
        "open source",
        "open-source",
        "portfolio",
        "open source projects",
    ),
    "certifications": (
        "certifications",
        "certificates",
        "licenses",
        "licenses and certifications",
        "licenses & certifications",
        "courses",
        "certifications and courses",
        "training",
    ),
    "publications": (
        "publications",
        "papers",
        "research",
        "talks",
        "publications and talks",
        "patents",
        "selected publications",
        "research and publications",
    ),
    "awards": ("awards", "honors", "honours", "achievements", "awards and honors"),
    "languages": ("languages", "spoken languages"),
    "volunteering": (
        "volunteering",
        "volunteer experience",
        "community",
        "leadership and activities",
    ),
    "interests": ("interests", "hobbies", "activities"),
}
SECTION_LABELS = {
    "top": "top of the resume",
    "other": "an unnamed section",
    **{k: k for k in SYNONYMS},
}
LOOKUP = {s: name for name, words in SYNONYMS.items() for s in words}
_CLEAN = re.compile(r"[^a-z&\- ]+")
_DATE_LIKE = re.compile(r"\b(19|20)\d{2}\b")


def heading_key(text: str) -> str:
    return re.sub(r"\s+", " ", _CLEAN.sub(" ", text.lower())).strip()


@dataclass(frozen=True)
class Heading:
    line: int
    text: str
    section: str
    """The canonical section (``experience`` …) or ``other`` for an unknown heading."""


def _looks_like_heading(line: Line, body_size: float) -> bool:
    text = line.text.strip().rstrip(":").strip()
    words = text.split()
    if not words or len(words) > 5 or len(text) > 48:
        return False
    if _DATE_LIKE.search(text) or "@" in text or text.endswith((".", ",", ";")):
        return False
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    if set(text.lower().replace(",", " ").split()) & TITLE_WORDS:
        return False  # a job title set in bold, not a heading
    styled = (
        line.style.lower().startswith(("heading", "h1", "h2", "h3"))
        or (body_size and line.size >= body_size + 1.5)
        or (all(c.isupper() for c in letters) and len(letters) >= 4)
    )
    return bool(styled)


def reading_order(extraction: Extraction) -> list[Line]:
    """Visible lines in the order a person reads them: each column top to bottom."""
    out: list[Line] = []
    for page in sorted({ln.page for ln in extraction.lines}):
        lines = [ln for ln in extraction.lines if ln.page == page and not ln.hidden]
        if page not in extraction.multi_column_pages:
            out += lines
            continue
        in_columns = [ln.top for ln in lines if ln.column]
        first = min(in_columns) if in_columns else 0.0
        above = [ln for ln in lines if not ln.column and ln.top < first]
        below = [ln for ln in lines if not ln.column and ln.top >= first]
        columns = sorted(
            (ln for ln in lines if ln.column), key=lambda ln: (ln.column, ln.top, ln.x0)
        )
        out += above + columns + below
    return out


def find_headings(lines: list[Line]) -> list[Heading]:
    sizes = [ln.size for ln in lines if ln.size]
    body = statistics.median(sizes) if sizes else 0.0
    found: list[Heading] = []
    for index, line in enumerate(lines):
        if line.zone in (Zone.HEADER, Zone.FOOTER):
            continue
        known = LOOKUP.get(heading_key(line.text))
        if known and len(line.text.split()) <= 5:
            found.append(Heading(line.number, line.text.strip(), known))
        elif not line.bullet and (found or index >= 3) and _looks_like_heading(line, body):
            found.append(Heading(line.number, line.text.strip(), "other"))
    return found


def assign_sections(lines: list[Line], headings: list[Heading]) -> dict[int, str]:
    """Line number -> the section it belongs to (``top`` before the first heading)."""
    by_line = {h.line: h.section for h in headings}
    current = "top"
    out: dict[int, str] = {}
    for line in lines:
        current = by_line.get(line.number, current)
        out[line.number] = current
    return out
