"""The resume check: upload a resume and paste a job description; the report shows the text an
ATS extracts beside the findings; past checks are kept so two versions can be compared."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from mockprep.errors import InputError
from mockprep.resume.jobdesc import MAX_JOB_CHARS
from mockprep.resume.report import AtsReport
from mockprep.resume.sniff import MAX_RESUME_BYTES, MAX_RESUME_PAGES
from mockprep.store.resume_repository import ResumeCheckRepository
from mockprep.web.api.ats import read_resume_upload, run_check
from mockprep.web.api.schemas import MAX_ID
from mockprep.web.deps import CatalogDep, CurrentUserDep, DbDep, GradeLimitDep
from mockprep.web.templating import templates

router = APIRouter(prefix="/ats")
CheckId = Annotated[int, Path(ge=1, le=MAX_ID)]


def _index(
    request: Request,
    db: DbDep,
    user_id: int,
    *,
    error: InputError | None = None,
    job_text: str = "",
    status_code: int = 200,
) -> Response:
    with db.read() as s:
        checks = ResumeCheckRepository(s).list(user_id, limit=100)
    previous: dict[int, int] = {}
    for i, c in enumerate(checks):
        older = next((o for o in checks[i + 1 :] if o.file_name == c.file_name), None)
        if older is not None:
            previous[c.id] = older.id
    scores = {c.id: c.score for c in checks}
    return templates.TemplateResponse(
        request,
        "ats/index.html",
        {
            "checks": checks,
            "previous": previous,
            "scores": scores,
            "error": error,
            "job_text": job_text,
            "max_mb": MAX_RESUME_BYTES // 1_000_000,
            "max_pages": MAX_RESUME_PAGES,
            "max_job": MAX_JOB_CHARS,
        },
        status_code=status_code,
    )


@router.get("", name="ats")
def ats_index(request: Request, db: DbDep, user: CurrentUserDep) -> Response:
    return _index(request, db, user.id)


@router.post("", name="ats_check")
def ats_check(
    request: Request,
    db: DbDep,
    user: CurrentUserDep,
    catalog: CatalogDep,
    _limit: GradeLimitDep,
    file: Annotated[UploadFile, File()],
    job_text: Annotated[str, Form(max_length=MAX_JOB_CHARS)] = "",
) -> Response:
    job = job_text.replace("\x00", "").strip()
    try:
        name, data = read_resume_upload(file)
        record = run_check(db, catalog, user.id, name, data, job)
    except InputError as exc:
        return _index(request, db, user.id, error=exc, job_text=job, status_code=exc.http_status)
    return RedirectResponse(f"/ats/{record.id}", status_code=303)


def _finding_lines(report: AtsReport) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = {}
    for f in report.findings:
        if f.line:
            out.setdefault(f.line, []).append(f)
    return out


@router.get("/compare", name="ats_compare")
def ats_compare(
    request: Request,
    db: DbDep,
    user: CurrentUserDep,
    a: Annotated[int, Query(ge=1, le=MAX_ID)],
    b: Annotated[int, Query(ge=1, le=MAX_ID)],
) -> Response:
    with db.read() as s:
        repo = ResumeCheckRepository(s)
        old, new = sorted((repo.get(user.id, a), repo.get(user.id, b)), key=lambda r: r.id)
    before, after = old.parsed(), new.parsed()
    found_before = {k.term for k in before.keywords if k.found}
    found_after = {k.term for k in after.keywords if k.found}
    names = {k.term: k.name for k in before.keywords + after.keywords}
    kinds_before = {(f.kind, f.message) for f in before.findings}
    kinds_after = {(f.kind, f.message) for f in after.findings}
    parts = [
        (p.label, p.points, next((q.points for q in after.breakdown if q.name == p.name), 0.0))
        for p in before.breakdown
    ]
    return templates.TemplateResponse(
        request,
        "ats/compare.html",
        {
            "old": old,
            "new": new,
            "before": before,
            "after": after,
            "parts": parts,
            "gained": sorted(names[t] for t in found_after - found_before),
            "lost": sorted(names[t] for t in found_before - found_after),
            "fixed": [f for f in before.findings if (f.kind, f.message) not in kinds_after],
            "new_findings": [f for f in after.findings if (f.kind, f.message) not in kinds_before],
        },
    )


@router.get("/{check_id}", name="ats_report")
def ats_report(request: Request, db: DbDep, user: CurrentUserDep, check_id: CheckId) -> Response:
    with db.read() as s:
        repo = ResumeCheckRepository(s)
        record = repo.get(user.id, check_id)
        previous = repo.previous(user.id, record)
    report = record.parsed()
    return templates.TemplateResponse(
        request,
        "ats/report.html",
        {
            "record": record,
            "report": report,
            "previous": previous,
            "finding_lines": _finding_lines(report),
            "found": [k for k in report.keywords if k.found],
            "missing": [k for k in report.keywords if not k.found],
        },
    )


@router.post("/{check_id}/delete", name="ats_delete")
def ats_delete(db: DbDep, user: CurrentUserDep, check_id: CheckId) -> Response:
    with db.write() as s:
        ResumeCheckRepository(s).delete(user.id, check_id)
    return RedirectResponse("/ats", status_code=303)
