"""A spoken answer from recording to stored attempt: the step the browser, the terminal and the
job queue share.

``listen`` decodes a recording, transcribes it and measures its delivery. ``save_and_grade``
stores the attempt (transcript as the answer, word timings, delivery, audio details; saved
before grading like every answer) and grades the transcript's content with the usual grader.
``submit`` and ``VoiceAnswerHandler`` split the same work across a request and a job-queue
worker, so slow transcription never runs inside a web request.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from mockprep.bank.library import load_catalog
from mockprep.bank.schema import Kind, Question
from mockprep.config import Settings
from mockprep.errors import InputError
from mockprep.grading import Grade, Grader
from mockprep.jobs.queue import JobContext, JobQueue
from mockprep.practice.runner import PracticeRunner, follow_up_question
from mockprep.speech import recording
from mockprep.speech.audio import AudioInfo, AudioLimits, decode, probe
from mockprep.speech.delivery import Delivery, DeliveryConfig, analyse, word_total
from mockprep.speech.engine import Transcriber, load_transcriber
from mockprep.speech.errors import TYPE_INSTEAD, NoSpeechError
from mockprep.speech.recording import RecordingPolicy
from mockprep.speech.transcript import Transcript
from mockprep.store.database import Database
from mockprep.store.jobs_repository import JobRecord
from mockprep.store.records import AttemptRecord, SessionRecord
from mockprep.store.repositories import AttemptRepository, BankRepository, SessionRepository
from mockprep.store.speech_repository import SpeechRepository

log = logging.getLogger(__name__)
VOICE_JOB = "voice-answer"


@dataclass(frozen=True)
class SpeechOptions:
    """The voice settings, gathered from ``Settings``."""

    model: str = "tiny.en"
    limits: AudioLimits = field(default_factory=AudioLimits)
    delivery: DeliveryConfig = field(default_factory=DeliveryConfig)
    recordings: RecordingPolicy = field(default_factory=RecordingPolicy)

    @classmethod
    def of(cls, settings: Settings) -> SpeechOptions:
        low, high = settings.pace_range
        return cls(
            model=settings.speech_model,
            limits=AudioLimits.of(settings.max_audio_mb, settings.max_audio_seconds),
            delivery=DeliveryConfig(pace_low=low, pace_high=high),
            recordings=RecordingPolicy(
                keep=settings.keep_recordings, retention_days=settings.recording_retention_days
            ),
        )


@dataclass(frozen=True)
class SpokenAnswer:
    """A recording understood: what was said, how it was said, and what the audio was."""

    transcript: Transcript
    delivery: Delivery
    audio: AudioInfo

    def audio_info_json(self, **extra: Any) -> dict[str, Any]:
        return {**self.audio.as_dict(), **self.transcript.meta_json(), **extra}


def expected_words(question: Question) -> int | None:
    """How long a full answer runs: the model answer's length (spoken style, 80–220 words)."""
    reference = question.model_answer or (question.answers[0] if question.answers else "")
    count = word_total(reference)
    return count or None


def behavioural_parts(
    question: Question, text: str, embedder: Any | None = None
) -> list[tuple[str, int, int]]:
    """Situation/Task/Action/Result spans of a behavioural answer (character offsets).

    Uses the STAR splitter (``mockprep.star``); other kinds of question have no parts.
    """
    if question.kind is not Kind.BEHAVIOURAL or not text.strip():
        return []
    try:
        from mockprep.star.splitter import split_answer
    except ImportError:  # the STAR package is optional to this feature
        return []
    layout = split_answer(text, embedder)
    return [(s.part.label, s.start, s.end) for s in layout.sentences]


def listen(
    data: bytes,
    question: Question | None,
    transcriber: Transcriber,
    options: SpeechOptions,
    *,
    name: str = "the recording",
    embedder: Any | None = None,
    progress: Callable[[str], None] | None = None,
) -> SpokenAnswer:
    """Decode, transcribe and analyse one recording (the slow part: run it off the request)."""
    step = progress or (lambda _stage: None)
    step("decoding the audio")
    decoded = decode(data, limits=options.limits, name=name)
    step("transcribing")
    transcript = transcriber.transcribe(decoded)
    if not transcript.words:
        raise NoSpeechError(
            f"no words were recognised in {name}",
            fix=f"Speak closer to the microphone in a quieter place and record again, {TYPE_INSTEAD}",
        )
    step("measuring delivery")
    delivery = analyse(
        transcript,
        options.delivery,
        expected_words=expected_words(question) if question else None,
        parts=behavioural_parts(question, transcript.text, embedder) if question else (),
    )
    return SpokenAnswer(transcript=transcript, delivery=delivery, audio=decoded.info)


def save_and_grade(
    runner: PracticeRunner,
    session: SessionRecord | None,
    question: Question,
    spoken: SpokenAnswer,
    *,
    started_at: datetime,
    parent: AttemptRecord | None = None,
    extra_info: dict[str, Any] | None = None,
) -> tuple[AttemptRecord, Grade]:
    """Store the spoken attempt (before grading), then grade its transcript's content."""
    graded_as = question
    prompt = None
    if parent is not None:
        try:
            parent_grade = Grade.model_validate(parent.grade) if parent.grade else None
        except ValueError:
            parent_grade = None
        focused = follow_up_question(question, parent_grade) if parent_grade else None
        if focused is None:
            raise InputError(
                f"attempt {parent.id} has no follow-up question to answer",
                fix="Answer a follow-up only after a graded answer whose grade asks one.",
            )
        graded_as, prompt = focused, focused.question
    attempt = runner.save_answer(
        session,
        question,
        spoken.transcript.text,
        started_at=started_at,
        prompt=prompt,
        parent_attempt_id=parent.id if parent else None,
        transcript=spoken.transcript.text,
        delivery=spoken.delivery.model_dump(mode="json"),
    )
    with runner.db.write() as s:
        attempt = SpeechRepository(s).save_speech(
            runner.user_id,
            attempt.id,
            word_timings=spoken.transcript.timings_json(),
            audio_info=spoken.audio_info_json(**(extra_info or {})),
        )
    grade = runner.grade(attempt, graded_as)
    with runner.db.read() as s:
        return AttemptRepository(s).get(runner.user_id, attempt.id), grade


# -- across the job queue ----------------------------------------------------------------------


def submit(
    queue: JobQueue,
    user_id: int,
    data: bytes,
    *,
    filename: str,
    session: SessionRecord,
    question: Question,
    started_at: datetime,
    options: SpeechOptions,
    parent_attempt_id: int | None = None,
) -> JobRecord:
    """Check the upload quickly, hold its audio and queue its transcription; returns the job."""
    if session.status != "active":
        raise InputError(
            f"session {session.id} is finished", fix="Start a new session to answer more."
        )
    info = probe(data, limits=options.limits, name=filename or "the recording")
    held = recording.hold(
        queue.db,
        user_id,
        data,
        filename=filename,
        format=info.format,
        duration_seconds=info.duration_seconds or None,
    )
    return queue.enqueue(
        user_id,
        VOICE_JOB,
        {
            "recording_id": held.id,
            "session_id": session.id,
            "question_id": question.uid,
            "started_at": started_at.astimezone(UTC).isoformat(),
            "parent_attempt_id": parent_attempt_id,
            "filename": filename,
        },
    )


class VoiceAnswerHandler:
    """The job that turns a held recording into a graded, stored attempt."""

    def __init__(
        self,
        db: Database,
        grader: Grader,
        options: SpeechOptions,
        *,
        desired_retention: float = 0.9,
        transcriber: Callable[[], Transcriber] | None = None,
    ) -> None:
        self.db = db
        self.grader = grader
        self.options = options
        self.desired_retention = desired_retention
        self._transcriber = transcriber or (lambda: load_transcriber(options.model))

    def __call__(self, ctx: JobContext) -> dict[str, Any]:
        job = ctx.job
        payload = job.payload
        user_id = job.user_id
        recording_id = int(payload["recording_id"])
        with self.db.read() as s:
            catalog = load_catalog(BankRepository(s), user_id)
            session = SessionRepository(s).get(user_id, int(payload["session_id"]))
        runner = PracticeRunner(
            self.db, catalog, self.grader, user_id, desired_retention=self.desired_retention
        )
        question = catalog.get(str(payload["question_id"]))
        parent = None
        if payload.get("parent_attempt_id"):
            with self.db.read() as s:
                parent = AttemptRepository(s).get(user_id, int(payload["parent_attempt_id"]))
        existing = self._already_saved(runner, session, job.id)
        try:
            if existing is None:
                with self.db.read() as s:
                    data = SpeechRepository(s).audio(user_id, recording_id)
                ctx.progress("loading the speech model")
                transcriber = self._transcriber()
                spoken = listen(
                    data,
                    question,
                    transcriber,
                    self.options,
                    name=str(payload.get("filename") or "the recording"),
                    embedder=self.grader.cache,
                    progress=ctx.progress,
                )
                ctx.progress("grading the content")
                started = datetime.fromisoformat(str(payload["started_at"]))
                existing, _grade = save_and_grade(
                    runner,
                    session,
                    question,
                    spoken,
                    started_at=started,
                    parent=parent,
                    extra_info={"job_id": job.id, "recording_id": recording_id},
                )
        except Exception as exc:
            if isinstance(exc, InputError) or job.attempts >= job.max_attempts:
                recording.discard(self.db, user_id, recording_id)
            raise
        duration = (existing.audio_info or {}).get("duration_seconds")
        kept = recording.settle(
            self.db,
            user_id,
            recording_id,
            attempt_id=existing.id,
            policy=self.options.recordings,
            duration_seconds=float(duration) if duration else None,
        )
        return {
            "attempt_id": existing.id,
            "session_id": session.id,
            "score": existing.score,
            "low_confidence": bool((existing.audio_info or {}).get("low_confidence")),
            "recording_kept": kept is not None,
            "url": f"/practice/{session.id}/attempts/{existing.id}",
        }

    @staticmethod
    def _already_saved(
        runner: PracticeRunner, session: SessionRecord, job_id: int
    ) -> AttemptRecord | None:
        """The attempt a previous run of this job stored before its worker died, if any."""
        for attempt in runner.attempts(session):
            if (attempt.audio_info or {}).get("job_id") == job_id:
                if not attempt.is_graded:
                    question = runner.catalog.get(attempt.question_id)
                    runner.grade(attempt, question)
                    with runner.db.read() as s:
                        return AttemptRepository(s).get(runner.user_id, attempt.id)
                return attempt
        return None


def spoken_attempt_view(attempt: AttemptRecord) -> dict[str, Any] | None:
    """What a page shows of a spoken attempt: the transcript cut into plain text, marked
    fillers and hedges, and pause markers, plus the delivery and confidence notes."""
    if not attempt.delivery or attempt.transcript is None:
        return None
    try:
        delivery = Delivery.model_validate(attempt.delivery)
    except ValueError:
        return None
    text = attempt.transcript
    pieces: list[dict[str, Any]] = []
    cursor = 0
    for mark in sorted(delivery.marks, key=lambda m: (m.char_start, m.kind != "pause")):
        if mark.char_start < cursor or mark.char_end > len(text):
            continue
        if mark.char_start > cursor:
            pieces.append({"kind": "text", "text": text[cursor : mark.char_start]})
        if mark.kind == "pause":
            pieces.append({"kind": "pause", "text": f"{mark.end - mark.start:.1f} s pause"})
        else:
            pieces.append({"kind": mark.kind, "text": text[mark.char_start : mark.char_end]})
        cursor = mark.char_end
    if cursor < len(text):
        pieces.append({"kind": "text", "text": text[cursor:]})
    info = attempt.audio_info or {}
    return {
        "pieces": pieces,
        "delivery": delivery,
        "low_confidence": bool(info.get("low_confidence")),
        "confidence_note": info.get("confidence_note"),
        "duration": info.get("duration_seconds"),
        "format": info.get("format"),
        "model": info.get("model"),
    }
