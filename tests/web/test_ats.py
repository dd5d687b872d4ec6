"""The resume check in the web app: the API and the page on a real database, hostile uploads
answered with a 4xx in bounded time (and the next request served), and in hosted mode each
user's checks are their own."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from webhelpers import BASE_URL, Api, make_client

sys.path.insert(0, str(Path(__file__).parents[1] / "resume"))
import resume_files as rf

from mockprep.config import load_settings

PDF = "application/pdf"


def upload(
    api: Api, data: bytes, name: str = "Jane-Example-Resume.pdf", job: str = rf.JOB
) -> object:
    return api.post("/api/v1/ats/checks", files={"file": (name, data, PDF)}, data={"job_text": job})


def test_api_checks_a_resume_and_keeps_it(any_db_api: Api) -> None:
    r = upload(any_db_api, rf.single_column())
    assert r.status_code == 201, r.text  # type: ignore[attr-defined]
    body = r.json()  # type: ignore[attr-defined]
    report = body["report"]
    assert {"score", "breakdown", "keywords", "findings", "fixes", "text"} <= set(report)
    assert [ln["text"] for ln in report["text"]] == rf.single_column_lines()
    assert report["job"]["title"] == "Senior ML Engineer"
    listed = any_db_api.get("/api/v1/ats/checks").json()
    assert [c["id"] for c in listed] == [body["id"]] and listed[0]["score"] == report["score"]
    again = any_db_api.get(f"/api/v1/ats/checks/{body['id']}").json()
    assert again["report"] == report and again["job_text"] == rf.JOB.strip()
    assert (
        any_db_api.client.delete(
            f"/api/v1/ats/checks/{body['id']}", headers={"X-CSRF-Token": any_db_api.token}
        ).status_code
        == 204
    )
    assert any_db_api.get(f"/api/v1/ats/checks/{body['id']}").status_code == 404


HOSTILE: list[tuple[str, Callable[[], bytes], str, int]] = [
    ("binary", rf.binary_renamed, "resume.pdf", 415),
    ("encrypted", rf.encrypted, "locked.pdf", 422),
    ("circular", rf.circular, "loop.pdf", 422),
    ("xxe", lambda: rf.docx_xxe("http://127.0.0.1:9/x"), "cv.docx", 422),
]


@pytest.mark.parametrize(("label", "build", "name", "status"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_uploads_get_a_4xx_and_the_next_request_works(
    api: Api, label: str, build: Callable[[], bytes], name: str, status: int
) -> None:
    started = time.monotonic()
    r = upload(api, build(), name)
    assert r.status_code == status, r.text  # type: ignore[attr-defined]
    error = r.json()["error"]  # type: ignore[attr-defined]
    assert error["type"].startswith(("Resume", "Unsupported", "Unsafe")) and error["message"]
    assert time.monotonic() - started < 20
    assert upload(api, rf.single_column()).status_code == 201  # type: ignore[attr-defined]


def test_bombs_through_the_app(api: Api) -> None:
    for data, name, status in (
        (rf.decompression_bomb(), "bomb.pdf", 422),
        (rf.docx_zip_bomb(), "bomb.docx", 422),
    ):
        started = time.monotonic()
        r = upload(api, data, name)
        assert r.status_code == status, r.text  # type: ignore[attr-defined]
        assert time.monotonic() - started < 30
    assert upload(api, rf.docx_resume(), "Jane.docx").status_code == 201  # type: ignore[attr-defined]


def test_too_large_upload_is_413(api: Api) -> None:
    r = upload(api, b"%PDF-" + b" " * 5_000_001)
    assert r.status_code == 413 and "larger than 5 MB" in r.json()["error"]["message"]  # type: ignore[attr-defined]


def test_page_upload_report_side_by_side_and_compare(api: Api, client: TestClient) -> None:
    page = client.get("/ats")
    assert (
        page.status_code == 200 and 'name="job_text"' in page.text and "No checks yet" in page.text
    )
    first = api.form(
        "/ats", {"job_text": rf.JOB}, files={"file": ("cv.pdf", rf.single_column(), PDF)}
    )
    assert first.status_code == 303
    report = client.get(first.headers["location"])
    assert report.status_code == 200
    assert (
        'id="line-8"' in report.text
        and "What an ATS reads" in report.text
        and "Findings" in report.text
    )
    assert "Top fixes" in report.text and "Qdrant" in report.text
    richer = rf.single_column(skills=rf.SKILLS + ", fine-tuning, Kubernetes")
    second = api.form("/ats", {"job_text": rf.JOB}, files={"file": ("cv.pdf", richer, PDF)})
    listing = client.get("/ats")
    assert "since the last version" in listing.text
    new_id = second.headers["location"].rsplit("/", 1)[1]
    old_id = first.headers["location"].rsplit("/", 1)[1]
    compare = client.get(f"/ats/compare?a={old_id}&b={new_id}")
    assert compare.status_code == 200 and "Keywords now found" in compare.text
    assert "fine-tuning" in compare.text and "Kubernetes" in compare.text


def test_page_shows_a_hostile_upload_as_an_error_and_keeps_the_job_text(api: Api) -> None:
    r = api.form(
        "/ats", {"job_text": "Prompt engineer"}, files={"file": ("x.pdf", rf.binary_renamed(), PDF)}
    )
    assert r.status_code == 415
    assert "not a PDF, DOCX or text file" in r.text and ">Prompt engineer</textarea>" in r.text


def _signed_up(app: object, name: str, address: str) -> Api:
    web = Api(TestClient(app, base_url=BASE_URL, client=(address, 40000)))  # type: ignore[arg-type]
    r = web.post(
        "/api/v1/auth/signup", json={"username": name, "password": "correct horse battery"}
    )
    assert r.status_code == 201, r.text
    return web


def test_hosted_users_see_only_their_own_checks(
    database_url: str, sealed_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sealed_home.mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("MOCKPREP_AUTH", "accounts")
    monkeypatch.setenv("MOCKPREP_SECRET_KEY", "k3y-for-tests-only-0123456789abcdef")
    for client in make_client(load_settings()):
        app = client.app
        alice = _signed_up(app, "alice", "203.0.113.1")
        bob = _signed_up(app, "bob", "203.0.113.2")
        made = upload(alice, rf.single_column())
        check_id = made.json()["id"]  # type: ignore[attr-defined]
        assert bob.get(f"/api/v1/ats/checks/{check_id}").status_code == 404
        assert bob.get("/api/v1/ats/checks").json() == []
        assert bob.get(f"/ats/{check_id}").status_code == 404
        assert alice.get(f"/ats/{check_id}").status_code == 200
        stranger = TestClient(app, base_url=BASE_URL)
        assert stranger.get("/api/v1/ats/checks").status_code == 401
