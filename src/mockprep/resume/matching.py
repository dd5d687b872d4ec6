"""The job's keywords against the resume: each found where (section and line) or missing.

A keyword counts when the resume's visible text names it, one of its aliases, or a narrower
term (the job's "vector search" is found in "Qdrant"). Hidden lines never count: they were
left out of the analysis before matching.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mockprep.resume.analysis import ResumeAnalysis
from mockprep.resume.jobdesc import DEGREE_LEVELS, JobProfile, degree_levels
from mockprep.resume.taxonomy import Taxonomy

_EXPAND = {
    "ml": "machine learning",
    "ai": "ai",
    "sr": "senior",
    "jr": "junior",
    "swe": "software engineer",
    "sde": "software engineer",
    "mle": "machine learning engineer",
    "nlp": "natural language processing",
    "eng": "engineer",
    "engineering": "engineer",
    "engineers": "engineer",
    "scientists": "scientist",
    "genai": "generative ai",
    "llm": "llm",
}
_FILLER = frozenset(
    [
        "senior",
        "junior",
        "staff",
        "principal",
        "lead",
        "head",
        "i",
        "ii",
        "iii",
        "iv",
        "the",
        "a",
        "an",
        "of",
        "and",
        "for",
        "in",
        "with",
        "at",
        "to",
        "-",
        "&",
        "/",
        "level",
    ]
)


@dataclass(frozen=True)
class Place:
    section: str
    line: int
    text: str
    matched: str


@dataclass(frozen=True)
class KeywordResult:
    term: str
    name: str
    category: str
    mentions: int
    required: bool
    weight: float
    found: bool
    where: tuple[Place, ...]


@dataclass(frozen=True)
class TitleResult:
    title: str
    found: bool
    where: Place | None


def title_tokens(text: str) -> set[str]:
    words: list[str] = []
    for raw in re.findall(r"[a-z0-9+#]+", text.lower()):
        words += _EXPAND.get(raw, raw).split()
    return {w for w in words if w not in _FILLER}


def match_title(job: JobProfile, analysis: ResumeAnalysis) -> TitleResult:
    if not job.title:
        return TitleResult("", True, None)
    wanted = title_tokens(job.title)
    if not wanted:
        return TitleResult(job.title, True, None)
    candidates = [
        ln
        for ln in analysis.order
        if analysis.section_of(ln.number) in ("top", "summary", "experience")
    ]
    for line in candidates:
        if wanted <= title_tokens(line.text):
            section = analysis.section_of(line.number)
            return TitleResult(job.title, True, Place(section, line.number, line.text, job.title))
    return TitleResult(job.title, False, None)


def _degree(job: JobProfile, analysis: ResumeAnalysis) -> KeywordResult:
    lines = [ln for ln in analysis.order if analysis.section_of(ln.number) == "education"]
    lines = lines or list(analysis.order)
    best: Place | None = None
    level = 0
    for line in lines:
        found = max(degree_levels(line.text), default=0)
        if found > level:
            level = found
            best = Place(
                analysis.section_of(line.number), line.number, line.text, DEGREE_LEVELS[found]
            )
    ok = level >= job.degree
    return KeywordResult(
        term="degree",
        name=f"{job.degree_name} or higher",
        category="degree",
        mentions=1,
        required=True,
        weight=2.0,
        found=ok,
        where=(best,) if ok and best else (),
    )


def _years(job: JobProfile, analysis: ResumeAnalysis) -> KeywordResult:
    ok = analysis.years >= job.years
    where: tuple[Place, ...] = ()
    if analysis.roles:
        first = analysis.roles[0]
        where = (
            Place(
                "experience",
                first.line,
                analysis.text_of(first.line),
                f"{analysis.years:g} years across {len(analysis.roles)} dated roles",
            ),
        )
    return KeywordResult(
        term="years",
        name=f"{job.years}+ years of experience",
        category="experience",
        mentions=1,
        required=True,
        weight=2.0,
        found=ok,
        where=where if ok else (),
    )


def match_keywords(
    job: JobProfile, analysis: ResumeAnalysis, taxonomy: Taxonomy
) -> list[KeywordResult]:
    """Every keyword of the job, with the resume lines that show it (best evidence first)."""
    places: dict[str, list[Place]] = {}
    for occ in analysis.occurrences:
        for credited in taxonomy.credits(occ.term):
            bucket = places.setdefault(credited, [])
            if not any(p.line == occ.line for p in bucket):
                bucket.append(Place(occ.section, occ.line, analysis.text_of(occ.line), occ.matched))
    results = []
    direct = {(o.term, o.line) for o in analysis.occurrences}
    for kw in job.keywords:
        where = tuple(
            sorted(places.get(kw.term, ()), key=lambda p: ((kw.term, p.line) not in direct, p.line))
        )
        results.append(
            KeywordResult(
                term=kw.term,
                name=kw.name,
                category=kw.category.value,
                mentions=kw.mentions,
                required=kw.required,
                weight=kw.weight,
                found=bool(where),
                where=where,
            )
        )
    if job.degree:
        results.append(_degree(job, analysis))
    if job.years:
        results.append(_years(job, analysis))
    return results
