"""``/api/v1/ats``: check a resume against a job description; past checks to compare versions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, File, Form, Path, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from mockprep.bank.catalog import Catalog
from mockprep.resume.check import build_report, extract
from mockprep.resume.errors import ResumeTooLargeError, UnsupportedResumeError
from mockprep.resume.jobdesc import MAX_JOB_CHARS
from mockprep.resume.report import AtsReport
from mockprep.resume.sniff import MAX_RESUME_BYTES
from mockprep.store.database import Database
from mockprep.store.resume_repository import (
    ResumeCheckRecord,
    ResumeCheckRepository,
    story_refs,
)
from mockprep.web.api.schemas import MAX_ID, PlainText
from mockprep.web.deps import CatalogDep, CurrentUserDep, DbDep, GradeLimitDep
from mockprep.web.uploads import safe_name

router = APIRouter(prefix="/ats", tags=["resume check"])
JobText = Annotated[PlainText, Form(max_length=MAX_JOB_CHARS, description="The job description.")]


class CheckSummary(BaseModel):
    id: int
    file_name: str
    kind: str
    score: int
    job_title: str
    created_at: datetime


class CheckOut(BaseModel):
    id: int
    created_at: datetime
    job_text: str = Field(description="The job description the resume was checked against.")
    report: AtsReport


def read_resume_upload(upload: UploadFile) -> tuple[str, bytes]:
    """The upload's safe name and bytes, refused past the size limit (run in a worker thread)."""
    data = upload.file.read(MAX_RESUME_BYTES + 1)
    name = safe_name(upload.filename)
    if len(data) > MAX_RESUME_BYTES:
        raise ResumeTooLargeError(
            f"{name} is larger than {MAX_RESUME_BYTES // 1_000_000} MB",
            fix="Export the resume again without embedded photos or large fonts.",
        )
    if not data:
        raise UnsupportedResumeError(f"{name} is empty", fix="Choose the resume file to upload.")
    return name, data


def run_check(
    db: Database, catalog: Catalog, user_id: int, name: str, data: bytes, job_text: str
) -> ResumeCheckRecord:
    """Parse in the sandbox, build the report (with links to the bank and stories), save it."""
    import hashlib

    extraction = extract(data, name, warm=True)
    with db.read() as s:
        stories = story_refs(s, user_id)
    report = build_report(
        extraction,
        file_name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        job_text=job_text or None,
        catalog=catalog,
        stories=stories,
    )
    with db.write() as s:
        return ResumeCheckRepository(s).add(user_id, report, job_text=job_text)


def check_out(record: ResumeCheckRecord) -> CheckOut:
    return CheckOut(
        id=record.id, created_at=record.created_at, job_text=record.job_text, report=record.parsed()
    )


@router.post(
    "/checks",
    status_code=201,
    summary="Check a resume (PDF, DOCX, TXT, Markdown) against a job description",
    description="The file's type is judged by its content; parsing runs in a separate process "
    f"with time and memory limits. At most {MAX_RESUME_BYTES // 1_000_000} MB and 10 pages.",
)
def create_check(
    db: DbDep,
    user: CurrentUserDep,
    catalog: CatalogDep,
    _limit: GradeLimitDep,
    file: Annotated[UploadFile, File(description="The resume.")],
    job_text: JobText = "",
) -> CheckOut:
    name, data = read_resume_upload(file)
    return check_out(run_check(db, catalog, user.id, name, data, job_text.strip()))


@router.get("/checks", summary="Your past checks, newest first")
def list_checks(db: DbDep, user: CurrentUserDep) -> list[CheckSummary]:
    with db.read() as s:
        rows = ResumeCheckRepository(s).list(user.id, limit=200)
    return [
        CheckSummary(
            id=r.id,
            file_name=r.file_name,
            kind=r.kind,
            score=r.score,
            job_title=r.job_title,
            created_at=r.created_at,
        )
        for r in rows
    ]


@router.get("/checks/{check_id}", summary="One past check with its full report")
def get_check(
    db: DbDep, user: CurrentUserDep, check_id: Annotated[int, Path(ge=1, le=MAX_ID)]
) -> CheckOut:
    with db.read() as s:
        return check_out(ResumeCheckRepository(s).get(user.id, check_id))


@router.delete("/checks/{check_id}", status_code=204, summary="Delete a past check")
def delete_check(
    db: DbDep, user: CurrentUserDep, check_id: Annotated[int, Path(ge=1, le=MAX_ID)]
) -> Response:
    with db.write() as s:
        ResumeCheckRepository(s).delete(user.id, check_id)
    return Response(status_code=204)
