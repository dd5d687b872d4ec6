"""What a resume says, read from its extraction: sections, contact, roles, bullets, skills and
where each taxonomy term occurs. Hidden lines are never read here: they cannot count."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from mockprep.resume.contact import Contact, find_contact
from mockprep.resume.document import Extraction, Line
from mockprep.resume.roles import Bullet, Role, find_bullets, find_roles, years_of_experience
from mockprep.resume.sections import Heading, assign_sections, find_headings, reading_order
from mockprep.resume.taxonomy import Taxonomy

_SKILL_SPLIT = re.compile(r"\s*[,;|•·/]\s*|\s{3,}")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")


@dataclass(frozen=True)
class Occurrence:
    """A taxonomy term found on a visible line."""

    term: str
    line: int
    section: str
    matched: str


@dataclass(frozen=True)
class ResumeAnalysis:
    extraction: Extraction
    order: tuple[Line, ...]
    headings: tuple[Heading, ...]
    sections: dict[int, str]
    contact: Contact
    roles: tuple[Role, ...]
    undated: tuple[Line, ...]
    bullets: tuple[Bullet, ...]
    skills: tuple[str, ...]
    occurrences: tuple[Occurrence, ...]
    words: int
    years: float

    def section_of(self, line: int) -> str:
        return self.sections.get(line, "top")

    def present(self) -> set[str]:
        return {h.section for h in self.headings}

    def text_of(self, line: int) -> str:
        return self.extraction.line(line).text


def _skills(lines: list[Line], sections: dict[int, str], headings: set[int]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if sections.get(line.number) != "skills" or line.number in headings:
            continue
        text = line.text.split(":", 1)[1] if ":" in line.text[:30] else line.text
        for item in _SKILL_SPLIT.split(text):
            item = item.strip(" .-–•*")
            if item and len(item) <= 40 and item.lower() not in (s.lower() for s in out):
                out.append(item)
    return out


def analyse(extraction: Extraction, taxonomy: Taxonomy, *, today: date) -> ResumeAnalysis:
    order = reading_order(extraction)
    headings = find_headings(order)
    sections = assign_sections(order, headings)
    top = {n for n, s in sections.items() if s == "top"}
    contact = find_contact(order, top)
    roles, undated = find_roles(order, sections)
    heading_lines = {h.line for h in headings}
    role_lines = {n for r in roles for n in r.lines}
    bullets = find_bullets(order, sections, heading_lines | role_lines)
    occurrences = [
        Occurrence(hit.term, line.number, sections.get(line.number, "top"), hit.matched)
        for line in order
        for hit in taxonomy.find(_ZERO_WIDTH.sub("", line.text))
    ]
    return ResumeAnalysis(
        extraction=extraction,
        order=tuple(order),
        headings=tuple(headings),
        sections=sections,
        contact=contact,
        roles=tuple(roles),
        undated=tuple(undated),
        bullets=tuple(bullets),
        skills=tuple(_skills(order, sections, heading_lines)),
        occurrences=tuple(occurrences),
        words=sum(len(line.text.split()) for line in order),
        years=years_of_experience(roles, today),
    )
