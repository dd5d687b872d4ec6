"""``/api/v1/attempts``: your answers, newest first, and one answer whole with its grade."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import Field

from mockprep.errors import QuestionNotFoundError
from mockprep.store.repositories import AttemptRepository, DataRepository
from mockprep.web.api.schemas import MAX_ID, AttemptSummary
from mockprep.web.deps import CatalogDep, CurrentUserDep, DbDep

router = APIRouter(prefix="/attempts", tags=["attempts"])


class AttemptDetail(AttemptSummary):
    """One attempt whole, as ``mockprep show-attempt --json``."""

    question: str | None = Field(description="The question's text (None if its bank is gone).")
    answer_text: str
    transcript: str | None
    started_at: datetime
    graded_at: datetime | None
    grader_name: str | None
    grader_version: str | None
    rubric_hash: str
    bank_version: str
    grade: dict[str, Any] | None = Field(
        description="The stored grade (the grader's JSON, as POST /api/v1/grade answers)."
    )
    follow_up_attempt_ids: list[int]


@router.get("", summary="Your attempts, newest first")
def list_attempts(
    db: DbDep,
    user: CurrentUserDep,
    catalog: CatalogDep,
    question_id: Annotated[str | None, Query(max_length=200)] = None,
    session_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[AttemptSummary]:
    ref = None
    if question_id:
        try:
            ref = catalog.get(question_id).uid
        except QuestionNotFoundError:
            ref = question_id.strip()  # attempts at a question whose bank was removed
    with db.read() as s:
        rows = AttemptRepository(s).history(
            user.id, question_id=ref, session_id=session_id, limit=limit, offset=offset
        )
    return [AttemptSummary.of(a) for a in rows]


@router.get("/{attempt_id}", summary="One attempt with its grade")
def get_attempt(
    db: DbDep,
    user: CurrentUserDep,
    catalog: CatalogDep,
    attempt_id: Annotated[int, Path(ge=1, le=MAX_ID)],
) -> AttemptDetail:
    with db.read() as s:
        attempt = AttemptRepository(s).get(user.id, attempt_id)
        follow_ups = DataRepository(s).follow_ups_of(user.id, attempt_id)
    try:
        question: str | None = catalog.get(attempt.question_id).question
    except QuestionNotFoundError:
        question = None
    return AttemptDetail(
        **AttemptSummary.of(attempt).model_dump(),
        question=question,
        answer_text=attempt.answer_text,
        transcript=attempt.transcript,
        started_at=attempt.started_at.astimezone(UTC),
        graded_at=attempt.graded_at.astimezone(UTC) if attempt.graded_at else None,
        grader_name=attempt.grader_name,
        grader_version=attempt.grader_version,
        rubric_hash=attempt.rubric_hash,
        bank_version=attempt.bank_version,
        grade=attempt.grade,
        follow_up_attempt_ids=[a.id for a in follow_ups],
    )
