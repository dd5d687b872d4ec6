"""Response and request models the API modules share, and the conversions from domain records."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, Field

from mockprep.bank.schema import Question
from mockprep.store.records import AttemptRecord, SessionRecord

MAX_ANSWER_CHARS = 50_000
MAX_ID = 2_147_483_647
"""The largest id the database holds (a 32-bit integer column on PostgreSQL)."""
_NOT_TEXT = re.compile(r"[\x00\ud800-\udfff]")


def _plain_text(value: str) -> str:
    if _NOT_TEXT.search(value):
        raise ValueError("contains characters that are not text (NUL or a lone surrogate)")
    return value


PlainText = Annotated[str, AfterValidator(_plain_text)]
AnswerText = Annotated[PlainText, Field(max_length=MAX_ANSWER_CHARS)]
QuestionRef = Annotated[
    PlainText,
    Field(
        min_length=1,
        max_length=200,
        description="A question id (rag-basics) or a bank-qualified id (my-bank/my-question).",
    ),
]
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]


class QuestionSummary(BaseModel):
    """A question without its answers (what a candidate sees before answering)."""

    id: str
    uid: str = Field(description="Bank-qualified id, unique across banks: core/rag-basics.")
    bank: str
    category: str
    kind: str
    difficulty: int
    roles: list[str]
    question: str

    @classmethod
    def of(cls, q: Question) -> QuestionSummary:
        return cls(
            id=q.id,
            uid=q.uid,
            bank=q.bank,
            category=q.category,
            kind=q.kind.value,
            difficulty=q.difficulty,
            roles=[r.value for r in q.roles],
            question=q.question,
        )


class AttemptSummary(BaseModel):
    """One attempt, as a line of ``mockprep history --json``."""

    id: int
    session_id: int | None
    parent_attempt_id: int | None = Field(
        description="Set on an answer to a grade's follow-up question: the answer it follows."
    )
    question_id: str
    prompt: str
    submitted_at: datetime
    duration_seconds: float | None
    graded: bool
    score: float | None
    band: str | None

    @classmethod
    def of(cls, a: AttemptRecord) -> AttemptSummary:
        band = (a.grade or {}).get("band")
        return cls(
            id=a.id,
            session_id=a.session_id,
            parent_attempt_id=a.parent_attempt_id,
            question_id=a.question_id,
            prompt=a.prompt,
            submitted_at=a.submitted_at.astimezone(UTC),
            duration_seconds=a.duration_seconds,
            graded=a.is_graded,
            score=a.score,
            band=band if isinstance(band, str) else None,
        )


class SessionOut(BaseModel):
    """A practice or review session and how far it has got."""

    id: int
    mode: str = Field(description="practice or review")
    status: str = Field(description="active or finished")
    filters: dict[str, Any]
    question_ids: list[str]
    time_limit_seconds: int | None
    started_at: datetime
    finished_at: datetime | None
    remaining: int = Field(description="Questions not yet answered or skipped.")

    @classmethod
    def of(cls, s: SessionRecord, remaining: int) -> SessionOut:
        return cls(
            id=s.id,
            mode=s.mode,
            status=s.status,
            filters=dict(s.filters),
            question_ids=list(s.question_ids),
            time_limit_seconds=s.time_limit_seconds,
            started_at=s.started_at.astimezone(UTC),
            finished_at=s.finished_at.astimezone(UTC) if s.finished_at else None,
            remaining=remaining,
        )
