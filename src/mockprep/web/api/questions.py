"""``/api/v1/questions``: list with filters, search by words and meaning, get one with its rubric."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from mockprep.bank.schema import Kind, Question, Role
from mockprep.web.api.schemas import PlainText, QuestionSummary
from mockprep.web.deps import CatalogDep, EmbeddingsDep

router = APIRouter(prefix="/questions", tags=["questions"])


class KeyPointOut(BaseModel):
    id: str
    label: str
    statement: str
    weight: float
    phrasings: list[str]
    derived: bool


class FollowUpOut(BaseModel):
    question: str
    probes: str = Field(description="The key point the follow-up probes.")


class QuestionDetail(QuestionSummary):
    """A question whole: model answer, reference answers and rubric (as `mockprep bank show`)."""

    model_answer: str
    reference_answers: list[str]
    key_points: list[KeyPointOut]
    follow_ups: list[FollowUpOut]
    competency: str | None
    tags: list[str]
    references: list[str]
    rubric_hash: str

    @classmethod
    def of_question(cls, q: Question) -> QuestionDetail:
        data = q.model_dump(mode="json", exclude={"samples"})
        return cls(**QuestionSummary.of(q).model_dump(), **_detail_fields(data, q))


def _detail_fields(data: dict[str, object], q: Question) -> dict[str, object]:
    return {
        "model_answer": q.model_answer,
        "reference_answers": data["reference_answers"],
        "key_points": data["key_points"],
        "follow_ups": data["follow_ups"],
        "competency": q.competency,
        "tags": list(q.tags),
        "references": list(q.references),
        "rubric_hash": q.rubric_hash(),
    }


class SearchHitOut(QuestionSummary):
    score: float = Field(description="Fused rank score (higher is better).")
    by_words: float
    by_meaning: float


@router.get("", summary="List questions, filtered")
def list_questions(
    catalog: CatalogDep,
    category: Annotated[str | None, Query(max_length=80)] = None,
    kind: Kind | None = None,
    role: Role | None = None,
    difficulty: Annotated[int | None, Query(ge=1, le=3)] = None,
    bank: Annotated[str | None, Query(max_length=80)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 500,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> list[QuestionSummary]:
    """Questions matching every given filter, bundled bank first."""
    found = catalog.filter(
        category=category or None, kind=kind, role=role, difficulty=difficulty, bank=bank or None
    )
    return [QuestionSummary.of(q) for q in found[offset : offset + limit]]


@router.get("/search", summary="Search questions by words and meaning")
def search_questions(
    catalog: CatalogDep,
    embeddings: EmbeddingsDep,
    q: Annotated[PlainText, Query(min_length=1, max_length=500, description="Search text.")],
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> list[SearchHitOut]:
    """ "how do I stop a model making things up" finds the hallucination and RAG questions."""
    hits = catalog.search(q, cache=embeddings, limit=limit)
    return [
        SearchHitOut(
            **QuestionSummary.of(h.question).model_dump(),
            score=h.score,
            by_words=round(h.by_words, 3),
            by_meaning=round(h.by_meaning, 3),
        )
        for h in hits
    ]


@router.get("/{question_id}", summary="One question with its model answer and rubric")
def get_question(
    catalog: CatalogDep, question_id: Annotated[str, Path(max_length=200)]
) -> QuestionDetail:
    return QuestionDetail.of_question(catalog.get(question_id))


@router.get("/{bank}/{question_id}", summary="One question of a named bank")
def get_bank_question(
    catalog: CatalogDep,
    bank: Annotated[str, Path(max_length=80)],
    question_id: Annotated[str, Path(max_length=200)],
) -> QuestionDetail:
    return QuestionDetail.of_question(catalog.get(f"{bank}/{question_id}"))
