"""The story bank page: your stories with their checks, the coverage map, a form to write or
edit a story, and free text split into the four parts for you to correct before saving.

Every step is a plain form post (then a redirect), so the page works without JavaScript. A form
with a mistake comes back with the message and everything typed still in it.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import RedirectResponse, Response

from mockprep.bank.catalog import Catalog
from mockprep.bank.schema import Kind
from mockprep.errors import InputError
from mockprep.star.checks import check_story
from mockprep.star.coverage import coverage_map
from mockprep.star.document import bank_markdown
from mockprep.star.layout import StarLayout, story_text
from mockprep.star.review import STAR_PARTS, StarFinding, StarPart
from mockprep.star.splitter import split_answer
from mockprep.star.story import COMPETENCIES, MAX_PART_CHARS, StoryDraft, draft_from
from mockprep.store.stories_repository import StoryRecord, StoryRepository
from mockprep.web.api.schemas import MAX_ID
from mockprep.web.api.stories import MAX_FREE_TEXT, check_question_links
from mockprep.web.deps import CatalogDep, CurrentUserDep, DbDep, EmbeddingsDep
from mockprep.web.templating import templates

router = APIRouter(prefix="/stories")
StoryId = Annotated[int, Path(ge=1, le=MAX_ID)]
PartField = Annotated[str, Form(max_length=MAX_PART_CHARS + 1000)]
ShortField = Annotated[str, Form(max_length=2000)]


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _plain(text: str) -> str:
    return text.replace("\x00", "")


def _behavioural(catalog: Catalog) -> list[Any]:
    return [q for q in catalog.questions if q.kind is Kind.BEHAVIOURAL]


def marked(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """``text`` in pieces, each marked True when it lies inside one of ``spans``."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    for start, end in sorted(spans):
        start = max(start, at)
        if start >= end:
            continue
        if start > at:
            pieces.append((text[at:start], False))
        pieces.append((text[start:end], True))
        at = end
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces


def marked_parts(
    draft: StoryDraft, findings: list[StarFinding]
) -> dict[StarPart, list[tuple[str, bool]]]:
    """Each part's text with the findings' evidence marked (offsets mapped back to the part)."""
    _, starts = story_text(draft)
    spans: dict[StarPart, list[tuple[int, int]]] = {p: [] for p in STAR_PARTS}
    for finding in findings:
        for ev in finding.evidence:
            if ev.part is None or ev.part not in starts:
                continue
            base = starts[ev.part]
            spans[ev.part].append((ev.start - base, ev.end - base))
    return {p: marked(draft.part(p), spans[p]) for p in STAR_PARTS}


def _form_values(draft: StoryDraft | None) -> dict[str, Any]:
    if draft is None:
        return {
            "title": "",
            **{p.value: "" for p in STAR_PARTS},
            "competencies": [],
            "other_competencies": "",
            "skills": "",
            "keywords": "",
            "tags": "",
            "questions": [],
        }
    return {
        "title": draft.title,
        **{p.value: draft.part(p) for p in STAR_PARTS},
        "competencies": [c for c in draft.competencies if c in COMPETENCIES],
        "other_competencies": ", ".join(c for c in draft.competencies if c not in COMPETENCIES),
        "skills": ", ".join(draft.skills),
        "keywords": ", ".join(draft.keywords),
        "tags": ", ".join(draft.tags),
        "questions": list(draft.questions),
    }


def _form_page(
    request: Request,
    catalog: Catalog,
    *,
    values: dict[str, Any],
    story_id: int | None = None,
    layout: StarLayout | None = None,
    free_text: str = "",
    error: InputError | None = None,
    status_code: int = 200,
) -> Response:
    return templates.TemplateResponse(
        request,
        "stories/form.html",
        {
            "values": values,
            "story_id": story_id,
            "parts": STAR_PARTS,
            "known_competencies": COMPETENCIES,
            "behavioural": _behavioural(catalog),
            "layout": layout,
            "free_text": free_text,
            "error": error,
            "max_free_text": MAX_FREE_TEXT,
        },
        status_code=status_code,
    )


@router.get("", name="stories")
def stories_page(
    request: Request, db: DbDep, user: CurrentUserDep, catalog: CatalogDep
) -> Response:
    with db.read() as s:
        records = StoryRepository(s).list(user.id)
    checked = [(r, check_story(r.draft)) for r in records]
    return templates.TemplateResponse(
        request,
        "stories/index.html",
        {
            "stories": checked,
            "coverage": coverage_map(records, catalog.questions),
            "titles": {r.id: r.title for r in records},
            "max_free_text": MAX_FREE_TEXT,
        },
    )


@router.get("/export.md", name="stories_export")
def stories_export(db: DbDep, user: CurrentUserDep, catalog: CatalogDep) -> Response:
    with db.read() as s:
        records = StoryRepository(s).list(user.id)
    text = bank_markdown(records, coverage_map(records, catalog.questions), now=datetime.now(UTC))
    return Response(
        text,
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="star-stories.md"'},
    )


@router.get("/new", name="story_new")
def story_new(request: Request, user: CurrentUserDep, catalog: CatalogDep) -> Response:
    return _form_page(request, catalog, values=_form_values(None))


@router.post("/split", name="story_split")
def story_split(
    request: Request,
    user: CurrentUserDep,
    catalog: CatalogDep,
    embeddings: EmbeddingsDep,
    text: Annotated[str, Form(max_length=MAX_FREE_TEXT)] = "",
    title: ShortField = "",
    label: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Free text → the four parts, shown in the form with each sentence's label to correct."""
    text = _plain(text)
    values = _form_values(None)
    values["title"] = _plain(title)
    if not text.strip():
        error = InputError("the free text is empty", fix="Paste the story you want split.")
        return _form_page(request, catalog, values=values, error=error, status_code=422)
    layout = split_answer(text, embeddings)
    if label and len(label) == len(layout.sentences):
        with contextlib.suppress(ValueError):  # a tampered label: keep the splitter's own
            layout = layout.with_labels([StarPart(x) for x in label])
    for part, body in layout.to_parts().items():
        values[part.value] = body
    if not values["title"] and layout.sentences:
        words = layout.sentences[0].text.split()
        values["title"] = " ".join(words[:8]).rstrip(".,;:") + ("…" if len(words) > 8 else "")
    return _form_page(request, catalog, values=values, layout=layout, free_text=text)


def _draft_from_form(
    title: str,
    situation: str,
    task: str,
    action: str,
    result: str,
    competencies: list[str],
    other_competencies: str,
    skills: str,
    keywords: str,
    tags: str,
    questions: list[str],
) -> StoryDraft:
    return draft_from(
        {
            "title": title,
            "situation": situation,
            "task": task,
            "action": action,
            "result": result,
            "competencies": [*competencies, other_competencies],
            "skills": [skills],
            "keywords": [keywords],
            "tags": [tags],
            "questions": questions,
        }
    )


def _submitted(
    title: ShortField = "",
    situation: PartField = "",
    task: PartField = "",
    action: PartField = "",
    result: PartField = "",
    competencies: Annotated[list[str] | None, Form()] = None,
    other_competencies: ShortField = "",
    skills: ShortField = "",
    keywords: ShortField = "",
    tags: ShortField = "",
    questions: Annotated[list[str] | None, Form()] = None,
) -> dict[str, Any]:
    """The story form's fields as submitted (a dependency shared by create and update)."""
    return {
        "title": title,
        "situation": situation,
        "task": task,
        "action": action,
        "result": result,
        "competencies": competencies or [],
        "other_competencies": other_competencies,
        "skills": skills,
        "keywords": keywords,
        "tags": tags,
        "questions": questions or [],
    }


SubmittedDep = Annotated[dict[str, Any], Depends(_submitted)]


def _save(
    request: Request,
    db: DbDep,
    user_id: int,
    catalog: Catalog,
    story_id: int | None,
    fields: dict[str, Any],
) -> Response:
    fields = {
        k: (_plain(v) if isinstance(v, str) else [_plain(x) for x in v]) for k, v in fields.items()
    }
    try:
        draft = _draft_from_form(**fields)
        check_question_links(catalog, draft)
    except InputError as exc:
        return _form_page(
            request,
            catalog,
            values=fields,
            story_id=story_id,
            error=exc,
            status_code=exc.http_status,
        )
    with db.write() as s:
        repo = StoryRepository(s)
        record = (
            repo.add(user_id, draft) if story_id is None else repo.update(user_id, story_id, draft)
        )
    return see_other(f"/stories/{record.id}")


@router.post("", name="story_create")
def story_create(
    request: Request,
    db: DbDep,
    user: CurrentUserDep,
    catalog: CatalogDep,
    fields: SubmittedDep,
) -> Response:
    return _save(request, db, user.id, catalog, None, fields)


def _get(db: DbDep, user_id: int, story_id: int) -> StoryRecord:
    with db.read() as s:
        return StoryRepository(s).get(user_id, story_id)


@router.get("/{story_id}", name="story")
def story_page(
    request: Request, db: DbDep, user: CurrentUserDep, catalog: CatalogDep, story_id: StoryId
) -> Response:
    record = _get(db, user.id, story_id)
    findings = check_story(record.draft)
    questions = {q.id: q for q in _behavioural(catalog)}
    return templates.TemplateResponse(
        request,
        "stories/story.html",
        {
            "story": record,
            "findings": findings,
            "parts": STAR_PARTS,
            "marked": marked_parts(record.draft, findings),
            "linked": [(ref, questions.get(ref)) for ref in record.draft.questions],
        },
    )


@router.get("/{story_id}/edit", name="story_edit")
def story_edit(
    request: Request, db: DbDep, user: CurrentUserDep, catalog: CatalogDep, story_id: StoryId
) -> Response:
    record = _get(db, user.id, story_id)
    return _form_page(request, catalog, values=_form_values(record.draft), story_id=record.id)


@router.post("/{story_id}", name="story_update")
def story_update(
    request: Request,
    db: DbDep,
    user: CurrentUserDep,
    catalog: CatalogDep,
    story_id: StoryId,
    fields: SubmittedDep,
) -> Response:
    _get(db, user.id, story_id)  # 404 before anything else for someone else's story
    return _save(request, db, user.id, catalog, story_id, fields)


@router.post("/{story_id}/delete", name="story_delete")
def story_delete(db: DbDep, user: CurrentUserDep, story_id: StoryId) -> Response:
    with db.write() as s:
        StoryRepository(s).delete(user.id, story_id)
    return see_other("/stories")
