"""``/api/v1/speech``: answer by voice. Upload a recording, poll its job, read the result.

Transcription is slow (a second or more per ten seconds of speech), so the upload only checks
the file and queues the work; any web worker's job thread runs it. Poll
``GET /speech/jobs/{id}`` until ``status`` is ``done`` (then ``result.attempt_id`` names the
graded attempt) or ``failed`` (``error`` says what to fix; typing the answer always works).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Path, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from mockprep.speech import recording
from mockprep.speech.spoken_answer import SpeechOptions, spoken_attempt_view, submit
from mockprep.store.jobs_repository import JobRecord
from mockprep.store.repositories import AttemptRepository
from mockprep.store.speech_repository import RecordingRecord
from mockprep.web import flow
from mockprep.web.api.schemas import MAX_ID
from mockprep.web.deps import CurrentUserDep, DbDep, GradeLimitDep, RunnerDep, SettingsDep
from mockprep.web.pages.voice import job_queue, read_audio_upload
from mockprep.web.uploads import safe_name

router = APIRouter(prefix="/speech", tags=["speech"])
Id = Annotated[int, Path(ge=1, le=MAX_ID)]


class JobStatus(BaseModel):
    """Where a background job stands."""

    id: int
    kind: str
    status: str = Field(description="queued, running, done or failed")
    stage: str = Field(description="What it is doing now, for a progress display.")
    ahead: int = Field(description="Queued jobs that run before this one.")
    attempts: int
    error: str | None = Field(description="When failed: what went wrong and the fix.")
    error_type: str | None
    result: dict[str, Any] | None = Field(
        description="When done: attempt_id, session_id, score, low_confidence, url."
    )
    created_at: datetime
    finished_at: datetime | None
    status_url: str

    @classmethod
    def of(cls, job: JobRecord, ahead: int = 0) -> JobStatus:
        return cls(
            id=job.id,
            kind=job.kind,
            status=job.status,
            stage=job.stage,
            ahead=ahead,
            attempts=job.attempts,
            error=job.error,
            error_type=job.error_type,
            result=job.result,
            created_at=job.created_at,
            finished_at=job.finished_at,
            status_url=f"/api/v1/speech/jobs/{job.id}",
        )


class SpokenAttempt(BaseModel):
    """A spoken attempt: transcript with timings, delivery metrics, and the content grade."""

    attempt_id: int
    session_id: int | None
    question_id: str
    transcript: str
    word_timings: list[list[Any]] = Field(description="[word, start s, end s, probability]")
    pieces: list[dict[str, Any]] = Field(
        description="The transcript cut into text, filler, hedge and pause pieces, in order."
    )
    delivery: dict[str, Any]
    low_confidence: bool
    confidence_note: str | None
    audio: dict[str, Any]
    score: float | None
    grade: dict[str, Any] | None


class RecordingOut(BaseModel):
    id: int
    attempt_id: int | None
    filename: str
    format: str
    size_bytes: int
    duration_seconds: float | None
    created_at: datetime
    expires_at: datetime | None

    @classmethod
    def of(cls, r: RecordingRecord) -> RecordingOut:
        return cls(
            id=r.id,
            attempt_id=r.attempt_id,
            filename=r.filename,
            format=r.format,
            size_bytes=r.size_bytes,
            duration_seconds=r.duration_seconds,
            created_at=r.created_at,
            expires_at=r.expires_at,
        )


@router.post("/answers", status_code=202, summary="Upload a spoken answer; returns its job")
def upload_answer(
    request: Request,
    runner: RunnerDep,
    settings: SettingsDep,
    _limit: GradeLimitDep,
    session_id: Annotated[int, Form(ge=1, le=MAX_ID)],
    question_id: Annotated[str, Form(min_length=1, max_length=200)],
    recording_file: Annotated[
        UploadFile, File(alias="recording", description="WAV, WebM/Opus, OGG, MP3 or M4A.")
    ],
    started_at: Annotated[str, Form(max_length=64)] = "",
    parent_attempt_id: Annotated[int | None, Form(ge=1, le=MAX_ID)] = None,
) -> JobStatus:
    session = flow.load_session(runner, session_id)
    question = flow.question_in(runner, session, question_id)
    if parent_attempt_id is not None:
        flow.attempt_in(runner, session, parent_attempt_id)
    options = SpeechOptions.of(settings)
    job = submit(
        job_queue(request),
        runner.user_id,
        read_audio_upload(recording_file, options),
        filename=safe_name(recording_file.filename),
        session=session,
        question=question,
        started_at=flow.parse_started(session, started_at),
        options=options,
        parent_attempt_id=parent_attempt_id,
    )
    request.app.state.job_worker.wake()
    return JobStatus.of(job)


@router.get("/jobs/{job_id}", summary="A job's status, progress and result")
def job_status(request: Request, user: CurrentUserDep, job_id: Id) -> JobStatus:
    job, ahead = job_queue(request).status(user.id, job_id)
    return JobStatus.of(job, ahead)


@router.get("/attempts/{attempt_id}", summary="A spoken attempt with transcript and delivery")
def spoken_attempt(db: DbDep, user: CurrentUserDep, attempt_id: Id) -> SpokenAttempt:
    with db.read() as s:
        attempt = AttemptRepository(s).get(user.id, attempt_id)
    view = spoken_attempt_view(attempt)
    if view is None:
        from mockprep.errors import RecordNotFoundError

        raise RecordNotFoundError(
            f"attempt {attempt_id} was typed, not spoken",
            fix="Use GET /api/v1/attempts/{id} for typed answers.",
        )
    return SpokenAttempt(
        attempt_id=attempt.id,
        session_id=attempt.session_id,
        question_id=attempt.question_id,
        transcript=attempt.transcript or "",
        word_timings=attempt.word_timings or [],
        pieces=view["pieces"],
        delivery=attempt.delivery or {},
        low_confidence=view["low_confidence"],
        confidence_note=view["confidence_note"],
        audio=attempt.audio_info or {},
        score=attempt.score,
        grade=attempt.grade,
    )


@router.get("/recordings", summary="Your kept recordings (MOCKPREP_KEEP_RECORDINGS)")
def list_recordings(db: DbDep, user: CurrentUserDep) -> list[RecordingOut]:
    return [RecordingOut.of(r) for r in recording.kept(db, user.id)]


@router.get("/recordings/{recording_id}/audio", summary="A kept recording's audio")
def recording_audio(db: DbDep, user: CurrentUserDep, recording_id: Id) -> Response:
    record, data = recording.audio(db, user.id, recording_id)
    types = {"WAV": "audio/wav", "WebM": "audio/webm", "OGG": "audio/ogg", "MP3": "audio/mpeg"}
    return Response(
        data,
        media_type=types.get(record.format, "audio/mp4" if record.format == "M4A" else None),
        headers={"Content-Disposition": f'attachment; filename="{record.filename or "answer"}"'},
    )


@router.delete("/recordings/{recording_id}", status_code=204, summary="Delete a kept recording")
def delete_recording(db: DbDep, user: CurrentUserDep, recording_id: Id) -> Response:
    recording.delete(db, user.id, recording_id)
    return Response(status_code=204)
