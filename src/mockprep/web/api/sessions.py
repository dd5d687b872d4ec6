"""``/api/v1/sessions``: start a practice or review session, take the next question, answer it
(graded at once), answer the follow-up, skip, finish and read the summary."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import AwareDatetime, BaseModel, Field

from mockprep.bank.schema import Kind, Role
from mockprep.grading import Grade
from mockprep.practice.runner import Filters, SessionSummary
from mockprep.store.repositories import SessionRepository
from mockprep.web import flow
from mockprep.web.api.schemas import (
    AnswerText,
    AttemptSummary,
    PlainText,
    QuestionRef,
    QuestionSummary,
    SessionOut,
)
from mockprep.web.deps import GradeLimitDep, RunnerDep

router = APIRouter(prefix="/sessions", tags=["practice sessions"])
SessionId = Annotated[int, Path(ge=1, le=2_147_483_647, description="The session's id.")]
Name = Annotated[PlainText, Field(min_length=1, max_length=80)]


class SessionCreate(BaseModel):
    """What to practise; every filter is optional. ``question_ids`` picks questions by id."""

    category: Name | None = None
    role: Role | None = None
    kind: Kind | None = None
    difficulty: int | None = Field(default=None, ge=1, le=3)
    bank: Name | None = None
    count: int = Field(default=5, ge=1, le=50)
    time_limit_seconds: int | None = Field(default=None, ge=10, le=3600)
    question_ids: list[QuestionRef] = Field(default_factory=list, max_length=50)


class NextQuestion(BaseModel):
    session_id: int
    done: bool = Field(description="True when every question is answered or skipped.")
    number: int = Field(description="1-based position of this question in the session.")
    total: int
    time_limit_seconds: int | None
    question: QuestionSummary | None


class AnswerIn(BaseModel):
    question_id: QuestionRef
    answer: AnswerText
    started_at: AwareDatetime | None = Field(
        default=None, description="When the question was shown (for time taken); default now."
    )


class FollowUpIn(BaseModel):
    answer: AnswerText
    started_at: AwareDatetime | None = None


class FollowUpQuestion(BaseModel):
    question: str
    parent_attempt_id: int = Field(description="POST the answer to .../attempts/{this}/follow-up.")


class AnswerOut(BaseModel):
    attempt: AttemptSummary
    grade: Grade
    follow_up: FollowUpQuestion | None


class SkipIn(BaseModel):
    question_id: QuestionRef


class ResultOut(BaseModel):
    question_id: str
    question: str
    attempt_id: int
    score: float | None
    covered: list[str]
    missed: list[str]
    duration_seconds: float | None
    follow_up_attempt_id: int | None
    follow_up_score: float | None


class SummaryOut(BaseModel):
    session: SessionOut
    mean_score: float | None
    results: list[ResultOut]
    skipped: list[str]
    review_next: list[str] = Field(description="The weakest questions, to review next.")


def summary_out(runner: RunnerDep, summary: SessionSummary) -> SummaryOut:
    results = []
    for r in summary.results:
        points = (r.attempt.grade or {}).get("key_points") or []
        results.append(
            ResultOut(
                question_id=r.question.uid,
                question=r.question.question,
                attempt_id=r.attempt.id,
                score=r.score,
                covered=[str(p.get("label")) for p in points if p.get("covered") is True],
                missed=[str(p.get("label")) for p in points if p.get("covered") is False],
                duration_seconds=r.attempt.duration_seconds,
                follow_up_attempt_id=r.follow_up.id if r.follow_up else None,
                follow_up_score=r.follow_up.score if r.follow_up else None,
            )
        )
    session = summary.session
    return SummaryOut(
        session=SessionOut.of(session, len(runner.remaining(session))),
        mean_score=summary.mean_score,
        results=results,
        skipped=list(summary.skipped),
        review_next=[q.uid for q in summary.review_next()],
    )


@router.post("", status_code=201, summary="Start a practice session")
def start_session(runner: RunnerDep, body: SessionCreate) -> SessionOut:
    filters = Filters(
        category=body.category,
        role=body.role.value if body.role else None,
        kind=body.kind.value if body.kind else None,
        difficulty=body.difficulty,
        bank=body.bank,
    )
    session = runner.start(
        filters,
        count=body.count,
        time_limit_seconds=body.time_limit_seconds,
        question_ids=body.question_ids,
    )
    return SessionOut.of(session, len(runner.remaining(session)))


@router.get("", summary="Your sessions, newest first")
def list_sessions(
    runner: RunnerDep, limit: Annotated[int, Query(ge=1, le=200)] = 20
) -> list[SessionOut]:
    with runner.db.read() as s:
        sessions = SessionRepository(s).history(runner.user_id, limit=limit)
    return [SessionOut.of(x, len(runner.remaining(x))) for x in sessions]


@router.get("/{session_id}", summary="One session")
def get_session(runner: RunnerDep, session_id: SessionId) -> SessionOut:
    session = flow.load_session(runner, session_id)
    return SessionOut.of(session, len(runner.remaining(session)))


@router.get("/{session_id}/next", summary="The next question to answer")
def next_question(runner: RunnerDep, session_id: SessionId) -> NextQuestion:
    session = flow.load_session(runner, session_id)
    remaining = runner.remaining(session)
    total = len(session.question_ids)
    return NextQuestion(
        session_id=session.id,
        done=not remaining or session.status != "active",
        number=total - len(remaining) + 1 if remaining else total,
        total=total,
        time_limit_seconds=session.time_limit_seconds,
        question=QuestionSummary.of(remaining[0])
        if remaining and session.status == "active"
        else None,
    )


@router.post("/{session_id}/answers", status_code=201, summary="Answer a question; get the grade")
def submit_answer(
    runner: RunnerDep, session_id: SessionId, body: AnswerIn, _limit: GradeLimitDep
) -> AnswerOut:
    session = flow.load_session(runner, session_id)
    question = flow.question_in(runner, session, body.question_id)
    done = flow.answer(
        runner,
        session,
        question,
        body.answer,
        started_at=flow.clamp_started(session, body.started_at),
    )
    follow = (
        FollowUpQuestion(question=done.follow_up.question, parent_attempt_id=done.attempt.id)
        if done.follow_up
        else None
    )
    return AnswerOut(attempt=AttemptSummary.of(done.attempt), grade=done.grade, follow_up=follow)


@router.post(
    "/{session_id}/attempts/{attempt_id}/follow-up",
    status_code=201,
    summary="Answer the follow-up question of a graded answer",
)
def submit_follow_up(
    runner: RunnerDep,
    session_id: SessionId,
    attempt_id: Annotated[int, Path(ge=1, le=2_147_483_647)],
    body: FollowUpIn,
    _limit: GradeLimitDep,
) -> AnswerOut:
    session = flow.load_session(runner, session_id)
    parent = flow.attempt_in(runner, session, attempt_id)
    done = flow.answer_follow_up(
        runner,
        session,
        parent,
        body.answer,
        started_at=flow.clamp_started(session, body.started_at),
    )
    return AnswerOut(attempt=AttemptSummary.of(done.attempt), grade=done.grade, follow_up=None)


@router.post("/{session_id}/skip", summary="Skip a question")
def skip_question(runner: RunnerDep, session_id: SessionId, body: SkipIn) -> SessionOut:
    session = flow.load_session(runner, session_id)
    session = runner.skip(session, flow.question_in(runner, session, body.question_id))
    return SessionOut.of(session, len(runner.remaining(session)))


@router.post("/{session_id}/finish", summary="Finish the session; get its summary")
def finish_session(runner: RunnerDep, session_id: SessionId) -> SummaryOut:
    return summary_out(runner, runner.finish(flow.load_session(runner, session_id)))


@router.get("/{session_id}/summary", summary="The session's summary so far")
def session_summary(runner: RunnerDep, session_id: SessionId) -> SummaryOut:
    return summary_out(runner, runner.summary(flow.load_session(runner, session_id)))
