"""Recording from a microphone in the terminal, when the machine has one.

Two ways, tried in order: ALSA's ``arecord`` (package alsa-utils) when it lists a capture
card, then PyAV's own ``pulse`` or ``alsa`` input. ``find_microphone`` says plainly why none
is usable (no capture card, no sound server ...) so ``mockprep practice --voice`` can tell
the user and fall back to typing. ``sounddevice`` is not used: it needs the PortAudio library.
"""

from __future__ import annotations

import io
import shutil
import signal
import subprocess
import tempfile
import threading
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from mockprep.speech.audio import SAMPLE_RATE


@dataclass(frozen=True)
class Microphone:
    """A usable capture device: ``arecord`` or a PyAV input format, and its device name."""

    backend: str
    device: str = "default"

    @property
    def label(self) -> str:
        return f"{self.backend} ({self.device})"


def find_microphone() -> tuple[Microphone | None, str]:
    """A microphone to record with, or None and the reason there is none."""
    reasons = []
    arecord = shutil.which("arecord")
    if arecord:
        try:
            listing = subprocess.run(
                [arecord, "-l"], capture_output=True, text=True, timeout=10, check=False
            )
            if "card " in listing.stdout:
                return Microphone("arecord"), ""
            reasons.append("arecord lists no capture card")
        except (OSError, subprocess.SubprocessError) as exc:
            reasons.append(f"arecord failed ({exc})")
    else:
        reasons.append("arecord (alsa-utils) is not installed")
    for backend in ("pulse", "alsa"):
        container = _open_input(backend)
        if container is not None:
            container.close()
            return Microphone(backend), ""
        reasons.append(f"no {backend} input")
    return None, "; ".join(reasons)


def _open_input(backend: str) -> Any | None:
    import av

    if backend not in av.formats_available:
        return None
    try:
        return av.open("default", format=backend, mode="r", timeout=2.0)
    except (av.error.FFmpegError, OSError, ValueError):
        return None


def record(
    microphone: Microphone,
    *,
    max_seconds: float,
    wait_for_stop: Callable[[], object],
) -> bytes:
    """Record until ``wait_for_stop()`` returns (e.g. Enter is pressed) or ``max_seconds``;
    returns WAV bytes (16 kHz mono)."""
    if microphone.backend == "arecord":
        return _record_arecord(microphone, max_seconds, wait_for_stop)
    return _record_av(microphone, max_seconds, wait_for_stop)


def _record_arecord(
    microphone: Microphone, max_seconds: float, wait_for_stop: Callable[[], object]
) -> bytes:
    arecord = shutil.which("arecord") or "arecord"
    with tempfile.TemporaryDirectory(prefix="mockprep-mic-") as folder:
        path = Path(folder) / "answer.wav"
        proc = subprocess.Popen(
            [
                arecord,
                "-q",
                "-D",
                microphone.device,
                "-f",
                "S16_LE",
                "-r",
                str(SAMPLE_RATE),
                "-c",
                "1",
                "-t",
                "wav",
                "-d",
                str(int(max_seconds)),
                str(path),
            ]
        )
        waiter = threading.Thread(target=wait_for_stop, daemon=True)
        waiter.start()
        while proc.poll() is None and waiter.is_alive():
            waiter.join(timeout=0.2)
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=10)
        return path.read_bytes() if path.exists() else b""


def _record_av(
    microphone: Microphone, max_seconds: float, wait_for_stop: Callable[[], object]
) -> bytes:
    import av

    container = _open_input(microphone.backend)
    if container is None:
        return b""
    stop = threading.Event()

    def watch() -> None:
        wait_for_stop()
        stop.set()

    threading.Thread(target=watch, daemon=True).start()
    resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
    chunks: list[Any] = []
    total = 0
    try:
        for frame in container.decode(audio=0):
            for out in resampler.resample(frame):
                chunk = out.to_ndarray().reshape(-1)
                chunks.append(chunk)
                total += len(chunk)
            if stop.is_set() or total >= max_seconds * SAMPLE_RATE:
                break
    finally:
        container.close()
    pcm = np.concatenate(chunks).astype(np.int16).tobytes() if chunks else b""
    out_file = io.BytesIO()
    with wave.open(out_file, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(pcm)
    return out_file.getvalue()
