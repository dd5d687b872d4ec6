"""``/api/v1/stories``: your STAR story bank: create, read, update, delete, check, split, cover.

One story lives at ``/stories/items/{id}`` (as offers do), so the fixed paths beside it
(``/coverage``, ``/export``, ``/split``) never look like an id. Every story belongs to the
signed-in user; another user's story is 404 like a missing one.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, Field

from mockprep.bank.catalog import Catalog
from mockprep.errors import BankError, InputError
from mockprep.star.checks import check_story
from mockprep.star.coverage import coverage_map
from mockprep.star.document import bank_markdown
from mockprep.star.review import StarFinding, StarPart
from mockprep.star.splitter import split_answer
from mockprep.star.story import StoryDraft
from mockprep.store.stories_repository import StoryRecord, StoryRepository
from mockprep.web.api.schemas import MAX_ID, PlainText
from mockprep.web.deps import CatalogDep, CurrentUserDep, DbDep, EmbeddingsDep

router = APIRouter(prefix="/stories", tags=["stories"])
StoryId = Annotated[int, Path(ge=1, le=MAX_ID)]
MAX_FREE_TEXT = 20_000


class StoryOut(BaseModel):
    """A saved story, with its length and how many checks it fails."""

    id: int
    title: str
    situation: str
    task: str
    action: str
    result: str
    competencies: list[str]
    skills: list[str]
    keywords: list[str]
    tags: list[str]
    questions: list[str]
    words: int
    problems: int = Field(description="Checks that found a problem.")
    warnings: int = Field(description="Checks that found something worth a look.")
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, record: StoryRecord, findings: list[StarFinding]) -> StoryOut:
        return cls(
            **record.draft.model_dump(),
            id=record.id,
            words=record.draft.words,
            problems=sum(f.severity == "problem" for f in findings),
            warnings=sum(f.severity == "warning" for f in findings),
            created_at=record.created_at,
            updated_at=record.updated_at,
        )


class StoryDetail(StoryOut):
    findings: list[StarFinding] = Field(
        description="What to fix; evidence offsets index the parts joined by blank lines."
    )


class SplitIn(BaseModel):
    text: Annotated[PlainText, Field(min_length=1, max_length=MAX_FREE_TEXT)]


class SplitSentence(BaseModel):
    part: StarPart
    start: int
    end: int
    text: str
    confidence: float


class SplitOut(BaseModel):
    """The text's sentences with a part each, and the parts they make (to correct, then save)."""

    sentences: list[SplitSentence]
    situation: str
    task: str
    action: str
    result: str


class CompetencyOut(BaseModel):
    competency: str
    story_ids: list[int]
    question_ids: list[str]


class QuestionStoriesOut(BaseModel):
    question_id: str
    question: str
    competency: str | None
    story_ids: list[int]
    reasons: list[str] = Field(description="Per story: 'linked' or 'competency'.")


class CoverageOut(BaseModel):
    competencies: list[CompetencyOut]
    questions: list[QuestionStoriesOut]


def check_question_links(catalog: Catalog, draft: StoryDraft) -> None:
    """Every question a story links to exists in the user's banks."""
    unknown = []
    for ref in draft.questions:
        try:
            catalog.get(ref)
        except (BankError, InputError):
            unknown.append(ref)
    if unknown:
        raise InputError(
            f"no question {', '.join(repr(u) for u in unknown)} in your banks",
            fix="Link behavioural questions by id, as the questions page lists them.",
        )


def _detail(record: StoryRecord) -> StoryDetail:
    findings = check_story(record.draft)
    out = StoryOut.of(record, findings)
    return StoryDetail(**out.model_dump(), findings=findings)


@router.get("", summary="Your stories")
def list_stories(db: DbDep, user: CurrentUserDep) -> list[StoryOut]:
    with db.read() as s:
        records = StoryRepository(s).list(user.id)
    return [StoryOut.of(r, check_story(r.draft)) for r in records]


@router.post("", status_code=201, summary="Add a story")
def create_story(
    body: StoryDraft, db: DbDep, user: CurrentUserDep, catalog: CatalogDep
) -> StoryDetail:
    check_question_links(catalog, body)
    with db.write() as s:
        record = StoryRepository(s).add(user.id, body)
    return _detail(record)


@router.get("/coverage", summary="Competencies and behavioural questions with and without a story")
def story_coverage(db: DbDep, user: CurrentUserDep, catalog: CatalogDep) -> CoverageOut:
    with db.read() as s:
        records = StoryRepository(s).list(user.id)
    cmap = coverage_map(records, catalog.questions)
    return CoverageOut(
        competencies=[
            CompetencyOut(
                competency=c.competency,
                story_ids=list(c.story_ids),
                question_ids=list(c.question_ids),
            )
            for c in cmap.competencies
        ],
        questions=[
            QuestionStoriesOut(
                question_id=q.question_id,
                question=q.question,
                competency=q.competency,
                story_ids=[m.story_id for m in q.stories],
                reasons=[m.reason for m in q.stories],
            )
            for q in cmap.questions
        ],
    )


@router.get(
    "/export",
    summary="The whole story bank as Markdown, for printing",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/markdown": {}}}},
)
def export_stories(db: DbDep, user: CurrentUserDep, catalog: CatalogDep) -> Response:
    with db.read() as s:
        records = StoryRepository(s).list(user.id)
    text = bank_markdown(records, coverage_map(records, catalog.questions), now=datetime.now(UTC))
    return Response(
        text,
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="star-stories.md"'},
    )


@router.post("/split", summary="Split free text into Situation, Task, Action and Result")
def split_story(body: SplitIn, embeddings: EmbeddingsDep) -> SplitOut:
    layout = split_answer(body.text, embeddings)
    parts = layout.to_parts()
    return SplitOut(
        sentences=[
            SplitSentence(
                part=s.part, start=s.start, end=s.end, text=s.text, confidence=s.confidence
            )
            for s in layout.sentences
        ],
        **{p.value: text for p, text in parts.items()},
    )


@router.get("/items/{story_id:int}", summary="One story, with its checks")
def get_story(story_id: StoryId, db: DbDep, user: CurrentUserDep) -> StoryDetail:
    with db.read() as s:
        record = StoryRepository(s).get(user.id, story_id)
    return _detail(record)


@router.put("/items/{story_id:int}", summary="Replace a story's content")
def update_story(
    story_id: StoryId, body: StoryDraft, db: DbDep, user: CurrentUserDep, catalog: CatalogDep
) -> StoryDetail:
    check_question_links(catalog, body)
    with db.write() as s:
        record = StoryRepository(s).update(user.id, story_id, body)
    return _detail(record)


@router.delete("/items/{story_id:int}", status_code=204, summary="Delete a story")
def delete_story(story_id: StoryId, db: DbDep, user: CurrentUserDep) -> Response:
    with db.write() as s:
        StoryRepository(s).delete(user.id, story_id)
    return Response(status_code=204)
