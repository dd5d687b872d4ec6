"""Every problem an ATS (or a recruiter behind it) would have with the file, each with where it
happens and, for the parseability part of the score, how many points it costs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from mockprep.resume.analysis import ResumeAnalysis
from mockprep.resume.document import Extraction, Kind, Line, Zone
from mockprep.resume.impact import ImpactSummary
from mockprep.resume.sniff import name_mismatch

GARBLED = re.compile(r"\(cid:\d+\)|[\ufffd\ue000-\uf8ff\u200b-\u200d\u2060]")
INSTRUCTIONS = re.compile(
    r"ignore (?:all |any )?(?:previous|prior|above)|disregard|rate (?:this|the) candidate|"
    r"you are an?|as an ai|system prompt|hire (?:this|me)|top candidate|highly qualified",
    re.IGNORECASE,
)
_GENERIC_NAME = re.compile(
    r"^(?:my[-_ ]?)?(?:resume|résumé|cv|curriculum[-_ ]?vitae|document|untitled|new|file|"
    r"download|scan|final|draft|copy|template)(?:[-_ ()]*(?:final|new|draft|copy|v?\d+))*$",
    re.IGNORECASE,
)
PAGE_LIMIT = 2
WORDS_MIN = 200
WORDS_MAX = 1000
PARSE_POINTS = 25.0
SEVERITIES = ("high", "medium", "low", "info")


@dataclass(frozen=True)
class Finding:
    kind: str
    severity: str
    where: str
    message: str
    line: int | None = None
    page: int | None = None
    penalty: float = 0.0
    """Points of the sections-and-parseability part this costs (0: not scored here)."""

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.line or self.page or self.where}"


def quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"“{text[: limit - 1]}…”" if len(text) > limit else f"“{text}”"


def where(line: Line, kind: Kind) -> str:
    zone = "" if line.zone == Zone.BODY else f", {line.zone.value}"
    if kind == Kind.PDF:
        return f"page {line.page}, line {line.number}{zone}"
    return f"line {line.number}{zone}"


def _runs(numbers: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return runs


def layout_findings(ex: Extraction, contact_lines: set[int]) -> list[Finding]:
    out: list[Finding] = []
    pages_with_text = {ln.page for ln in ex.visible}
    if ex.kind == Kind.PDF:
        empty = [p for p in range(1, ex.pages + 1) if p not in pages_with_text]
        if empty:
            scanned = (
                "every page" if len(empty) == ex.pages else "page " + ", ".join(map(str, empty))
            )
            out.append(
                Finding(
                    "no_text_layer",
                    "high",
                    scanned,
                    f"{scanned.capitalize()} has no text layer: it is an image (a scan or a "
                    "photo), so an ATS extracts nothing from it and mockprep does not guess "
                    "what it says. Export the resume from your editor as a text PDF.",
                    page=empty[0],
                    penalty=PARSE_POINTS if len(empty) == ex.pages else 10.0,
                )
            )
    for page in ex.multi_column_pages:
        lines = [ln for ln in ex.visible if ln.page == page and ln.column]
        left = next((ln for ln in lines if ln.column == 1), None)
        right = next((ln for ln in lines if ln.column == 2), None)
        example = ""
        if left and right:
            first, second = sorted((left, right), key=lambda ln: ln.number)
            example = (
                f" Read across the page, line {first.number} {quote(first.text, 40)} runs into "
                f"line {second.number} {quote(second.text, 40)} from the other column."
            )
        out.append(
            Finding(
                "multi_column",
                "medium",
                f"page {page}",
                f"Page {page} is set in columns: an ATS that reads across the page interleaves "
                f"them.{example} Use one column.",
                line=first.number if left and right else None,
                page=page,
                penalty=5.0,
            )
        )
    for zone, kind, label, penalty in (
        (Zone.TABLE, "table", "a table", 3.0),
        (Zone.TEXTBOX, "text_box", "a text box", 4.0),
    ):
        numbers = [ln.number for ln in ex.visible if ln.zone == zone]
        for run in _runs(numbers):
            first = ex.line(run[0])
            out.append(
                Finding(
                    kind,
                    "medium",
                    where(first, ex.kind) + (f"–{run[-1]}" if len(run) > 1 else ""),
                    f"Lines {run[0]}–{run[-1]} ({quote(first.text, 40)} …) sit in {label}; many "
                    "ATS read tables and text boxes out of order or skip them. Write them as "
                    "plain lines."
                    if len(run) > 1
                    else f"Line {run[0]} {quote(first.text, 40)} sits in {label}; many ATS skip "
                    "those. Write it as a plain line.",
                    line=run[0],
                    page=first.page,
                    penalty=penalty,
                )
            )
    for line in ex.visible:
        if line.zone not in (Zone.HEADER, Zone.FOOTER):
            continue
        has_contact = line.number in contact_lines
        out.append(
            Finding(
                "header_footer",
                "medium" if has_contact else "low",
                where(line, ex.kind),
                f"Line {line.number} {quote(line.text)} is in the page {line.zone.value}; many "
                f"ATS skip headers and footers"
                + (", and this one holds your contact details" if has_contact else "")
                + ". Move it into the body of the page.",
                line=line.number,
                page=line.page,
                penalty=4.0 if has_contact else 1.0,
            )
        )
    garbled = sorted({ln.number for ln in ex.visible if GARBLED.search(ln.text)} | set(ex.garbled))
    for number in garbled[:5]:
        line = ex.line(number)
        if line.hidden:
            continue
        out.append(
            Finding(
                "garbled",
                "high",
                where(line, ex.kind),
                f"Line {number} {quote(line.text)} holds characters with no readable meaning "
                "(a font without a Unicode map, or invisible joiners); an ATS sees garbage "
                "there. Export again with standard, embedded fonts.",
                line=number,
                page=line.page,
                penalty=6.0 if number == garbled[0] else 1.0,
            )
        )
    for index, image in enumerate(ex.images):
        if ex.kind == Kind.PDF and image.area < 0.02:
            continue
        near = f" below line {image.near_line}" if image.near_line else ""
        share = f" covering {image.area:.0%} of page {image.page}" if image.area else ""
        out.append(
            Finding(
                "image_text",
                "low" if image.page in pages_with_text else "high",
                f"page {image.page}" + near if ex.kind == Kind.PDF else "picture",
                f"A picture{share}{near} can hold words (a logo, a skills chart, a scanned "
                "part) that no ATS reads. Put anything that matters in text.",
                line=image.near_line,
                page=image.page,
                penalty=2.0 if index == 0 else 0.5,
            )
        )
    if "encrypted" in ex.notes:
        out.append(
            Finding(
                "encrypted",
                "medium",
                "whole file",
                "The PDF is encrypted (with permissions, no password to open it); some ATS "
                "refuse such files. Export it again without security settings.",
                penalty=3.0,
            )
        )
    return out


def hidden_findings(ex: Extraction) -> list[Finding]:
    out = []
    for line in ex.lines:
        if not line.hidden:
            continue
        aimed = bool(INSTRUCTIONS.search(line.text))
        out.append(
            Finding(
                "hidden_text",
                "high",
                where(line, ex.kind),
                f"Line {line.number} is {line.hidden}: {quote(line.text)}. A reader cannot see "
                "it, but an ATS extracts it"
                + (
                    ", and it gives instructions to AI screeners (prompt injection)"
                    if aimed
                    else ""
                )
                + ". Recruiters and screening tools treat this as cheating; mockprep does not "
                "count it. Delete it.",
                line=line.number,
                page=line.page,
            )
        )
    return out


def _thinnest_role(a: ResumeAnalysis) -> tuple[int, int] | None:
    """(line, bullets) of the role with the fewest bullets under it."""
    if not a.roles:
        return None
    order = [ln.number for ln in a.order]
    starts = [order.index(r.line) for r in a.roles if r.line in order]
    bullet_at = {order.index(b.line) for b in a.bullets if b.line in order}
    counts = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(order)
        counts.append((sum(1 for j in bullet_at if start < j < end), order[start]))
    fewest = min(counts)
    return fewest[1], fewest[0]


def content_findings(a: ResumeAnalysis, file_name: str) -> list[Finding]:
    ex = a.extraction
    out: list[Finding] = []
    present = a.present()
    for section, severity, penalty in (
        ("experience", "high", 6.0),
        ("education", "medium", 3.0),
        ("skills", "medium", 3.0),
    ):
        if section not in present and ex.visible:
            out.append(
                Finding(
                    "missing_section",
                    severity,
                    "headings",
                    f"No {section.capitalize()} heading was found (headings seen: "
                    + (", ".join(quote(h.text, 30) for h in a.headings) or "none")
                    + f"). An ATS files your lines under headings; add one named "
                    f"“{section.capitalize()}”.",
                    penalty=penalty,
                )
            )
    for heading in a.headings:
        if heading.section == "other":
            line = ex.line(heading.line)
            out.append(
                Finding(
                    "unusual_section",
                    "low",
                    where(line, ex.kind),
                    f"The heading {quote(heading.text)} (line {heading.line}) is not one an ATS "
                    "knows, so what follows may be filed nowhere. Use a standard name: "
                    "Summary, Experience, Education, Skills, Projects, Certifications or "
                    "Publications.",
                    line=heading.line,
                    page=line.page,
                    penalty=2.0,
                )
            )
    if ex.visible and a.contact.email is None:
        out.append(
            Finding(
                "missing_contact",
                "high",
                "top of the resume",
                "No email address was found in the text"
                + (" (only in a picture or header?)" if ex.images else "")
                + ". Put it as plain text under your name.",
                penalty=4.0,
            )
        )
    if ex.visible and a.contact.phone is None:
        out.append(
            Finding(
                "missing_contact",
                "low",
                "top of the resume",
                "No phone number was found. Put it as plain text under your name, with the "
                "country code.",
                penalty=2.0,
            )
        )
    for index, line in enumerate(a.undated):
        out.append(
            Finding(
                "missing_dates",
                "medium",
                where(line, ex.kind),
                f"The role {quote(line.text)} (line {line.number}) has no dates; an ATS computes "
                "your years of experience from them. Add “Mon YYYY – Mon YYYY” on that line.",
                line=line.number,
                page=line.page,
                penalty=2.0 if index < 3 else 0.0,
            )
        )
    pages = ex.pages
    about = "about " if ex.pages_estimated else ""
    if ex.visible and pages > PAGE_LIMIT:
        out.append(
            Finding(
                "length",
                "medium",
                "whole file",
                f"The resume runs to {about}{pages} pages; screeners expect one or two. Cut the "
                "oldest roles and the bullets without results.",
                penalty=3.0,
            )
        )
    if ex.visible and a.words > WORDS_MAX:
        out.append(
            Finding(
                "length",
                "low",
                "whole file",
                f"{a.words} words is long for a resume (aim for 400–800). Shorten the bullets "
                "that show no result.",
                penalty=2.0,
            )
        )
    elif ex.visible and a.words < WORDS_MIN:
        thin = _thinnest_role(a)
        detail = (
            f" The role on line {thin[0]} {quote(a.text_of(thin[0]), 40)} has {thin[1]} "
            f"bullet{'' if thin[1] == 1 else 's'}: give it three to five."
            if thin
            else " Describe each role with three to five bullets."
        )
        out.append(
            Finding(
                "length",
                "medium",
                f"line {thin[0]}" if thin else "whole file",
                f"Only {a.words} words could be read: too few for an ATS to match much.{detail}",
                line=thin[0] if thin else None,
                penalty=3.0,
            )
        )
    stem = PurePath(file_name).stem
    if _GENERIC_NAME.match(stem.strip()) or " " in file_name or len(stem) > 60:
        person = a.contact.name.value.replace(" ", "-") if a.contact.name else "Firstname-Lastname"
        suffix = PurePath(file_name).suffix or f".{ex.kind.value}"
        out.append(
            Finding(
                "file_name",
                "low",
                "file name",
                f"The file name “{file_name}” tells a recruiter nothing (or breaks in some "
                f"systems); name it “{person}-Resume{suffix}”.",
                penalty=1.0,
            )
        )
    claimed = name_mismatch(ex.kind, file_name)
    if claimed is not None:
        out.append(
            Finding(
                "file_type",
                "low",
                "file name",
                f"The file name ends in {claimed} but the content is {ex.kind.value.upper()}; "
                f"some ATS trust the name and fail. Rename it to end in .{'md' if ex.kind == Kind.MARKDOWN else 'txt' if ex.kind == Kind.TEXT else ex.kind.value}.",
                penalty=1.0,
            )
        )
    return out


def impact_findings(a: ResumeAnalysis, impact: ImpactSummary) -> list[Finding]:
    ex = a.extraction
    out: list[Finding] = []
    for b in impact.bullets:
        line = ex.line(b.line)
        if b.weak_opening:
            out.append(
                Finding(
                    "weak_opening",
                    "medium",
                    where(line, ex.kind),
                    f"Line {b.line} {quote(b.text)} opens with “{b.weak_opening}”, which says "
                    "you were near the work, not what you did. Start with your own verb "
                    "(built, led, cut …).",
                    line=b.line,
                    page=line.page,
                )
            )
        if not b.metric:
            out.append(
                Finding(
                    "no_metric",
                    "low",
                    where(line, ex.kind),
                    f"Line {b.line} {quote(b.text)} shows no measurable result. Add how much, "
                    "how many or how fast (a percentage, an amount, a time saved).",
                    line=b.line,
                    page=line.page,
                )
            )
    for verb, lines in impact.repeated.items():
        out.append(
            Finding(
                "repeated_verb",
                "low",
                "lines " + ", ".join(map(str, lines)),
                f"“{verb.capitalize()}” opens {len(lines)} bullets (lines "
                f"{', '.join(map(str, lines))}). Vary the verbs so each bullet reads as its own "
                "achievement.",
                line=lines[0],
            )
        )
    return out


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (SEVERITIES.index(f.severity), f.line or 0))
