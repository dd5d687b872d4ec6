"""``POST /api/v1/grade``: grade one answer; the answer is exactly `mockprep grade --json`."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from mockprep.grading import Grade
from mockprep.star.coach import review_for_user
from mockprep.web.api.schemas import AnswerText, QuestionRef
from mockprep.web.deps import CatalogDep, CurrentUserDep, DbDep, GradeLimitDep, GraderDep

router = APIRouter(tags=["grading"])


class GradeIn(BaseModel):
    question_id: QuestionRef
    answer: AnswerText
    show_model_answer: bool = Field(
        default=False, description="Include the model answer (as --show-model-answer)."
    )


@router.post("/grade", summary="Grade one answer (nothing is saved)")
def grade_answer(
    body: GradeIn,
    catalog: CatalogDep,
    grader: GraderDep,
    db: DbDep,
    user: CurrentUserDep,
    _limit: GradeLimitDep,
) -> Grade:
    """Score 0-10, band, each key point with its evidence, missing points, flags, feedback.

    Behavioural questions also get ``star``: the STAR review, with a reminder of your story."""
    question = catalog.get(body.question_id)
    grade = grader.grade(question, body.answer, show_model_answer=body.show_model_answer)
    return review_for_user(db, user.id, grade, question, body.answer, grader.cache)
