"""Reading a recording: WAV, WebM/Opus, OGG, MP3, M4A (and FLAC) to 16 kHz mono samples.

Decoding uses PyAV, the FFmpeg bindings faster-whisper itself decodes with, so no system
``ffmpeg`` is needed. Every way a file can be unusable ends in an ``AudioError`` child that
names the problem and the fix: empty, too large, too long, not audio, corrupt, or silence.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from mockprep.speech.errors import (
    TYPE_INSTEAD,
    AudioTooLargeError,
    AudioTooLongError,
    CorruptAudioError,
    EmptyAudioError,
    NotAudioError,
    SilentAudioError,
)

SAMPLE_RATE = 16_000
"""What Whisper listens at."""

FORMATS: dict[str, str] = {
    "wav": "WAV",
    "matroska,webm": "WebM",
    "ogg": "OGG",
    "mp3": "MP3",
    "mov,mp4,m4a,3gp,3g2,mj2": "M4A",
    "flac": "FLAC",
}
"""PyAV container names we accept, and how we name them to people."""

ACCEPTED = "WAV, WebM/Opus, OGG, MP3, M4A or FLAC"
SUFFIXES = (".wav", ".webm", ".ogg", ".oga", ".opus", ".mp3", ".m4a", ".mp4", ".flac")
"""File name endings a file picker offers."""

SILENCE_PEAK = 0.01
"""A recording whose loudest sample stays below 1 % of full scale is treated as silence."""
SILENCE_RMS = 0.0015


@dataclass(frozen=True)
class AudioLimits:
    """How big and how long a recording may be."""

    max_bytes: int = 25_000_000
    max_seconds: float = 300.0

    @classmethod
    def of(cls, max_audio_mb: int, max_audio_seconds: float) -> AudioLimits:
        return cls(max_bytes=max_audio_mb * 1_000_000, max_seconds=float(max_audio_seconds))


@dataclass(frozen=True)
class AudioInfo:
    """What a recording is, for display and for the attempt's record."""

    format: str
    codec: str
    duration_seconds: float
    size_bytes: int
    sample_rate: int
    channels: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "codec": self.codec,
            "duration_seconds": round(self.duration_seconds, 3),
            "size_bytes": self.size_bytes,
            "sample_rate": self.sample_rate,
            "channels": self.channels,
        }


@dataclass(frozen=True)
class DecodedAudio:
    """A recording as 16 kHz mono float32 samples in [-1, 1], and what it was."""

    samples: npt.NDArray[np.float32]
    info: AudioInfo

    @property
    def duration(self) -> float:
        return len(self.samples) / SAMPLE_RATE


def read_bytes(path: Path, limits: AudioLimits) -> bytes:
    """The file's bytes, refusing a missing, unreadable or oversized file before reading it all."""
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise _too_large(size, limits)
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise EmptyAudioError(
            f"there is no file {path}", fix="Check the path and name of the recording."
        ) from exc
    except IsADirectoryError as exc:
        raise NotAudioError(f"{path} is a folder", fix="Give the recording's file.") from exc
    except OSError as exc:
        raise EmptyAudioError(
            f"cannot read {path} ({exc.strerror or exc})", fix="Check the file's permissions."
        ) from exc


def _too_large(size: int, limits: AudioLimits) -> AudioTooLargeError:
    return AudioTooLargeError(
        f"the recording is {size / 1e6:.1f} MB, more than the {limits.max_bytes / 1e6:.0f} MB limit",
        fix=f"Record a shorter answer, raise MOCKPREP_MAX_AUDIO_MB, {TYPE_INSTEAD}",
    )


def _too_long(seconds: float, limits: AudioLimits) -> AudioTooLongError:
    return AudioTooLongError(
        f"the recording is longer than the {limits.max_seconds:.0f} s limit"
        + (f" ({seconds:.0f} s)" if seconds > 0 else ""),
        fix=f"Answer in under {limits.max_seconds / 60:.0f} minutes, raise "
        f"MOCKPREP_MAX_AUDIO_SECONDS, {TYPE_INSTEAD}",
    )


def looks_like_audio(data: bytes) -> bool:
    """Whether ``data`` starts with the signature of a format we accept."""
    head = data[:12]
    return (
        head.startswith((b"RIFF", b"\x1aE\xdf\xa3", b"OggS", b"ID3", b"fLaC"))
        or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")
        or head[4:8] == b"ftyp"
    )


def _open(data: bytes, name: str) -> Any:
    import av  # local import: PyAV is only needed once someone speaks

    try:
        return av.open(io.BytesIO(data), mode="r")
    except (av.error.FFmpegError, ValueError, OSError, UnicodeDecodeError) as exc:
        if looks_like_audio(data):
            raise CorruptAudioError(
                f"{name} starts like an audio file but cannot be read (it may be cut short "
                "or damaged)",
                fix=f"Record it again or export it afresh, {TYPE_INSTEAD}",
            ) from exc
        raise NotAudioError(
            f"{name} is not an audio file mockprep can read",
            fix=f"Upload a {ACCEPTED} recording, {TYPE_INSTEAD}",
        ) from exc


def probe(data: bytes, *, limits: AudioLimits, name: str = "the file") -> AudioInfo:
    """Check quickly (without decoding) that ``data`` is an accepted audio file within limits.

    The duration is the container's claim (0.0 when it makes none, as browser WebM often
    does); ``decode`` enforces the limit on the real length.
    """
    if not data:
        raise EmptyAudioError(
            f"{name} is empty", fix=f"Record or choose the file again, {TYPE_INSTEAD}"
        )
    if len(data) > limits.max_bytes:
        raise _too_large(len(data), limits)
    container = _open(data, name)
    try:
        return _describe(container, data, limits, name)
    finally:
        container.close()


def _describe(container: Any, data: bytes, limits: AudioLimits, name: str) -> AudioInfo:
    fmt = FORMATS.get(str(container.format.name))
    streams = list(container.streams.audio)
    if fmt is None or not streams:
        what = "has no sound in it" if not streams else f"is {container.format.long_name}"
        raise NotAudioError(
            f"{name} {what}, not a recording mockprep accepts",
            fix=f"Upload a {ACCEPTED} recording, {TYPE_INSTEAD}",
        )
    stream = streams[0]
    seconds = 0.0
    if stream.duration is not None and stream.time_base is not None:
        seconds = float(stream.duration * stream.time_base)
    elif container.duration is not None:
        seconds = container.duration / 1_000_000
    if seconds > limits.max_seconds + 0.5:
        raise _too_long(seconds, limits)
    ctx = stream.codec_context
    return AudioInfo(
        format=fmt,
        codec=str(ctx.name),
        duration_seconds=max(seconds, 0.0),
        size_bytes=len(data),
        sample_rate=int(ctx.sample_rate or 0),
        channels=int(ctx.channels or 0),
    )


def decode(data: bytes, *, limits: AudioLimits, name: str = "the file") -> DecodedAudio:
    """Decode ``data`` to 16 kHz mono float32, enforcing the limits and refusing silence."""
    import av

    if not data:
        raise EmptyAudioError(
            f"{name} is empty", fix=f"Record or choose the file again, {TYPE_INSTEAD}"
        )
    if len(data) > limits.max_bytes:
        raise _too_large(len(data), limits)
    container = _open(data, name)
    chunks: list[npt.NDArray[Any]] = []
    total = 0
    max_samples = int((limits.max_seconds + 0.5) * SAMPLE_RATE)
    try:
        info = _describe(container, data, limits, name)
        resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
        stream = container.streams.audio[0]
        for frame in container.decode(stream):
            for out in resampler.resample(frame):
                chunk = out.to_ndarray().reshape(-1)
                chunks.append(chunk)
                total += len(chunk)
            if total > max_samples:
                raise _too_long(total / SAMPLE_RATE, limits)
        for out in resampler.resample(None):
            chunk = out.to_ndarray().reshape(-1)
            chunks.append(chunk)
            total += len(chunk)
    except av.error.FFmpegError as exc:
        if not chunks:
            raise CorruptAudioError(
                f"{name} looks like {ACCEPTED} but cannot be decoded ({exc.strerror or exc})",
                fix=f"Record it again or export it afresh, {TYPE_INSTEAD}",
            ) from exc
        # a truncated tail (an upload cut short): keep what decoded
    finally:
        container.close()
    if total == 0:
        raise EmptyAudioError(
            f"{name} holds no sound frames", fix=f"Record the answer again, {TYPE_INSTEAD}"
        )
    if total > max_samples:
        raise _too_long(total / SAMPLE_RATE, limits)
    samples = (np.concatenate(chunks).astype(np.float32) / 32768.0).astype(np.float32)
    check_not_silent(samples, name)
    duration = len(samples) / SAMPLE_RATE
    decoded_info = AudioInfo(
        format=info.format,
        codec=info.codec,
        duration_seconds=duration,
        size_bytes=info.size_bytes,
        sample_rate=info.sample_rate,
        channels=info.channels,
    )
    return DecodedAudio(samples=samples, info=decoded_info)


def check_not_silent(samples: npt.NDArray[np.float32], name: str = "the recording") -> None:
    """Refuse a recording with no audible sound (a muted or unplugged microphone)."""
    peak = float(np.max(np.abs(samples))) if len(samples) else 0.0
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) if len(samples) else 0.0
    if peak < SILENCE_PEAK or rms < SILENCE_RMS:
        raise SilentAudioError(
            f"{name} is silent (loudest sound {peak:.1%} of full scale)",
            fix="Check that the right microphone is chosen and not muted, then record again, "
            + TYPE_INSTEAD,
        )


def frame_levels(
    samples: npt.NDArray[np.float32], frame_seconds: float = 0.02
) -> npt.NDArray[np.float64]:
    """Root-mean-square level of each ``frame_seconds`` frame (for pause detection)."""
    step = max(int(SAMPLE_RATE * frame_seconds), 1)
    usable = len(samples) - len(samples) % step
    if usable <= 0:
        return np.zeros(0, dtype=np.float64)
    frames = samples[:usable].astype(np.float64).reshape(-1, step)
    levels: npt.NDArray[np.float64] = np.sqrt(np.mean(np.square(frames), axis=1))
    return levels
