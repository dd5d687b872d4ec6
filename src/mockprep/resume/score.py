"""The score, 0-100, as a pure function of a few facts; and fixes ranked by re-scoring.

Parts (with a job description; without one, the job parts drop out and the rest is rescaled):

=========================  ====  =====================================================
keywords                   45    found weight / asked weight (required and repeated
                                 keywords weigh more; degree and years count too)
title                      10    the job's title appears in the headline, summary or a role
sections and parseability  25    25 minus the points of each finding (columns, tables,
                                 missing headings, missing contact …)
impact                     20    half for bullets with measurable results, 30 % for
                                 strong openings, 20 % for not repeating opening verbs
=========================  ====  =====================================================

A fix is a change of these facts (a keyword found, a finding gone, a bullet with a number);
its gain is the score with the change applied minus the score without, so the ranking is the
score's own arithmetic, never a guess.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from mockprep.resume.findings import PARSE_POINTS

PARTS = {
    "keywords": ("Keywords by weight", 45.0),
    "title": ("Job title", 10.0),
    "structure": ("Sections and parseability", PARSE_POINTS),
    "impact": ("Impact of the bullets", 20.0),
}


@dataclass(frozen=True)
class KeywordFact:
    term: str
    weight: float
    found: bool


@dataclass(frozen=True)
class BulletFact:
    line: int
    metric: bool
    strong: bool


@dataclass(frozen=True)
class ScoreInputs:
    has_job: bool
    keywords: tuple[KeywordFact, ...] = ()
    title_asked: bool = False
    title_found: bool = False
    penalties: tuple[tuple[str, float], ...] = ()
    """(finding key, points) of each scored finding."""
    bullets: tuple[BulletFact, ...] = ()
    repeated_verbs: int = 0


@dataclass(frozen=True)
class Part:
    name: str
    label: str
    points: float
    max_points: float
    detail: str


@dataclass(frozen=True)
class Score:
    total: float
    parts: tuple[Part, ...]

    @property
    def value(self) -> int:
        return round(self.total)


def _fractions(s: ScoreInputs) -> dict[str, tuple[float | None, str]]:
    out: dict[str, tuple[float | None, str]] = {}
    if s.has_job and s.keywords:
        asked = sum(k.weight for k in s.keywords)
        got = sum(k.weight for k in s.keywords if k.found)
        found = sum(1 for k in s.keywords if k.found)
        out["keywords"] = (
            got / asked,
            f"{found} of {len(s.keywords)} keywords, {got:g} of {asked:g} weight",
        )
    else:
        out["keywords"] = (
            None,
            "no job description" if not s.has_job else "the job names no known skill",
        )
    if s.has_job and s.title_asked:
        out["title"] = (1.0 if s.title_found else 0.0, "found" if s.title_found else "not found")
    else:
        out["title"] = (None, "no job title to look for")
    lost = min(PARSE_POINTS, sum(p for _, p in s.penalties))
    out["structure"] = (
        (PARSE_POINTS - lost) / PARSE_POINTS,
        f"{len([p for p in s.penalties if p[1] > 0])} problems cost {lost:g} points",
    )
    if s.bullets:
        n = len(s.bullets)
        metric = sum(b.metric for b in s.bullets) / n
        strong = sum(b.strong for b in s.bullets) / n
        variety = max(0.0, 1.0 - s.repeated_verbs / 3)
        out["impact"] = (
            0.5 * metric + 0.3 * strong + 0.2 * variety,
            f"{metric:.0%} of {n} bullets with results, {strong:.0%} with strong openings",
        )
    else:
        out["impact"] = (0.0, "no bullet points found")
    return out


def compute_score(s: ScoreInputs) -> Score:
    fractions = _fractions(s)
    counted = sum(PARTS[name][1] for name, (f, _) in fractions.items() if f is not None)
    scale = 100.0 / counted
    parts = []
    total = 0.0
    for name, (label, max_points) in PARTS.items():
        fraction, detail = fractions[name]
        if fraction is None:
            parts.append(Part(name, label, 0.0, 0.0, detail))
            continue
        points = fraction * max_points * scale
        total += points
        parts.append(Part(name, label, round(points, 1), round(max_points * scale, 1), detail))
    return Score(round(total, 4), tuple(parts))


# --- fixes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A change the candidate could make, and what it does to the score's facts."""

    message: str
    about: str
    """The keyword or the line the fix is about."""
    line: int | None
    apply: Callable[[ScoreInputs], ScoreInputs]


@dataclass(frozen=True)
class RankedFix:
    message: str
    about: str
    line: int | None
    gain: float


def find_keyword(term: str) -> Callable[[ScoreInputs], ScoreInputs]:
    def apply(s: ScoreInputs) -> ScoreInputs:
        return replace(
            s, keywords=tuple(replace(k, found=True) if k.term == term else k for k in s.keywords)
        )

    return apply


def find_title(s: ScoreInputs) -> ScoreInputs:
    return replace(s, title_found=True)


def drop_penalty(key: str) -> Callable[[ScoreInputs], ScoreInputs]:
    def apply(s: ScoreInputs) -> ScoreInputs:
        return replace(s, penalties=tuple(p for p in s.penalties if p[0] != key))

    return apply


def improve_bullet(
    line: int, *, metric: bool = False, strong: bool = False
) -> Callable[[ScoreInputs], ScoreInputs]:
    def apply(s: ScoreInputs) -> ScoreInputs:
        bullets = tuple(
            replace(b, metric=b.metric or metric, strong=b.strong or strong)
            if b.line == line
            else b
            for b in s.bullets
        )
        return replace(s, bullets=bullets)

    return apply


def fewer_repeats(s: ScoreInputs) -> ScoreInputs:
    return replace(s, repeated_verbs=max(0, s.repeated_verbs - 1))


def rank_fixes(s: ScoreInputs, candidates: list[Candidate], limit: int = 5) -> list[RankedFix]:
    """The ``limit`` candidates that raise the score most, each re-scored with it applied."""
    base = compute_score(s).total
    scored = []
    for index, c in enumerate(candidates):
        gain = compute_score(c.apply(s)).total - base
        if gain > 0.05:
            scored.append((-round(gain, 4), index, c, gain))
    scored.sort(key=lambda t: (t[0], t[1]))
    return [
        RankedFix(c.message, c.about, c.line, round(gain, 1)) for _, _, c, gain in scored[:limit]
    ]
