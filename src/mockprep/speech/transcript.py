"""A transcript with word timings, and an honest flag when the recogniser was unsure.

Engines hand over ``RawSegment``s (text, timings, the recogniser's own confidence figures);
``build_transcript`` joins their words into one text, remembers where each word sits in it
(so fillers and pauses can be marked in place), tightens word edges against the audio level
(recognisers often stretch a word over the silence after it, which would hide a pause) and
decides whether the transcript is trustworthy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from mockprep.speech.audio import SAMPLE_RATE, frame_levels

LOW_AVG_LOGPROB = -0.8
"""Below this duration-weighted mean log-probability per token, the transcript is suspect."""
LOW_WORD_PROBABILITY = 0.55
"""Below this mean word probability, too."""
HIGH_NO_SPEECH = 0.6
"""A segment the recogniser thinks is probably not speech."""
FRAME = 0.02
MIN_WORD = 0.06


@dataclass(frozen=True)
class RawWord:
    text: str
    start: float
    end: float
    probability: float


@dataclass(frozen=True)
class RawSegment:
    """One stretch of recognised speech as an engine reports it."""

    start: float
    end: float
    text: str
    avg_logprob: float
    no_speech_prob: float
    words: tuple[RawWord, ...]


@dataclass(frozen=True)
class TimedWord:
    """A recognised word, when it was said, and where it sits in ``Transcript.text``."""

    text: str
    start: float
    end: float
    probability: float
    char_start: int
    char_end: int

    @property
    def norm(self) -> str:
        """Lower case without surrounding punctuation (``"Um,"`` -> ``"um"``)."""
        return self.text.strip(" \t\n.,;:!?\"'()[]…-—").lower()

    @property
    def punctuated(self) -> bool:
        """Ends with a comma, full stop or similar (a spoken boundary)."""
        return self.text.rstrip().endswith((",", ".", ";", ":", "!", "?", "…", "—", "-"))


@dataclass(frozen=True)
class Transcript:
    """What was said, with timings; ``low_confidence`` says when not to trust it blindly."""

    text: str
    words: tuple[TimedWord, ...]
    duration: float
    """Length of the whole recording in seconds (silence included)."""
    model: str = ""
    avg_logprob: float = 0.0
    no_speech_prob: float = 0.0
    mean_word_probability: float = 1.0
    low_confidence: bool = False
    confidence_note: str | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def speaking_span(self) -> float:
        """Seconds from the first word's start to the last word's end."""
        if not self.words:
            return 0.0
        return max(self.words[-1].end - self.words[0].start, 0.0)

    def timings_json(self) -> list[list[Any]]:
        """Compact word timings for storage: ``[text, start, end, probability]`` per word."""
        return [
            [w.text, round(w.start, 3), round(w.end, 3), round(w.probability, 3)]
            for w in self.words
        ]

    def meta_json(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "duration_seconds": round(self.duration, 3),
            "avg_logprob": round(self.avg_logprob, 3),
            "no_speech_prob": round(self.no_speech_prob, 3),
            "mean_word_probability": round(self.mean_word_probability, 3),
            "low_confidence": self.low_confidence,
            "confidence_note": self.confidence_note,
        }

    @classmethod
    def from_stored(
        cls, timings: Sequence[Sequence[Any]], meta: dict[str, Any] | None = None
    ) -> Transcript:
        """Rebuild a transcript from ``timings_json()`` (and ``meta_json()``)."""
        meta = meta or {}
        words = _place([RawWord(str(t[0]), float(t[1]), float(t[2]), float(t[3])) for t in timings])
        return cls(
            text=" ".join(w.text for w in words),
            words=tuple(words),
            duration=float(meta.get("duration_seconds") or (words[-1].end if words else 0.0)),
            model=str(meta.get("model") or ""),
            avg_logprob=float(meta.get("avg_logprob") or 0.0),
            no_speech_prob=float(meta.get("no_speech_prob") or 0.0),
            mean_word_probability=float(meta.get("mean_word_probability") or 1.0),
            low_confidence=bool(meta.get("low_confidence")),
            confidence_note=meta.get("confidence_note"),
        )


def _place(raw: Sequence[RawWord]) -> list[TimedWord]:
    """Join words with single spaces and record each one's character span."""
    out: list[TimedWord] = []
    offset = 0
    for word in raw:
        text = " ".join(word.text.split())
        if not text:
            continue
        if out:
            offset += 1  # the space between words
        out.append(
            TimedWord(
                text=text,
                start=float(word.start),
                end=max(float(word.end), float(word.start)),
                probability=float(word.probability),
                char_start=offset,
                char_end=offset + len(text),
            )
        )
        offset += len(text)
    return out


def tighten_to_audio(
    words: Sequence[RawWord], samples: npt.NDArray[np.float32] | None
) -> list[RawWord]:
    """Trim each word's start and end to where the audio is actually loud.

    Only trims, never extends: a word keeps at least ``MIN_WORD`` seconds. The loudness
    threshold is a tenth of the recording's typical speech level, so steady background noise
    below that does not stop the trimming and quiet speech is not cut.
    """
    if samples is None or not len(samples) or not words:
        return list(words)
    levels = frame_levels(samples, FRAME)
    if not len(levels):
        return list(words)
    speech_level = float(np.percentile(levels, 95))
    if speech_level <= 0:
        return list(words)
    loud = levels >= speech_level * 0.1
    out: list[RawWord] = []
    for w in words:
        first = int(w.start / FRAME)
        last = min(int(np.ceil(w.end / FRAME)), len(loud))
        span = loud[first:last]
        idx = np.flatnonzero(span)
        if len(idx) == 0:
            out.append(w)
            continue
        start = max(w.start, (first + int(idx[0])) * FRAME)
        end = min(w.end, (first + int(idx[-1]) + 1) * FRAME)
        if end - start < MIN_WORD:
            start, end = w.start, min(w.end, w.start + max(MIN_WORD, end - w.start))
        out.append(RawWord(w.text, start, end, w.probability))
    return out


def build_transcript(
    segments: Sequence[RawSegment],
    *,
    duration: float,
    model: str = "",
    samples: npt.NDArray[np.float32] | None = None,
) -> Transcript:
    """One transcript from an engine's segments, with word spans and a confidence verdict."""
    raw_words = [w for s in segments for w in s.words]
    words = _place(tighten_to_audio(raw_words, samples))
    spans = [max(s.end - s.start, 0.01) for s in segments]
    total = sum(spans) or 1.0
    avg_logprob = sum(s.avg_logprob * d for s, d in zip(segments, spans, strict=True)) / total
    no_speech = sum(s.no_speech_prob * d for s, d in zip(segments, spans, strict=True)) / total
    mean_prob = sum(w.probability for w in words) / len(words) if words else 0.0
    reasons = []
    if segments and avg_logprob < LOW_AVG_LOGPROB:
        reasons.append("the recogniser was unsure of many words")
    if words and mean_prob < LOW_WORD_PROBABILITY:
        reasons.append(f"the average word confidence is only {mean_prob:.0%}")
    if segments and no_speech > HIGH_NO_SPEECH:
        reasons.append("much of the recording may not be speech")
    note = None
    if reasons:
        note = (
            "This transcript may not be exact: "
            + "; ".join(reasons)
            + ". Check it before trusting the grade; a quieter room or a closer microphone helps."
        )
    return Transcript(
        text=" ".join(w.text for w in words),
        words=tuple(words),
        duration=float(duration),
        model=model,
        avg_logprob=float(avg_logprob) if segments else 0.0,
        no_speech_prob=float(no_speech) if segments else 0.0,
        mean_word_probability=float(mean_prob),
        low_confidence=bool(reasons),
        confidence_note=note,
    )


def clock(seconds: float) -> str:
    """``75.3`` -> ``"1:15.3"``."""
    minutes, rest = divmod(max(seconds, 0.0), 60)
    return f"{int(minutes)}:{rest:04.1f}"


def timed_lines(transcript: Transcript, *, max_gap: float = 1.0) -> list[tuple[float, float, str]]:
    """The transcript as phrases with start and end times, a new phrase after each sentence
    end or a gap of ``max_gap`` seconds (what ``mockprep transcribe`` prints)."""
    lines: list[tuple[float, float, str]] = []
    current: list[TimedWord] = []
    for word in transcript.words:
        if current and (
            word.start - current[-1].end >= max_gap or current[-1].text.endswith((".", "?", "!"))
        ):
            lines.append((current[0].start, current[-1].end, " ".join(w.text for w in current)))
            current = []
        current.append(word)
    if current:
        lines.append((current[0].start, current[-1].end, " ".join(w.text for w in current)))
    return lines


__all__ = [
    "SAMPLE_RATE",
    "RawSegment",
    "RawWord",
    "TimedWord",
    "Transcript",
    "build_transcript",
    "clock",
    "timed_lines",
]
