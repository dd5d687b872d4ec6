"""Resume checks in the store, on SQLite and PostgreSQL: saved, listed newest first, compared
with the previous version of the same file, deleted; one user never sees another's."""

from __future__ import annotations

import pytest
import resume_files as rf

from mockprep.errors import RecordNotFoundError
from mockprep.resume.check import build_report, extract
from mockprep.resume.report import AtsReport
from mockprep.store.database import Database
from mockprep.store.repositories import UserRepository
from mockprep.store.resume_repository import ResumeCheckRepository


@pytest.fixture(scope="module")
def reports() -> tuple[AtsReport, AtsReport]:
    first = build_report(
        extract(rf.single_column(), "cv.pdf"), file_name="cv.pdf", sha256="a" * 64, job_text=rf.JOB
    )
    richer = extract(rf.single_column(skills=rf.SKILLS + ", Kubernetes, RLHF"), "cv.pdf")
    second = build_report(richer, file_name="cv.pdf", sha256="b" * 64, job_text=rf.JOB)
    return first, second


def test_checks_are_kept_per_user_and_compared_by_version(
    db: Database, reports: tuple[AtsReport, AtsReport]
) -> None:
    first, second = reports
    with db.write() as s:
        users = UserRepository(s)
        alice, bob = users.create("alice").id, users.create("bob").id
        repo = ResumeCheckRepository(s)
        one = repo.add(alice, first, job_text=rf.JOB)
        two = repo.add(alice, second, job_text=rf.JOB)
        repo.add(bob, first)
    with db.read() as s:
        repo = ResumeCheckRepository(s)
        listed = repo.list(alice)
        assert [c.id for c in listed] == [two.id, one.id]
        assert listed[0].score == second.score > listed[1].score == first.score
        assert listed[0].job_title == "Senior ML Engineer"
        got = repo.get(alice, two.id)
        assert got.parsed() == second
        assert got.extracted_text == "\n".join(
            [*rf.single_column_lines()[:-1], rf.SKILLS + ", Kubernetes, RLHF"]
        )
        assert got.file_sha256 == "b" * 64 and got.job_text == rf.JOB
        previous = repo.previous(alice, got)
        assert previous is not None and previous.id == one.id
        assert repo.count(alice) == 2 and repo.count(bob) == 1
        with pytest.raises(RecordNotFoundError):
            repo.get(bob, one.id)
    with db.write() as s:
        with pytest.raises(RecordNotFoundError):
            ResumeCheckRepository(s).delete(bob, one.id)
        ResumeCheckRepository(s).delete(alice, one.id)
    with db.read() as s:
        assert [c.id for c in ResumeCheckRepository(s).list(alice)] == [two.id]
