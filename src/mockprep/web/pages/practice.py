"""The practice pages: choose, answer (with a countdown), see the grade, answer the follow-up,
go on, and read the session summary. Every step is a plain form post, then a redirect."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from mockprep.bank.schema import Kind, Question, Role
from mockprep.errors import BankError, InputError
from mockprep.practice.runner import Filters, PracticeRunner
from mockprep.store.records import SessionRecord
from mockprep.web import flow
from mockprep.web.api.schemas import MAX_ANSWER_CHARS, MAX_ID
from mockprep.web.deps import GradeLimitDep, RunnerDep
from mockprep.web.pages import voice
from mockprep.web.templating import templates

router = APIRouter(prefix="/practice")
SessionId = Annotated[int, Path(ge=1, le=MAX_ID)]
AttemptId = Annotated[int, Path(ge=1, le=MAX_ID)]
Answer = Annotated[str, Form(max_length=MAX_ANSWER_CHARS)]
TIMERS = (
    (0, "No timer"),
    (60, "1 minute"),
    (120, "2 minutes"),
    (180, "3 minutes"),
    (300, "5 minutes"),
)


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _choice(value: str, allowed: type[Role] | type[Kind], name: str) -> str | None:
    if not value:
        return None
    try:
        return allowed(value).value
    except ValueError as exc:
        options = ", ".join(m.value for m in allowed)
        raise InputError(f"no {name} {value!r}", fix=f"Choose one of: {options}.") from exc


def _plain(text: str) -> str:
    return text.replace("\x00", "")


@router.get("", name="practice_form")
def practice_form(request: Request, runner: RunnerDep) -> Response:
    catalog = runner.catalog
    return templates.TemplateResponse(
        request,
        "practice/start.html",
        {
            "categories": catalog.categories,
            "banks": catalog.banks,
            "roles": [r.value for r in Role],
            "kinds": [k.value for k in Kind],
            "timers": TIMERS,
            "unfinished": runner.unfinished(),
        },
    )


@router.post("", name="practice_start")
def practice_start(
    runner: RunnerDep,
    category: Annotated[str, Form(max_length=80)] = "",
    role: Annotated[str, Form(max_length=40)] = "",
    kind: Annotated[str, Form(max_length=40)] = "",
    difficulty: Annotated[int | None, Form(ge=0, le=3)] = None,
    bank: Annotated[str, Form(max_length=80)] = "",
    count: Annotated[int, Form(ge=1, le=50)] = 5,
    time_limit: Annotated[int, Form(ge=0, le=3600)] = 0,
    question_id: Annotated[list[str] | None, Form(max_length=50)] = None,
) -> Response:
    filters = Filters(
        category=_plain(category) or None,
        role=_choice(role, Role, "role"),
        kind=_choice(kind, Kind, "kind"),
        difficulty=difficulty or None,
        bank=_plain(bank) or None,
    )
    session = runner.start(
        filters,
        count=count,
        time_limit_seconds=time_limit if time_limit >= 10 else None,
        question_ids=[_plain(q) for q in question_id or [] if q.strip()],
    )
    return see_other(f"/practice/{session.id}")


def _question_page(
    request: Request,
    runner: RunnerDep,
    session: SessionRecord,
    question: Question | None,
    *,
    error: str | None = None,
    answer: str = "",
    status_code: int = 200,
) -> Response:
    remaining = runner.remaining(session)
    total = len(session.question_ids)
    number = total - len(remaining) + 1
    if question is not None and question not in remaining:
        number = session.question_ids.index(question.uid) + 1
    return templates.TemplateResponse(
        request,
        "practice/question.html",
        {
            "session": session,
            "question": question,
            "number": min(number, total),
            "total": total,
            "started_at": flow.clamp_started(session, None).isoformat(),
            "error": error,
            "answer": answer,
            "max_chars": MAX_ANSWER_CHARS,
        },
        status_code=status_code,
    )


@router.get("/{session_id}", name="practice_question")
def practice_question(
    request: Request,
    runner: RunnerDep,
    session_id: SessionId,
    question: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    session = flow.load_session(runner, session_id)
    if session.status != "active":
        return see_other(f"/practice/{session.id}/summary")
    runner.grade_pending(session)
    if question:
        chosen: Question | None = flow.question_in(runner, session, question)
    else:
        remaining = runner.remaining(session)
        chosen = remaining[0] if remaining else None
    return _question_page(request, runner, session, chosen)


@router.post("/{session_id}/answer", name="practice_answer")
def practice_answer(
    request: Request,
    runner: RunnerDep,
    session_id: SessionId,
    _limit: GradeLimitDep,
    question_id: Annotated[str, Form(min_length=1, max_length=200)],
    answer: Answer = "",
    started_at: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    session = flow.load_session(runner, session_id)
    question = flow.question_in(runner, session, question_id)
    if not answer.strip():
        return _question_page(
            request,
            runner,
            session,
            question,
            error="Your answer is empty. Write an answer, or skip the question.",
            status_code=422,
        )
    done = flow.answer(
        runner,
        session,
        question,
        _plain(answer),
        started_at=flow.parse_started(session, started_at),
    )
    return see_other(f"/practice/{session.id}/attempts/{done.attempt.id}")


@router.post("/{session_id}/skip", name="practice_skip")
def practice_skip(
    runner: RunnerDep,
    session_id: SessionId,
    question_id: Annotated[str, Form(min_length=1, max_length=200)],
) -> Response:
    session = flow.load_session(runner, session_id)
    runner.skip(session, flow.question_in(runner, session, question_id))
    return see_other(f"/practice/{session.id}")


@router.post("/{session_id}/finish", name="practice_finish")
def practice_finish(runner: RunnerDep, session_id: SessionId) -> Response:
    session = flow.load_session(runner, session_id)
    runner.grade_pending(session)
    runner.finish(session)
    return see_other(f"/practice/{session.id}/summary")


@router.get("/{session_id}/summary", name="practice_summary")
def practice_summary(request: Request, runner: RunnerDep, session_id: SessionId) -> Response:
    summary = runner.summary(flow.load_session(runner, session_id))
    return templates.TemplateResponse(
        request,
        "practice/summary.html",
        {
            "summary": summary,
            "remaining": len(runner.remaining(summary.session)),
            "review_next": summary.review_next(),
        },
    )


def grade_context(
    runner: PracticeRunner, attempt_id: int, session: SessionRecord
) -> dict[str, object]:
    """What the grade page (and the history page of one attempt) shows."""
    attempt = flow.attempt_in(runner, session, attempt_id)
    follow_ups = flow.follow_up_answers(runner, attempt)
    try:
        question: Question | None = runner.catalog.get(attempt.question_id)
    except (BankError, InputError):  # a removed bank: show the attempt without its question
        question = None
    return {
        "session": session,
        "attempt": attempt,
        "question": question,
        "follow_up": flow.follow_up_for(runner, attempt),
        "follow_up_answers": follow_ups,
        "remaining": len(runner.remaining(session)),
        "started_at": flow.clamp_started(session, None).isoformat(),
        "max_chars": MAX_ANSWER_CHARS,
    }


@router.get("/{session_id}/attempts/{attempt_id}", name="practice_grade")
def practice_grade(
    request: Request, runner: RunnerDep, session_id: SessionId, attempt_id: AttemptId
) -> Response:
    session = flow.load_session(runner, session_id)
    context = grade_context(runner, attempt_id, session)
    return templates.TemplateResponse(request, "practice/grade.html", context)


@router.post("/{session_id}/attempts/{attempt_id}/follow-up", name="practice_follow_up")
def practice_follow_up(
    request: Request,
    runner: RunnerDep,
    session_id: SessionId,
    attempt_id: AttemptId,
    _limit: GradeLimitDep,
    answer: Answer = "",
    started_at: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    session = flow.load_session(runner, session_id)
    parent = flow.attempt_in(runner, session, attempt_id)
    if not answer.strip():
        context = grade_context(runner, attempt_id, session)
        context["follow_up_error"] = "Your answer is empty. Write an answer, or go on."
        return templates.TemplateResponse(request, "practice/grade.html", context, status_code=422)
    flow.answer_follow_up(
        runner, session, parent, _plain(answer), started_at=flow.parse_started(session, started_at)
    )
    return see_other(f"/practice/{session.id}/attempts/{parent.id}#follow-up-grade")


router.include_router(voice.router, prefix="")  # spoken answers (issue 7): upload and progress
