"""History: your attempts with their feedback, one attempt replayed, and your data out and in."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Path, Query, Request, UploadFile
from fastapi.responses import Response

from mockprep.errors import BankError, InputError
from mockprep.store.repositories import AttemptRepository, DataRepository
from mockprep.web.api.data import export_response, restore
from mockprep.web.api.schemas import MAX_ID
from mockprep.web.deps import CatalogDep, CurrentUserDep, DbDep, RunnerDep
from mockprep.web.flow import follow_up_for
from mockprep.web.templating import templates
from mockprep.web.uploads import MAX_DATA_BYTES, read_upload

router = APIRouter(prefix="/history")
PAGE_SIZE = 25


def _history_page(
    request: Request,
    db: DbDep,
    user_id: int,
    *,
    offset: int = 0,
    question: str = "",
    message: str | None = None,
    error: InputError | None = None,
    status_code: int = 200,
) -> Response:
    with db.read() as s:
        attempts = AttemptRepository(s).history(
            user_id, question_id=question or None, limit=PAGE_SIZE + 1, offset=offset
        )
        total = AttemptRepository(s).count(user_id)
    return templates.TemplateResponse(
        request,
        "pages/history.html",
        {
            "attempts": attempts[:PAGE_SIZE],
            "offset": offset,
            "question": question,
            "more": len(attempts) > PAGE_SIZE,
            "page_size": PAGE_SIZE,
            "total": total,
            "message": message,
            "error": error,
        },
        status_code=status_code,
    )


@router.get("", name="history")
def history(
    request: Request,
    db: DbDep,
    user: CurrentUserDep,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    question: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    return _history_page(request, db, user.id, offset=offset, question=question.strip())


@router.get("/export", name="history_export")
def history_export(db: DbDep, user: CurrentUserDep) -> Response:
    return export_response(db, user.id)


@router.post("/import", name="history_import")
def history_import(
    request: Request,
    db: DbDep,
    user: CurrentUserDep,
    file: Annotated[UploadFile, File()],
) -> Response:
    try:
        data = read_upload(file, limit=MAX_DATA_BYTES, what="export file")
        done = restore(db, user.id, file.filename, data)
    except InputError as exc:
        return _history_page(request, db, user.id, error=exc, status_code=exc.http_status)
    return _history_page(request, db, user.id, message=done.message)


@router.get("/{attempt_id}", name="attempt")
def attempt_page(
    request: Request,
    db: DbDep,
    user: CurrentUserDep,
    catalog: CatalogDep,
    runner: RunnerDep,
    attempt_id: Annotated[int, Path(ge=1, le=MAX_ID)],
) -> Response:
    with db.read() as s:
        attempt = AttemptRepository(s).get(user.id, attempt_id)
        follow_ups = DataRepository(s).follow_ups_of(user.id, attempt_id)
    try:
        question = catalog.get(attempt.question_id)
    except (BankError, InputError):
        question = None
    return templates.TemplateResponse(
        request,
        "pages/attempt.html",
        {
            "attempt": attempt,
            "question": question,
            "follow_up": follow_up_for(runner, attempt),
            "follow_up_answers": follow_ups,
        },
    )
