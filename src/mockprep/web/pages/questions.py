"""The question browser: filters, search by words and meaning, one question with its rubric,
and importing a bank file (every problem shown with its line)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import Response

from mockprep.bank.importers import MAX_IMPORT_BYTES, SUPPORTED
from mockprep.bank.library import import_bank
from mockprep.bank.schema import Kind, Role
from mockprep.errors import BankError, InputError, MockprepError
from mockprep.store.repositories import BankRepository
from mockprep.web.deps import CatalogDep, CurrentUserDep, DbDep, EmbeddingsDep
from mockprep.web.errors import error_details
from mockprep.web.templating import templates
from mockprep.web.uploads import bank_file, read_upload

router = APIRouter(prefix="/questions")
Text = Annotated[str, Query(max_length=80)]


@router.get("", name="questions")
def browse(
    request: Request,
    catalog: CatalogDep,
    embeddings: EmbeddingsDep,
    q: Annotated[str, Query(max_length=500)] = "",
    category: Text = "",
    kind: Text = "",
    role: Text = "",
    difficulty: Text = "",
    bank: Text = "",
) -> Response:
    chosen = {
        "category": category,
        "kind": kind,
        "role": role,
        "difficulty": difficulty,
        "bank": bank,
    }
    error = None
    try:
        matching = catalog.filter(
            category=category or None,
            kind=Kind(kind) if kind else None,
            role=Role(role) if role else None,
            difficulty=int(difficulty) if difficulty else None,
            bank=bank or None,
        )
    except (InputError, ValueError) as exc:
        matching, error = list(catalog.questions), f"{exc}"
    search = q.replace("\x00", "").strip()
    if search:
        allowed = {x.uid for x in matching}
        hits = catalog.search(search, cache=embeddings, limit=len(catalog.questions))
        matching = [h.question for h in hits if h.question.uid in allowed]
    return templates.TemplateResponse(
        request,
        "pages/questions.html",
        {
            "questions": matching,
            "q": search,
            "chosen": chosen,
            "error": error,
            "categories": catalog.categories,
            "banks": catalog.banks,
            "kinds": [k.value for k in Kind],
            "roles": [r.value for r in Role],
        },
    )


@router.get("/import", name="bank_import_form")
def import_form(request: Request, db: DbDep, user: CurrentUserDep) -> Response:
    return _import_page(request, db, user.id)


def _import_page(
    request: Request,
    db: DbDep,
    user_id: int,
    *,
    result: str | None = None,
    error: MockprepError | None = None,
    status_code: int = 200,
) -> Response:
    with db.read() as s:
        banks = BankRepository(s).latest(user_id)
    return templates.TemplateResponse(
        request,
        "pages/import.html",
        {
            "banks": banks,
            "result": result,
            "error": error.message.splitlines()[0] if error else None,
            "fix": error.fix if error else None,
            "problems": error_details(error) if error else [],
            "formats": ", ".join(SUPPORTED),
        },
        status_code=status_code,
    )


@router.post("/import", name="bank_import")
def import_upload(
    request: Request,
    db: DbDep,
    user: CurrentUserDep,
    file: Annotated[UploadFile, File()],
    name: Annotated[str, Form(max_length=80)] = "",
) -> Response:
    try:
        data = read_upload(file, limit=MAX_IMPORT_BYTES, what="bank file")
        with bank_file(file.filename, data) as path, db.write() as s:
            record, created = import_bank(
                BankRepository(s),
                user.id,
                path,
                name=name.strip() or None,
                source=f"upload:{path.name}",
            )
    except (BankError, InputError) as exc:
        return _import_page(request, db, user.id, error=exc, status_code=exc.http_status)
    result = (
        f"Imported {record.question_count} questions as bank {record.name} version {record.version}."
        if created
        else f"Bank {record.name} version {record.version} already has this content."
    )
    return _import_page(request, db, user.id, result=result)


def _question_page(request: Request, catalog: CatalogDep, ref: str) -> Response:
    question = catalog.get(ref)
    return templates.TemplateResponse(request, "pages/question.html", {"question": question})


@router.get("/{question_id}", name="question")
def show(
    request: Request, catalog: CatalogDep, question_id: Annotated[str, Path(max_length=200)]
) -> Response:
    return _question_page(request, catalog, question_id)


@router.get("/{bank}/{question_id}", name="bank_question")
def show_in_bank(
    request: Request,
    catalog: CatalogDep,
    bank: Annotated[str, Path(max_length=80)],
    question_id: Annotated[str, Path(max_length=200)],
) -> Response:
    return _question_page(request, catalog, f"{bank}/{question_id}")
