"""Roles in the experience section: title, employer, dates; and the bullets under them.

Dates are ranges such as ``Jan 2021 – Present``, ``03/2019 - 12/2020`` or ``2018 – 2020``.
A line with a range anchors a role; its own words (or the line just before it) give the title
and the employer, told apart by title words (engineer, scientist, lead …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from mockprep.resume.document import Line

TITLE_WORDS = frozenset(
    [
        "engineer",
        "engineers",
        "developer",
        "scientist",
        "researcher",
        "analyst",
        "architect",
        "manager",
        "lead",
        "director",
        "head",
        "intern",
        "internship",
        "consultant",
        "specialist",
        "founder",
        "co-founder",
        "cofounder",
        "cto",
        "ceo",
        "vp",
        "principal",
        "staff",
        "fellow",
        "professor",
        "lecturer",
        "assistant",
        "associate",
        "designer",
        "administrator",
        "officer",
        "owner",
        "programmer",
        "technician",
        "coordinator",
        "advisor",
        "mle",
        "swe",
        "sde",
    ]
)
IMPACT_SECTIONS = frozenset({"experience", "projects", "volunteering", "other"})
_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
POINT = rf"(?:{MONTH}\s*'?\d{{4}}|\d{{1,2}}[/.]\d{{4}}|\d{{4}}[/.-]\d{{1,2}}|(?:19|20)\d{{2}})"
END = rf"(?:{POINT}|present|current|now|today|ongoing|date)"
RANGE = re.compile(
    rf"(?P<start>{POINT})\s*(?:-|–|—|to|until|till|through)\s*(?P<end>{END})", re.IGNORECASE
)
SINGLE_DATE = re.compile(rf"\b{POINT}\b", re.IGNORECASE)
BULLET_MARK = re.compile(r"^\s*(?:[•●▪■◦‣\-–—*·➢✓►▸→]|\d{1,2}[.)])\s+")
_SPLIT = re.compile(r"\s+(?:at|@)\s+|\s*[|·•]\s*|\s+[—–-]\s+|,\s+|\s{3,}")


@dataclass(frozen=True)
class Role:
    title: str
    employer: str
    start: str
    end: str
    current: bool
    line: int
    lines: tuple[int, ...]

    def interval(self, today: date) -> tuple[date, date] | None:
        start = parse_point(self.start)
        end = today if self.current else parse_point(self.end)
        if start is None or end is None or end < start:
            return None
        return start, end


@dataclass(frozen=True)
class Bullet:
    line: int
    text: str
    section: str


def parse_point(text: str) -> date | None:
    text = text.strip().lower().replace("'", "")
    m = re.match(r"([a-z]+)\.?\s*(\d{4})", text)
    if m and m.group(1)[:3] in _MONTHS:
        return date(int(m.group(2)), _MONTHS[m.group(1)[:3]], 1)
    m = re.match(r"(\d{1,2})[/.](\d{4})", text)
    if m and 1 <= int(m.group(1)) <= 12:
        return date(int(m.group(2)), int(m.group(1)), 1)
    m = re.match(r"(\d{4})[/.-](\d{1,2})", text)
    if m and 1 <= int(m.group(2)) <= 12:
        return date(int(m.group(1)), int(m.group(2)), 1)
    m = re.match(r"(\d{4})", text)
    return date(int(m.group(1)), 1, 1) if m else None


def has_title_word(text: str) -> bool:
    return bool(set(re.findall(r"[a-z\-]+", text.lower())) & TITLE_WORDS)


def strip_bullet(text: str) -> str:
    return BULLET_MARK.sub("", text, count=1).strip()


def is_bullet(line: Line) -> bool:
    return line.bullet or bool(BULLET_MARK.match(line.text))


def _title_and_employer(text: str) -> tuple[str, str]:
    parts = [p.strip(" ,.|-–—()") for p in _SPLIT.split(text) if p and p.strip(" ,.|-–—()")]
    title = next((p for p in parts if has_title_word(p)), "")
    others = [p for p in parts if p != title and not SINGLE_DATE.search(p)]
    return title, (others[0] if others else "")


def find_roles(lines: list[Line], sections: dict[int, str]) -> tuple[list[Role], list[Line]]:
    """Roles with dates in the experience section, and role-like lines that have no dates."""
    exp = [ln for ln in lines if sections.get(ln.number) == "experience" and not is_bullet(ln)]
    used: set[int] = set()
    roles: list[Role] = []
    for i, line in enumerate(exp):
        found = RANGE.search(line.text)
        if not found:
            continue
        rest = (line.text[: found.start()] + "   " + line.text[found.end() :]).strip()
        title, employer = _title_and_employer(rest)
        numbers = [line.number]
        neighbours = [exp[j] for j in (i - 1, i + 1) if 0 <= j < len(exp)]
        for other in neighbours:
            if (title and employer) or other.number in used or RANGE.search(other.text):
                continue
            if len(other.text.split()) > 8:
                continue
            t2, e2 = _title_and_employer(other.text)
            if not title and t2:
                title, numbers = t2, [*numbers, other.number]
                employer = employer or e2
            elif not employer and (e2 or other.text.strip()) and not t2:
                employer, numbers = (e2 or other.text.strip()), [*numbers, other.number]
        used.update(numbers)
        end = found.group("end")
        roles.append(
            Role(
                title=title,
                employer=employer,
                start=found.group("start"),
                end=end,
                current=end.lower() in ("present", "current", "now", "today", "ongoing", "date"),
                line=line.number,
                lines=tuple(sorted(numbers)),
            )
        )
    undated = [
        ln
        for ln in exp
        if ln.number not in used
        and has_title_word(ln.text)
        and len(ln.text.split()) <= 10
        and not SINGLE_DATE.search(ln.text)
    ]
    return roles, undated


def find_bullets(lines: list[Line], sections: dict[int, str], skip: set[int]) -> list[Bullet]:
    """Bullet points (and sentence lines) under experience, projects and the like."""
    bullets: list[Bullet] = []
    for line in lines:
        section = sections.get(line.number, "top")
        if section not in IMPACT_SECTIONS or line.number in skip:
            continue
        text = strip_bullet(line.text)
        if not text:
            continue
        if is_bullet(line):
            bullets.append(Bullet(line.number, text, section))
        elif bullets and text[:1].islower() and bullets[-1].section == section:
            prev = bullets[-1]
            bullets[-1] = Bullet(prev.line, f"{prev.text} {text}", section)
        elif len(text.split()) >= 5 and not RANGE.search(text):
            bullets.append(Bullet(line.number, text, section))
    return bullets


def years_of_experience(roles: list[Role], today: date) -> float:
    """Years covered by the roles' date ranges, overlaps counted once."""
    spans = sorted(s for r in roles if (s := r.interval(today)) is not None)
    total = 0
    current: tuple[date, date] | None = None
    for start, end in spans:
        if current and start <= current[1]:
            current = (current[0], max(current[1], end))
            continue
        if current:
            total += (current[1] - current[0]).days
        current = (start, end)
    if current:
        total += (current[1] - current[0]).days
    return round(total / 365.25, 1)
