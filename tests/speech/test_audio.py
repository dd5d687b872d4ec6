"""Decoding recordings in every accepted format, and clear errors for unusable files."""

from __future__ import annotations

import numpy as np
import pytest
from speaking import encode, join_wavs, needs_espeak, pcm_to_wav, silence_wav, speak

from mockprep.errors import InputError
from mockprep.speech.audio import AudioLimits, decode, probe
from mockprep.speech.errors import (
    AudioTooLargeError,
    AudioTooLongError,
    CorruptAudioError,
    EmptyAudioError,
    NotAudioError,
    SilentAudioError,
)

LIMITS = AudioLimits()
pytestmark = needs_espeak


@pytest.fixture(scope="module")
def clip() -> bytes:
    return speak("Embeddings map text to vectors so similar meanings sit close together.")


@pytest.mark.parametrize(
    ("fmt", "name", "codec"),
    [
        ("webm", "WebM", "opus"),
        ("ogg", "OGG", "opus"),
        ("mp3", "MP3", "mp3"),
        ("m4a", "M4A", "aac"),
    ],
)
def test_every_browser_and_phone_format_decodes_to_16k_mono(
    clip: bytes, fmt: str, name: str, codec: str
) -> None:
    wav = decode(clip, limits=LIMITS)
    other = decode(encode(clip, fmt), limits=LIMITS)
    assert other.info.format == name and codec in other.info.codec
    assert abs(other.duration - wav.duration) < 0.15
    assert other.samples.dtype.name == "float32" and other.samples.ndim == 1
    assert abs(len(other.samples) / 16_000 - other.duration) < 1e-6


def test_probe_checks_without_decoding(clip: bytes) -> None:
    info = probe(clip, limits=LIMITS)
    assert info.format == "WAV" and info.sample_rate == 22050 and 3 < info.duration_seconds < 8


def test_unusable_files_get_errors_that_name_the_fix(clip: bytes) -> None:
    cases = [
        (b"", EmptyAudioError),
        (b"def main():\n    return 42\n" * 20, NotAudioError),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="4"/></svg>',
            NotAudioError,
        ),
        (silence_wav(3.0), SilentAudioError),
        (encode(clip, "webm")[:300] + b"\x00\xff" * 4000, CorruptAudioError),
    ]
    for data, kind in cases:
        with pytest.raises(kind) as caught:
            decode(data, limits=LIMITS, name="answer.bin")
        assert isinstance(caught.value, InputError)
        assert "type your answer" in str(caught.value)  # the typed path stays open


def test_size_and_duration_limits(clip: bytes) -> None:
    with pytest.raises(AudioTooLargeError):
        decode(clip, limits=AudioLimits(max_bytes=10_000, max_seconds=300))
    long_clip = join_wavs(clip, 8.0, clip)
    with pytest.raises(AudioTooLongError):
        decode(long_clip, limits=AudioLimits(max_seconds=6))
    with pytest.raises(AudioTooLongError):  # WebM from a browser often claims no duration
        decode(encode(long_clip, "webm"), limits=AudioLimits(max_seconds=6))


def test_resampling_to_16k_keeps_speech_band_and_removes_what_would_alias() -> None:
    """22.05 kHz to 16 kHz through a band-limited filter: a 1 kHz tone keeps its level, and a
    10 kHz tone (above the new 8 kHz limit) is removed instead of folding back to 6 kHz, as
    nearest-sample or linear resampling would let it."""
    rate = 22_050
    t = np.arange(rate * 2) / rate
    mixed = 0.3 * np.sin(2 * np.pi * 1000 * t) + 0.3 * np.sin(2 * np.pi * 10_000 * t)
    pcm = (mixed * 32767).astype(np.int16).tobytes()
    out = decode(pcm_to_wav(pcm, rate=rate), limits=LIMITS).samples
    assert len(out) == 32_000
    middle = out[4000:-4000] * np.hanning(len(out) - 8000)
    spectrum = np.abs(np.fft.rfft(middle))
    freqs = np.fft.rfftfreq(len(middle), 1 / 16_000)

    def level(hz: float) -> float:
        return float(spectrum[np.abs(freqs - hz) < 30].max())

    assert level(1000) / (0.3 * np.hanning(len(middle)).sum() / 2) == pytest.approx(1.0, abs=0.02)
    assert level(6000) < level(1000) * 1e-3  # alias of 10 kHz at least 60 dB down
