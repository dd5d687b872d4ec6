"""Spoken answers on the practice pages, without JavaScript: upload a recording with a plain
form, watch a progress page that refreshes itself, land on the grade.

The upload only checks the file and queues its transcription (``speech.spoken_answer.submit``);
a job-queue worker does the slow part, so the request returns at once. With JavaScript the
practice page records from the microphone and polls ``/api/v1/speech/jobs/{id}`` instead.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from mockprep.jobs.queue import JobQueue
from mockprep.speech.errors import AudioError
from mockprep.speech.spoken_answer import SpeechOptions, submit
from mockprep.web import flow
from mockprep.web.api.schemas import MAX_ID
from mockprep.web.deps import GradeLimitDep, RunnerDep, SettingsDep
from mockprep.web.templating import templates
from mockprep.web.uploads import safe_name

router = APIRouter()
"""Included by ``pages/practice.py`` under ``/practice``."""
SessionId = Annotated[int, Path(ge=1, le=MAX_ID)]
JobId = Annotated[int, Path(ge=1, le=MAX_ID)]
REFRESH_SECONDS = 2


def job_queue(request: Request) -> JobQueue:
    worker = request.app.state.job_worker
    queue: JobQueue = worker.queue
    return queue


def read_audio_upload(upload: UploadFile, options: SpeechOptions) -> bytes:
    """The upload's bytes, at most one byte over the limit (so the size check can refuse it)."""
    data: bytes = upload.file.read(options.limits.max_bytes + 1)
    return data


@router.post("/{session_id}/voice", name="practice_voice_upload")
def voice_upload(
    request: Request,
    runner: RunnerDep,
    settings: SettingsDep,
    session_id: SessionId,
    _limit: GradeLimitDep,
    question_id: Annotated[str, Form(min_length=1, max_length=200)],
    recording: Annotated[UploadFile, File(description="The spoken answer.")],
    started_at: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    session = flow.load_session(runner, session_id)
    question = flow.question_in(runner, session, question_id)
    options = SpeechOptions.of(settings)
    try:
        job = submit(
            job_queue(request),
            runner.user_id,
            read_audio_upload(recording, options),
            filename=safe_name(recording.filename),
            session=session,
            question=question,
            started_at=flow.parse_started(session, started_at),
            options=options,
        )
    except AudioError as exc:
        return templates.TemplateResponse(
            request,
            "practice/voice_progress.html",
            {"session": session, "question": question, "job": None, "error": str(exc)},
            status_code=exc.http_status,
        )
    request.app.state.job_worker.wake()
    return RedirectResponse(f"/practice/{session.id}/voice/{job.id}", status_code=303)


@router.get("/{session_id}/voice/{job_id}", name="practice_voice_progress")
def voice_progress(
    request: Request, runner: RunnerDep, session_id: SessionId, job_id: JobId
) -> Response:
    session = flow.load_session(runner, session_id)
    job, ahead = job_queue(request).status(runner.user_id, job_id)
    if job.status == "done" and job.result:
        return RedirectResponse(str(job.result["url"]), status_code=303)
    question_ref = str(job.payload.get("question_id", ""))
    question = flow.question_in(runner, session, question_ref) if question_ref else None
    return templates.TemplateResponse(
        request,
        "practice/voice_progress.html",
        {
            "session": session,
            "question": question,
            "job": job,
            "ahead": ahead,
            "error": job.error if job.status == "failed" else None,
            "refresh": REFRESH_SECONDS if job.status in ("queued", "running") else None,
        },
    )
