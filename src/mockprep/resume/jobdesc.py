"""What a job description asks for: taxonomy keywords (with how often and how firmly each is
asked for), the job title, the degree and the years of experience."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from mockprep.errors import InputError
from mockprep.resume.roles import has_title_word
from mockprep.resume.taxonomy import Category, Taxonomy

MAX_JOB_CHARS = 50_000
DEGREE_LEVELS = {1: "bachelor's degree", 2: "master's degree", 3: "PhD"}
_DEGREE = (
    (3, re.compile(r"\bph\.?\s?d\b|\bdoctorate\b|\bdoctoral\b", re.IGNORECASE)),
    (2, re.compile(r"\bmaster'?s?\b|\bm\.?eng\b|\bmba\b", re.IGNORECASE)),
    (2, re.compile(r"\b(?:MS|M\.S\.|MSc|M\.Sc\.?)(?![\w.])")),
    (1, re.compile(r"\bbachelor'?s?\b|\bb\.?eng\b|\bundergraduate\b", re.IGNORECASE)),
    (1, re.compile(r"\b(?:BS|B\.S\.|BSc|B\.Sc\.?|BA|B\.A\.)(?![\w.])")),
)
_ANY_DEGREE = re.compile(r"\bdegree\b", re.IGNORECASE)
_YEARS = re.compile(
    r"(\d{1,2})\s*(?:\+|plus)?\s*(?:(?:-|–|to)\s*\d{1,2}\s*)?(?:\+\s*)?years?", re.IGNORECASE
)
_OPTIONAL = re.compile(
    r"nice[ -]to[ -]have|preferred|bonus|\bplus\b|desirable|ideally|optional|would be great",
    re.IGNORECASE,
)
_REQUIRED = re.compile(
    r"requirements|required|must|you have|you bring|qualifications|what you.ll need|essential",
    re.IGNORECASE,
)
_TITLE_LABEL = re.compile(r"^\s*(?:job\s+title|title|position|role)\s*[:\-–]\s*(.+)$", re.I | re.M)
_HIRING = re.compile(
    r"(?:hiring|looking for|seeking|join us as|as our|as an?)\s+(?:an?\s+)?((?:[A-Z][\w+/&\-]*\s*){1,6})"
)


@dataclass(frozen=True)
class JobKeyword:
    term: str
    name: str
    category: Category
    mentions: int
    required: bool
    weight: float


@dataclass(frozen=True)
class JobProfile:
    title: str
    keywords: tuple[JobKeyword, ...]
    degree: int
    """0 (none asked), 1 bachelor's, 2 master's, 3 PhD: the lowest level the job accepts."""
    years: int
    text: str

    @property
    def degree_name(self) -> str:
        return DEGREE_LEVELS.get(self.degree, "")


def _title(text: str) -> str:
    labelled = _TITLE_LABEL.search(text)
    if labelled:
        return labelled.group(1).strip(" .")[:120]
    for raw in text.splitlines()[:5]:
        # a title may open a paragraph: "Senior LLM Engineer. We are looking for ..."
        line = re.split(r"(?<=[.!?])\s+", raw.strip(" #*\t"), maxsplit=1)[0]
        if line and len(line.split()) <= 8 and has_title_word(line):
            return re.split(r"\s+[—–-]\s+|\s*\|\s*|\s*\(", line)[0].strip(" .")[:120]
    for m in _HIRING.finditer(text):
        candidate = m.group(1).strip()
        if has_title_word(candidate):
            words = candidate.split()
            while words and not has_title_word(words[-1]):
                words.pop()
            return " ".join(words)[:120]
    return ""


def degree_levels(text: str) -> list[int]:
    """Degree levels named in ``text`` (1 bachelor's, 2 master's, 3 PhD); [1] for "a degree"."""
    levels = sorted({level for level, pattern in _DEGREE if pattern.search(text)})
    return levels or ([1] if _ANY_DEGREE.search(text) else [])


def _degree(text: str) -> int:
    return min(degree_levels(text), default=0)


def _years(text: str) -> int:
    found = [
        int(m.group(1))
        for m in _YEARS.finditer(text)
        if "experience" in text[m.end() : m.end() + 60].lower()
        or "of" in text[m.end() : m.end() + 4].lower()
    ]
    return max((y for y in found if y <= 30), default=0)


def parse_job(text: str, taxonomy: Taxonomy) -> JobProfile:
    """The requirements a job description states."""
    text = text.replace("\x00", "")
    if len(text) > MAX_JOB_CHARS:
        raise InputError(
            f"the job description has {len(text)} characters; at most {MAX_JOB_CHARS} are read",
            fix="Paste only the job's description and requirements.",
        )
    mentions: Counter[str] = Counter()
    required: dict[str, bool] = {}
    optional_block = False
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        is_heading = len(stripped.split()) <= 6 and not stripped.startswith(("-", "*", "•"))
        if is_heading and _OPTIONAL.search(stripped):
            optional_block = True
        elif is_heading and _REQUIRED.search(stripped):
            optional_block = False
        optional_line = optional_block or bool(_OPTIONAL.search(stripped))
        for hit in taxonomy.find(stripped):
            mentions[hit.term] += 1
            required[hit.term] = required.get(hit.term, False) or not optional_line
    keywords = []
    for term, count in mentions.items():
        firm = required[term]
        weight = (2.0 if firm else 1.0) * (1.0 + 0.5 * (min(count, 4) - 1))
        keywords.append(
            JobKeyword(
                term=term,
                name=taxonomy.name(term),
                category=taxonomy.terms[term].category,
                mentions=count,
                required=firm,
                weight=weight,
            )
        )
    keywords.sort(key=lambda k: (-k.weight, k.name.lower()))
    return JobProfile(
        title=_title(text),
        keywords=tuple(keywords),
        degree=_degree(text),
        years=_years(text),
        text=text,
    )
