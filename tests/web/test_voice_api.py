"""Answering by voice over HTTP, on SQLite and PostgreSQL: the upload returns a job at once,
the app's job worker transcribes and grades it, polling finds the graded attempt; bad files
get a clear 4xx; the plain form works without JavaScript."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import pytest
from webhelpers import Api

sys.path.insert(0, str(Path(__file__).parents[1] / "speech"))
from speaking import encode, join_wavs, needs_espeak, speak

pytestmark = [needs_espeak, pytest.mark.slow]
ANSWER = (
    "Um, retrieval augmented generation first looks up passages in a document index, "
    "and then the model writes an answer from them, you know, so it can cite its sources."
)


def start_session(api: Api) -> int:
    started = api.post("/api/v1/sessions", json={"question_ids": ["rag-basics"]})
    assert started.status_code == 201, started.text
    return int(started.json()["id"])


def wait_for(api: Api, url: str, timeout: float = 600) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = api.get(url).json()
        if job["status"] in ("done", "failed"):
            return job  # type: ignore[no-any-return]
        time.sleep(0.3)
    raise AssertionError(f"job not finished in {timeout} s: {job}")


def test_upload_poll_and_read_the_spoken_attempt(any_db_api: Api) -> None:
    api = any_db_api
    sid = start_session(api)
    audio = encode(join_wavs(speak(ANSWER[:70]), 2.2, speak(ANSWER[70:])), "webm")
    began = time.monotonic()
    answered = api.post(
        "/api/v1/speech/answers",
        data={"session_id": str(sid), "question_id": "rag-basics"},
        files={"recording": ("answer.webm", audio, "audio/webm")},
    )
    assert answered.status_code == 202, answered.text
    assert time.monotonic() - began < 5  # the request only queues the work
    job = wait_for(api, answered.json()["status_url"])
    assert job["status"] == "done", job
    result = job["result"]
    assert result["session_id"] == sid and result["score"] is not None

    spoken = api.get(f"/api/v1/speech/attempts/{result['attempt_id']}").json()
    assert "retriev" in spoken["transcript"].lower()
    assert spoken["word_timings"] and len(spoken["word_timings"][0]) == 4
    assert spoken["delivery"]["long_pauses"] >= 1 and spoken["delivery"]["fillers"] >= 1
    kinds = {p["kind"] for p in spoken["pieces"]}
    assert {"text", "pause", "filler"} <= kinds
    assert spoken["audio"]["format"] == "WebM" and spoken["grade"]["score"] == spoken["score"]

    attempt = api.get(f"/api/v1/attempts/{result['attempt_id']}").json()
    assert attempt["transcript"] == spoken["transcript"] == attempt["answer_text"]
    page = api.get(result["url"]).text
    assert "Delivery" in page and 'class="pause-mark"' in page and 'mark class="filler"' in page
    history = api.get(f"/history/{result['attempt_id']}").text  # the attempt, later
    assert "Delivery" in history and 'class="pause-mark"' in history
    assert api.get("/api/v1/speech/recordings").json() == []  # audio not kept by default


@pytest.mark.parametrize(
    ("name", "data", "status", "kind"),
    [
        ("empty.wav", b"", 422, "EmptyAudioError"),
        ("notes.txt", b"these are my notes, not a recording\n" * 5, 415, "NotAudioError"),
    ],
)
def test_bad_files_are_refused_with_the_fix(
    api: Api, name: str, data: bytes, status: int, kind: str
) -> None:
    sid = start_session(api)
    r = api.post(
        "/api/v1/speech/answers",
        data={"session_id": str(sid), "question_id": "rag-basics"},
        files={"recording": (name, data, "application/octet-stream")},
    )
    assert r.status_code == status, r.text
    error = r.json()["error"]
    assert error["type"] == kind and "type your answer" in error["message"]


def test_silence_fails_the_job_with_a_clear_message(api: Api) -> None:
    from speaking import silence_wav

    sid = start_session(api)
    r = api.post(
        "/api/v1/speech/answers",
        data={"session_id": str(sid), "question_id": "rag-basics"},
        files={"recording": ("quiet.wav", silence_wav(2.0), "audio/wav")},
    )
    assert r.status_code == 202
    job = wait_for(api, r.json()["status_url"])
    assert job["status"] == "failed" and job["error_type"] == "SilentAudioError"
    assert "microphone" in job["error"]
    assert api.get(f"/api/v1/sessions/{sid}/next").status_code == 200  # still answerable


def test_plain_form_upload_without_javascript(api: Api) -> None:
    sid = start_session(api)
    r = api.form(
        f"/practice/{sid}/voice",
        {"question_id": "core/rag-basics"},
        files={"recording": ("answer.wav", speak(ANSWER), "audio/wav")},
    )
    assert r.status_code == 303
    progress_url = r.headers["location"]
    deadline = time.monotonic() + 600
    while True:
        page = api.client.get(progress_url, follow_redirects=False)
        if page.status_code == 303:
            break
        assert page.status_code == 200 and 'http-equiv="refresh"' in page.text
        assert time.monotonic() < deadline, page.text
        time.sleep(0.3)
    graded = api.get(page.headers["location"]).text
    assert "What you said" in graded and "Delivery" in graded

    bad = api.form(
        f"/practice/{sid}/voice",
        {"question_id": "core/rag-basics"},
        files={"recording": ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")},
    )
    assert bad.status_code == 415 and "type your answer" in bad.text
    assert "Back to the question" in bad.text
