"""Contact details from the top of a resume: name, email, phone, links, location."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mockprep.resume.document import Line
from mockprep.resume.roles import has_title_word

EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
PHONE = re.compile(r"(?<![\w/])\+?\(?\d[\d\s().\-]{6,}\d(?![\w/])")
LINK = re.compile(
    r"(?:https?://|www\.)[^\s|,;]+"
    r"|(?<![\w@.])(?:[a-z]{2,3}\.)?(?:linkedin\.com|github\.com|gitlab\.com|huggingface\.co"
    r"|kaggle\.com|scholar\.google\.com|medium\.com)/[^\s|,;]+",
    re.IGNORECASE,
)
_LOCATION = re.compile(r"^[A-Z][A-Za-z .'\-]+,\s*[A-Z][A-Za-z .'\-]+$")
_NAME_WORD = re.compile(r"^[A-Z][A-Za-z'’\-.]*$")
_PARTS = re.compile(r"\s*[|·•;]\s*|\s{3,}")


@dataclass(frozen=True)
class Found:
    value: str
    line: int


@dataclass(frozen=True)
class Contact:
    name: Found | None = None
    email: Found | None = None
    phone: Found | None = None
    links: tuple[Found, ...] = field(default_factory=tuple)
    location: Found | None = None


def _phone(text: str) -> str | None:
    for m in PHONE.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if 9 <= len(digits) <= 15 and not re.fullmatch(r"(19|20)\d{2}(19|20)\d{2}", digits):
            return m.group(0).strip()
    return None


def find_contact(lines: list[Line], top: set[int]) -> Contact:
    """Contact details anywhere (email, phone, links) and in the top block (name, location).

    Args:
        lines: the visible lines in reading order.
        top: numbers of the lines before the first section heading.
    """
    name = email = phone = location = None
    links: list[Found] = []
    for line in lines:
        text = line.text
        if email is None and (m := EMAIL.search(text)):
            email = Found(m.group(0), line.number)
        without_email = EMAIL.sub(" ", text)
        if phone is None and (p := _phone(LINK.sub(" ", without_email))):
            phone = Found(p, line.number)
        for m in LINK.finditer(without_email):
            links.append(Found(m.group(0).rstrip(".)"), line.number))
        if line.number not in top:
            continue
        if name is None and email is None and phone is None:
            words = text.strip().split()
            looks_like_name = 2 <= len(words) <= 4 and all(_NAME_WORD.match(w) for w in words)
            if looks_like_name and not has_title_word(text):
                name = Found(text.strip(), line.number)
        if location is None:
            for part in _PARTS.split(without_email):
                part = part.strip()
                if not part or PHONE.search(part) or LINK.search(part):
                    continue
                if (
                    _LOCATION.match(part) and len(part.split()) <= 5 and not has_title_word(part)
                ) or part.lower() in ("remote", "remote-first"):
                    location = Found(part, line.number)
                    break
    return Contact(name, email, phone, tuple(links), location)
