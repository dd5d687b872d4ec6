"""``/api/v1/banks``: import your own question bank (validated, all or nothing)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from pydantic import BaseModel, Field

from mockprep.bank.importers import MAX_IMPORT_BYTES
from mockprep.bank.library import import_bank
from mockprep.bank.schema import SLUG_PATTERN
from mockprep.store.repositories import BankRepository
from mockprep.web.deps import CurrentUserDep, DbDep
from mockprep.web.uploads import bank_file, read_upload

router = APIRouter(prefix="/banks", tags=["banks"])


class BankImported(BaseModel):
    name: str
    version: str
    question_count: int
    created: bool = Field(description="False when the bank already had exactly this content.")
    message: str


class BankOut(BaseModel):
    name: str
    version: str
    question_count: int
    source: str = Field(description="Where this version came from: a path, or upload:<file name>.")


@router.get("", summary="Your imported banks (newest version of each)")
def list_banks(db: DbDep, user: CurrentUserDep) -> list[BankOut]:
    with db.read() as s:
        records = BankRepository(s).latest(user.id)
    return [
        BankOut(name=r.name, version=r.version, question_count=r.question_count, source=r.source)
        for r in records
    ]


@router.post(
    "/import",
    status_code=201,
    summary="Import a bank file (YAML/JSON schema, CSV or Markdown)",
    description="Every problem is listed in error.details as `file:line: field: message`.",
)
def import_bank_file(
    db: DbDep,
    user: CurrentUserDep,
    file: Annotated[UploadFile, File(description="The bank file.")],
    name: Annotated[
        str | None, Form(max_length=80, pattern=SLUG_PATTERN, description="Bank name.")
    ] = None,
) -> BankImported:
    data = read_upload(file, limit=MAX_IMPORT_BYTES, what="bank file")
    with bank_file(file.filename, data) as path, db.write() as s:
        record, created = import_bank(
            BankRepository(s), user.id, path, name=name or None, source=f"upload:{path.name}"
        )
    message = (
        f"Imported {record.question_count} questions as bank {record.name} version "
        f"{record.version}."
        if created
        else f"Bank {record.name} version {record.version} already has this content."
    )
    return BankImported(
        name=record.name,
        version=record.version,
        question_count=record.question_count,
        created=created,
        message=message,
    )
