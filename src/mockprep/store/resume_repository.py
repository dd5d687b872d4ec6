"""ATS resume checks in the store (issue 8): save, list, read and delete one user's checks.

Every query filters by ``user_id``: another user's check is "not found", never shown. The
resume file itself is not kept, only its name, its SHA-256, the extracted text and the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mockprep.errors import RecordNotFoundError
from mockprep.resume.link import StoryRef
from mockprep.resume.report import AtsReport
from mockprep.store.models import ResumeCheck, utcnow

MAX_CHECKS = 500
"""Per user: the oldest checks beyond this are removed when a new one is saved."""


@dataclass(frozen=True)
class ResumeCheckSummary:
    """A past check as a list shows it."""

    id: int
    file_name: str
    file_sha256: str
    kind: str
    score: int
    job_title: str
    created_at: datetime


@dataclass(frozen=True)
class ResumeCheckRecord:
    """A past check in full."""

    id: int
    user_id: int
    file_name: str
    file_sha256: str
    kind: str
    score: int
    job_title: str
    job_text: str
    extracted_text: str
    report: dict[str, Any]
    created_at: datetime

    def parsed(self) -> AtsReport:
        return AtsReport.model_validate(self.report)

    @classmethod
    def of(cls, row: ResumeCheck) -> ResumeCheckRecord:
        return cls(
            id=row.id,
            user_id=row.user_id,
            file_name=row.file_name,
            file_sha256=row.file_sha256,
            kind=row.kind,
            score=row.score,
            job_title=row.job_title,
            job_text=row.job_text,
            extracted_text=row.extracted_text,
            report=dict(row.report or {}),
            created_at=row.created_at,
        )


def _summary(row: ResumeCheck) -> ResumeCheckSummary:
    return ResumeCheckSummary(
        id=row.id,
        file_name=row.file_name,
        file_sha256=row.file_sha256,
        kind=row.kind,
        score=row.score,
        job_title=row.job_title,
        created_at=row.created_at,
    )


class ResumeCheckRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _row(self, user_id: int, check_id: int) -> ResumeCheck:
        row = self.session.get(ResumeCheck, check_id)
        if row is None or row.user_id != user_id:
            raise RecordNotFoundError(
                f"no resume check {check_id}", fix="Open one from the list of past checks at /ats."
            )
        return row

    def add(
        self,
        user_id: int,
        report: AtsReport,
        *,
        job_text: str = "",
        created_at: datetime | None = None,
    ) -> ResumeCheckRecord:
        """Save a check (``created_at``: now, or the time a data export gives)."""
        row = ResumeCheck(
            user_id=user_id,
            file_name=report.file.name[:255],
            file_sha256=report.file.sha256,
            kind=report.file.kind,
            score=report.score,
            job_title=(report.job.title if report.job else "")[:200],
            job_text=job_text,
            extracted_text=report.extracted_text,
            report=report.model_dump(mode="json"),
            created_at=created_at or utcnow(),
        )
        self.session.add(row)
        self.session.flush()
        self._prune(user_id)
        return ResumeCheckRecord.of(row)

    def _prune(self, user_id: int) -> None:
        old = self.session.scalars(
            select(ResumeCheck)
            .where(ResumeCheck.user_id == user_id)
            .order_by(ResumeCheck.created_at.desc(), ResumeCheck.id.desc())
            .offset(MAX_CHECKS)
        ).all()
        for row in old:
            self.session.delete(row)

    def all(self, user_id: int) -> list[ResumeCheckRecord]:
        """Every check of the user's in full, oldest first (for a data export)."""
        rows = self.session.scalars(
            select(ResumeCheck).where(ResumeCheck.user_id == user_id).order_by(ResumeCheck.id)
        )
        return [ResumeCheckRecord.of(r) for r in rows]

    def get(self, user_id: int, check_id: int) -> ResumeCheckRecord:
        return ResumeCheckRecord.of(self._row(user_id, check_id))

    def list(self, user_id: int, *, limit: int = 50, offset: int = 0) -> list[ResumeCheckSummary]:
        rows = self.session.scalars(
            select(ResumeCheck)
            .where(ResumeCheck.user_id == user_id)
            .order_by(ResumeCheck.created_at.desc(), ResumeCheck.id.desc())
            .limit(limit)
            .offset(offset)
        ).all()
        return [_summary(r) for r in rows]

    def count(self, user_id: int) -> int:
        return int(
            self.session.scalar(
                select(func.count()).select_from(ResumeCheck).where(ResumeCheck.user_id == user_id)
            )
            or 0
        )

    def previous(self, user_id: int, check: ResumeCheckRecord) -> ResumeCheckSummary | None:
        """The check made just before ``check`` of a file with the same name (an older version)."""
        row = self.session.scalars(
            select(ResumeCheck)
            .where(
                ResumeCheck.user_id == user_id,
                ResumeCheck.file_name == check.file_name,
                ResumeCheck.id < check.id,
            )
            .order_by(ResumeCheck.id.desc())
            .limit(1)
        ).first()
        return _summary(row) if row else None

    def delete(self, user_id: int, check_id: int) -> None:
        self.session.delete(self._row(user_id, check_id))
        self.session.flush()


def story_refs(session: Session, user_id: int) -> list[StoryRef]:
    """The user's STAR stories, as the keyword link needs them."""
    from mockprep.store.stories_repository import StoryRepository

    refs = []
    for record in StoryRepository(session).list(user_id):
        d = record.draft
        words = " ".join([d.title, d.situation, d.task, d.action, d.result, *d.skills, *d.keywords])
        refs.append(StoryRef(record.id, d.title, words))
    return refs
