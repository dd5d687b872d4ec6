"""Real speech for the voice tests: Debian's espeak-ng speaks, PyAV re-encodes.

Imported as ``speaking`` by tests in tests/speech, tests/cli and tests/web (conftest files put
this folder on the path). Tests that need speech are skipped, with the reason, only when the
espeak-ng binary is missing (``.ci/run`` installs it).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest

ESPEAK = shutil.which("espeak-ng")
needs_espeak = pytest.mark.skipif(
    ESPEAK is None, reason="espeak-ng is not installed (apt-get install espeak-ng; .ci/run does)"
)


def speak(text: str, *, voice: str = "en-us", speed: int = 160, ssml: bool = False) -> bytes:
    """WAV bytes of ``text`` spoken by espeak-ng (``ssml`` allows ``<break time="2s"/>``)."""
    assert ESPEAK is not None
    args = [ESPEAK, "-v", voice, "-s", str(speed), "--stdout"]
    if ssml:
        args.append("-m")
    done = subprocess.run([*args, text], check=True, capture_output=True, timeout=60)
    return fix_wav_header(done.stdout)


def fix_wav_header(data: bytes) -> bytes:
    """espeak-ng writing to a pipe leaves the WAV sizes unset; rewrite the file properly."""
    rate = int.from_bytes(data[24:28], "little")
    channels = int.from_bytes(data[22:24], "little")
    width = int.from_bytes(data[34:36], "little") // 8
    pcm = data[44:]
    return pcm_to_wav(pcm, rate=rate, channels=channels, width=width)


def pcm_to_wav(pcm: bytes, *, rate: int, channels: int = 1, width: int = 2) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(pcm)
    return out.getvalue()


def wav_samples(data: bytes) -> tuple[np.ndarray, int]:
    with wave.open(io.BytesIO(data), "rb") as w:
        rate = w.getframerate()
        pcm = w.readframes(w.getnframes())
    return np.frombuffer(pcm, dtype=np.int16), rate


def silence_wav(seconds: float, rate: int = 22050) -> bytes:
    return pcm_to_wav(b"\x00\x00" * int(seconds * rate), rate=rate)


def join_wavs(*parts: bytes | float) -> bytes:
    """Concatenate WAV clips; a number stands for that many seconds of silence."""
    rate = 22050
    chunks: list[np.ndarray] = []
    for part in parts:
        if isinstance(part, bytes):
            samples, rate = wav_samples(part)
            chunks.append(samples)
        else:
            chunks.append(np.zeros(int(part * rate), dtype=np.int16))
    return pcm_to_wav(np.concatenate(chunks).astype(np.int16).tobytes(), rate=rate)


CODECS = {
    "webm": ("webm", "libopus", 48000),
    "ogg": ("ogg", "libopus", 48000),
    "mp3": ("mp3", "libmp3lame", 44100),
    "m4a": ("ipod", "aac", 44100),
}


def encode(wav: bytes, fmt: str) -> bytes:
    """Re-encode a WAV clip as WebM/Opus, OGG/Vorbis, MP3 or M4A/AAC with PyAV."""
    import av

    container_format, codec, rate = CODECS[fmt]
    out = io.BytesIO()
    with av.open(io.BytesIO(wav)) as src, av.open(out, mode="w", format=container_format) as dst:
        stream = dst.add_stream(codec, rate=rate, layout="mono")
        resampler = av.AudioResampler(
            format=stream.codec_context.codec.audio_formats[0].name, layout="mono", rate=rate
        )
        for frame in src.decode(audio=0):
            for piece in resampler.resample(frame):
                for packet in stream.encode(piece):
                    dst.mux(packet)
        for piece in resampler.resample(None):
            for packet in stream.encode(piece):
                dst.mux(packet)
        for packet in stream.encode(None):
            dst.mux(packet)
    return out.getvalue()


def write(tmp: Path, name: str, data: bytes) -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path
