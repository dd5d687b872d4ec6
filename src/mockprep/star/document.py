"""Stories as Markdown: one story as an editable document, and the whole bank for printing.

The editable form (``story_document`` / ``parse_story_document``) is what ``mockprep star new``
and ``star edit`` open in ``$EDITOR`` and what ``star new --file`` reads::

    # Title of the story
    competencies: conflict, ownership
    skills: stakeholder management
    keywords: retrieval, evals
    tags: fintech
    questions: behavioural-conflict-colleague

    ## Situation
    ...
    ## Task
    ...
    ## Action
    ...
    ## Result
    ...

``bank_markdown`` is the export: every story with its checks and the coverage map at the end.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from mockprep.errors import InputError
from mockprep.star.checks import check_story
from mockprep.star.coverage import CoverageMap, StoredStory
from mockprep.star.review import STAR_PARTS, StarPart
from mockprep.star.story import StoryDraft, draft_from

LIST_FIELDS = ("competencies", "skills", "keywords", "tags", "questions")
_HEADING = re.compile(r"^##\s+(situation|task|action|result)\s*:?\s*$", re.IGNORECASE)
_FIELD = re.compile(r"^(competencies|competency|skills|keywords|tags|questions)\s*:(.*)$", re.I)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def story_document(story: StoryDraft | None = None) -> str:
    """The editable Markdown of a story (an empty template when ``story`` is None)."""
    title = story.title if story else ""
    lines = [
        f"# {title}",
        *(f"{name}: {', '.join(getattr(story, name)) if story else ''}" for name in LIST_FIELDS),
        "",
    ]
    hints = {
        StarPart.SITUATION: "Where and when; what was at stake (about 20% of the story).",
        StarPart.TASK: "What you personally had to do or decide (about 10%).",
        StarPart.ACTION: "The steps you took, with 'I' as the subject (about 60%).",
        StarPart.RESULT: "What changed, in numbers, and what you learned (about 10%).",
    }
    for part in STAR_PARTS:
        lines.append(f"## {part.label}")
        body = story.part(part) if story else ""
        lines.append(body if body else f"<!-- {hints[part]} -->")
        lines.append("")
    if story is None:
        lines.insert(
            0, "<!-- Write the title after '#', one line per list, then the four parts. -->"
        )
    return "\n".join(lines).rstrip() + "\n"


def parse_story_document(text: str, *, source: str = "the story") -> StoryDraft:
    """A ``StoryDraft`` from the Markdown form; raises ``InputError`` naming what is wrong."""
    cleaned = _COMMENT.sub("", text.replace("\r\n", "\n"))
    title = ""
    fields: dict[str, list[str]] = {}
    parts: dict[StarPart, list[str]] = {}
    current: StarPart | None = None
    for number, line in enumerate(cleaned.split("\n"), start=1):
        heading = _HEADING.match(line.strip())
        if heading:
            current = StarPart(heading.group(1).lower())
            if current in parts:
                raise InputError(
                    f"{source}, line {number}: a second '## {current.label}' heading",
                    fix="Keep one heading per part and put all its text under it.",
                )
            parts[current] = []
            continue
        if current is not None:
            parts[current].append(line)
            continue
        stripped = line.strip()
        if stripped.startswith("# ") or stripped == "#":
            title = stripped[1:].strip()
            continue
        field = _FIELD.match(stripped)
        if field:
            name = field.group(1).lower()
            name = "competencies" if name == "competency" else name
            fields[name] = [v for v in (x.strip() for x in field.group(2).split(",")) if v]
            continue
        if stripped:
            raise InputError(
                f"{source}, line {number}: {stripped[:50]!r} is outside any part",
                fix="Put text under '## Situation', '## Task', '## Action' or '## Result', "
                "and the title after '# '.",
            )
    if not title:
        raise InputError(
            f"{source} has no title", fix="Write the title on the first line after '# '."
        )
    data: dict[str, object] = {"title": title, **fields}
    for part, lines in parts.items():
        data[part.value] = "\n".join(lines).strip()
    return draft_from(data)


def _story_section(story: StoredStory) -> list[str]:
    draft = story.draft
    lines = [f"## {draft.title}", ""]
    meta = [
        (name.capitalize(), ", ".join(getattr(draft, name)))
        for name in LIST_FIELDS
        if getattr(draft, name)
    ]
    for label, value in meta:
        lines.append(f"- **{label}:** {value}")
    lines.append(f"- **Length:** {draft.words} words, about {draft.words / 150:.1f} minutes spoken")
    lines.append("")
    for part in STAR_PARTS:
        body = draft.part(part).strip()
        lines.append(f"**{part.label}.** {body if body else '_(not written yet)_'}")
        lines.append("")
    findings = check_story(draft)
    if findings:
        lines.append("To work on:")
        lines.append("")
        for finding in findings:
            lines.append(f"- [ ] {finding.message}")
        lines.append("")
    return lines


def bank_markdown(
    stories: Sequence[StoredStory], coverage: CoverageMap | None = None, *, now: datetime
) -> str:
    """The whole story bank as one Markdown document, for printing."""
    lines = [
        "# My STAR stories",
        "",
        f"{len(stories)} stor{'y' if len(stories) == 1 else 'ies'} · exported "
        f"{now.strftime('%Y-%m-%d')} from mockprep",
        "",
    ]
    if not stories:
        lines += ["No stories yet: add one with `mockprep star new`.", ""]
    for story in stories:
        lines += _story_section(story)
    if coverage is not None:
        titles = {s.id: s.draft.title for s in stories}
        lines += ["## Coverage", "", "| Competency | Stories |", "| --- | --- |"]
        for row in coverage.competencies:
            names = "; ".join(titles.get(i, str(i)) for i in row.story_ids) or "**none yet**"
            lines.append(f"| {row.competency} | {_cell(names)} |")
        lines += ["", "| Behavioural question | Stories |", "| --- | --- |"]
        for q in coverage.questions:
            names = "; ".join(m.title for m in q.stories) or "**none yet**"
            lines.append(f"| {_cell(q.question)} | {_cell(names)} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
