"""The whole check: sniff, parse in the sandbox, analyse, match the job, find, score, link.

``check_resume`` is what the CLI and the web app call; ``build_report`` is the pure part after
parsing (tests and the benchmark call it on an extraction directly).
"""

from __future__ import annotations

import hashlib
from datetime import date

from mockprep.bank.catalog import Catalog
from mockprep.resume.analysis import ResumeAnalysis, analyse
from mockprep.resume.document import Extraction, Kind
from mockprep.resume.findings import (
    Finding,
    content_findings,
    hidden_findings,
    impact_findings,
    layout_findings,
    quote,
    sort_findings,
)
from mockprep.resume.impact import ImpactSummary, assess_bullets
from mockprep.resume.jobdesc import JobProfile, parse_job
from mockprep.resume.link import Practice, StoryRef, practice_for
from mockprep.resume.matching import KeywordResult, TitleResult, match_keywords, match_title
from mockprep.resume.report import (
    AtsReport,
    ContactOut,
    FileOut,
    FindingOut,
    FixOut,
    JobOut,
    KeywordOut,
    LineOut,
    PartOut,
    PlaceOut,
    PracticeOut,
    RoleOut,
)
from mockprep.resume.sandbox import DEFAULT_LIMITS, Limits, parse_isolated
from mockprep.resume.score import (
    BulletFact,
    Candidate,
    KeywordFact,
    ScoreInputs,
    compute_score,
    drop_penalty,
    fewer_repeats,
    find_keyword,
    find_title,
    improve_bullet,
    rank_fixes,
)
from mockprep.resume.sniff import sniff
from mockprep.resume.taxonomy import Taxonomy, load_taxonomy


def extract(
    data: bytes, file_name: str, *, limits: Limits = DEFAULT_LIMITS, warm: bool = False
) -> Extraction:
    """Exactly what an ATS would read from the file (parsed in a limited process)."""
    return parse_isolated(data, sniff(data, file_name), limits=limits, warm=warm)


def _inputs(
    job: JobProfile | None,
    keywords: list[KeywordResult],
    title: TitleResult | None,
    findings: list[Finding],
    impact: ImpactSummary,
) -> ScoreInputs:
    return ScoreInputs(
        has_job=job is not None,
        keywords=tuple(KeywordFact(k.term, k.weight, k.found) for k in keywords),
        title_asked=bool(title and title.title),
        title_found=bool(title and title.found),
        penalties=tuple((f.key, f.penalty) for f in findings if f.penalty > 0),
        bullets=tuple(BulletFact(b.line, bool(b.metric), b.strong) for b in impact.bullets),
        repeated_verbs=len(impact.repeated),
    )


def _skills_line(a: ResumeAnalysis) -> int | None:
    heading = next((h.line for h in a.headings if h.section == "skills"), None)
    lines = [
        ln.number for ln in a.order if a.section_of(ln.number) == "skills" and ln.number != heading
    ]
    return lines[0] if lines else heading


def _headline_line(a: ResumeAnalysis) -> int | None:
    name = a.contact.name.line if a.contact.name else None
    summary = [ln.number for ln in a.order if a.section_of(ln.number) == "summary"]
    top = [ln.number for ln in a.order if a.section_of(ln.number) == "top" and ln.number != name]
    found = top[:1] or summary[1:2] or summary[:1]
    return found[0] if found else None


def _candidates(
    a: ResumeAnalysis,
    keywords: list[KeywordResult],
    title: TitleResult | None,
    findings: list[Finding],
    impact: ImpactSummary,
    practice: dict[str, list[Practice]],
) -> list[Candidate]:
    out: list[Candidate] = []
    skills = _skills_line(a)
    where_skills = (
        f"your skills (line {skills} {quote(a.text_of(skills), 40)})"
        if skills
        else "a Skills section"
    )
    for k in keywords:
        if k.found or k.term == "years":
            continue
        if k.term == "degree":
            out.append(
                Candidate(
                    f"If you hold a {k.name.removesuffix(' or higher')}, state it under Education "
                    "in words an ATS knows (“Master of Science in …”).",
                    k.name,
                    None,
                    find_keyword(k.term),
                )
            )
            continue
        asked = f"the job names it {k.mentions}×" + ("" if k.required else ", as nice to have")
        proof = practice.get(k.term, [])
        hint = ""
        if proof:
            first = proof[0]
            hint = (
                f" Your story “{first.title}” already shows it."
                if first.kind == "story"
                else f" Be ready to prove it: practise `{first.ref}`."
            )
        out.append(
            Candidate(
                f"Add “{k.name}” to {where_skills} and to the bullet where you used it, if you "
                f"can back it up ({asked}).{hint}",
                k.name,
                skills,
                find_keyword(k.term),
            )
        )
    if title and not title.found and title.title:
        head = _headline_line(a)
        place = (
            f"your headline (line {head} {quote(a.text_of(head), 40)})"
            if head
            else "a headline under your name"
        )
        out.append(
            Candidate(
                f"Put the job's title “{title.title}” in {place}, if it describes what you do.",
                title.title,
                head,
                find_title,
            )
        )
    for f in findings:
        if f.penalty > 0:
            out.append(Candidate(f.message, f.where, f.line, drop_penalty(f.key)))
    for b in impact.bullets:
        if not b.metric:
            out.append(
                Candidate(
                    f"Line {b.line} {quote(b.text)}: add the result in numbers (how much, how "
                    "many, how fast).",
                    f"line {b.line}",
                    b.line,
                    improve_bullet(b.line, metric=True),
                )
            )
        if not b.strong:
            opening = b.weak_opening or b.verb or "its first word"
            out.append(
                Candidate(
                    f"Line {b.line} {quote(b.text)}: open with an action verb for what you did "
                    f"instead of “{opening}”.",
                    f"line {b.line}",
                    b.line,
                    improve_bullet(b.line, strong=True),
                )
            )
    for verb, lines in impact.repeated.items():
        out.append(
            Candidate(
                f"“{verb.capitalize()}” opens the bullets on lines {', '.join(map(str, lines))}: "
                "vary the verbs.",
                verb,
                lines[0],
                fewer_repeats,
            )
        )
    return out


def build_report(
    extraction: Extraction,
    *,
    file_name: str,
    sha256: str,
    job_text: str | None = None,
    catalog: Catalog | None = None,
    stories: list[StoryRef] | None = None,
    today: date | None = None,
    taxonomy: Taxonomy | None = None,
) -> AtsReport:
    """The report for an extraction: pure, so the same inputs always give the same report."""
    tx = taxonomy or load_taxonomy()
    a = analyse(extraction, tx, today=today or date.today())
    impact = assess_bullets(a.bullets)
    job = parse_job(job_text, tx) if job_text and job_text.strip() else None
    keywords = match_keywords(job, a, tx) if job else []
    title = match_title(job, a) if job else None
    contact_lines = {f.line for f in (a.contact.email, a.contact.phone) if f is not None}
    findings = sort_findings(
        layout_findings(extraction, contact_lines)
        + hidden_findings(extraction)
        + content_findings(a, file_name)
        + impact_findings(a, impact)
    )
    inputs = _inputs(job, keywords, title, findings, impact)
    score = compute_score(inputs)
    missing = [k.term for k in keywords if not k.found]
    practice = practice_for(missing, tx, catalog=catalog, stories=stories)
    fixes = rank_fixes(inputs, _candidates(a, keywords, title, findings, impact, practice))
    words = a.words
    return AtsReport(
        score=score.value,
        breakdown=[
            PartOut(name=p.name, label=p.label, points=p.points, max=p.max_points, detail=p.detail)
            for p in score.parts
        ],
        keywords=[
            KeywordOut(
                term=k.term,
                name=k.name,
                category=k.category,
                found=k.found,
                where=[
                    PlaceOut(section=p.section, line=p.line, text=p.text, matched=p.matched)
                    for p in k.where
                ],
                mentions=k.mentions,
                required=k.required,
                weight=k.weight,
                practice=[
                    PracticeOut(kind=p.kind, ref=p.ref, title=p.title)
                    for p in practice.get(k.term, [])
                ],
            )
            for k in keywords
        ],
        findings=[
            FindingOut(
                kind=f.kind,
                severity=f.severity,
                where=f.where,
                message=f.message,
                line=f.line,
                page=f.page,
                points=f.penalty,
            )
            for f in findings
        ],
        fixes=[
            FixOut(rank=i, gain=fx.gain, about=fx.about, line=fx.line, message=fx.message)
            for i, fx in enumerate(fixes, start=1)
        ],
        file=FileOut(
            name=file_name,
            kind=extraction.kind.value,
            sha256=sha256,
            pages=extraction.pages,
            pages_estimated=extraction.pages_estimated,
            words=words,
            lines=len(extraction.lines),
        ),
        job=JobOut(
            title=job.title, degree=job.degree_name, years=job.years, keywords=len(job.keywords)
        )
        if job
        else None,
        title_match=PlaceOut(
            section=title.where.section,
            line=title.where.line,
            text=title.where.text,
            matched=title.where.matched,
        )
        if title and title.where
        else None,
        contact=ContactOut(
            name=a.contact.name.value if a.contact.name else None,
            email=a.contact.email.value if a.contact.email else None,
            phone=a.contact.phone.value if a.contact.phone else None,
            location=a.contact.location.value if a.contact.location else None,
            links=[link.value for link in a.contact.links],
        ),
        sections=[h.section for h in a.headings],
        roles=[
            RoleOut(title=r.title, employer=r.employer, start=r.start, end=r.end, line=r.line)
            for r in a.roles
        ],
        skills=list(a.skills),
        impact={
            "bullets": len(impact.bullets),
            "with_metrics": impact.with_metrics,
            "strong_openings": impact.strong,
            "weak_openings": len(impact.weak),
            "repeated_verbs": len(impact.repeated),
        },
        text=[
            LineOut(
                number=ln.number,
                text=ln.text,
                page=ln.page,
                zone=ln.zone.value,
                column=ln.column,
                section=a.section_of(ln.number) if not ln.hidden else "hidden",
                hidden=ln.hidden,
            )
            for ln in extraction.lines
        ],
    )


def read_job(data: bytes, file_name: str, *, limits: Limits = DEFAULT_LIMITS) -> str:
    """A job description's text from a file: text as is, PDF and DOCX through the sandbox."""
    kind = sniff(data, file_name)
    if kind in (Kind.TEXT, Kind.MARKDOWN):
        return data.decode("utf-8-sig")
    extraction = parse_isolated(data, kind, limits=limits)
    return "\n".join(line.text for line in extraction.visible)


def check_resume(
    data: bytes,
    file_name: str,
    job_text: str | None = None,
    *,
    catalog: Catalog | None = None,
    stories: list[StoryRef] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    warm: bool = False,
    today: date | None = None,
) -> AtsReport:
    """Check a resume file against an optional job description."""
    extraction = extract(data, file_name, limits=limits, warm=warm)
    return build_report(
        extraction,
        file_name=file_name,
        sha256=hashlib.sha256(data).hexdigest(),
        job_text=job_text,
        catalog=catalog,
        stories=stories,
        today=today,
    )
