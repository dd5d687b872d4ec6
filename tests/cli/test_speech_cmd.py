"""``mockprep transcribe``, ``mockprep grade --audio`` and ``mockprep practice --voice`` as a
user runs them (the real console entry point in a child process, real speech from espeak-ng)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "speech"))
from speaking import encode, join_wavs, needs_espeak, speak

pytestmark = [needs_espeak, pytest.mark.slow]


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mockprep", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env={**os.environ, "COLUMNS": "120"},
        timeout=600,
    )


def test_transcribe_prints_the_transcript_with_timings(tmp_path: Path) -> None:
    clip = join_wavs(
        speak("The retriever finds the passages first."),
        2.0,
        speak("Then the model writes the answer from them."),
    )
    path = tmp_path / "answer.mp3"
    path.write_bytes(encode(clip, "mp3"))
    shown = run_cli("transcribe", str(path))
    assert shown.returncode == 0, shown.stderr
    assert "[0:00." in shown.stdout and "→" in shown.stdout
    assert "answer" in shown.stdout.lower() and "Delivery" in shown.stdout

    as_json = run_cli("transcribe", str(path), "--json")
    data = json.loads(as_json.stdout)
    assert data["audio"]["format"] == "MP3" and data["words"][0]["start"] >= 0
    assert data["delivery"]["long_pauses"] == 1 and not data["low_confidence"]


def test_grade_audio_gives_the_content_grade_and_a_delivery_section(tmp_path: Path) -> None:
    path = tmp_path / "answer.wav"
    path.write_bytes(
        speak(
            "RAG retrieves relevant passages from an index first, then the model generates an "
            "answer grounded in them, so it can cite sources and use fresh knowledge."
        )
    )
    graded = run_cli("grade", "--question", "rag-basics", "--audio", str(path), "--json")
    assert graded.returncode == 0, graded.stderr
    data = json.loads(graded.stdout)
    assert data["score"] > 2 and "retriev" in data["spoken"]["text"].lower()
    assert data["spoken"]["delivery"]["words"] > 10
    shown = run_cli("grade", "--question", "rag-basics", "--audio", str(path))
    assert "Score" in shown.stdout and "Delivery" in shown.stdout


def test_bad_recordings_exit_2_with_the_fix(tmp_path: Path) -> None:
    text = tmp_path / "notes.wav"
    text.write_text("not audio at all\n" * 10)
    result = run_cli("transcribe", str(text))
    assert result.returncode == 2 and "type your answer" in result.stderr
    missing = run_cli("transcribe", str(tmp_path / "nope.wav"))
    assert missing.returncode == 2 and "no file" in missing.stderr


def test_practice_voice_says_when_there_is_no_microphone_and_falls_back_to_typing() -> None:
    from mockprep.speech.microphone import find_microphone

    if find_microphone()[0] is not None:
        pytest.skip("this machine has a microphone; the fallback cannot be shown")
    answer = "RAG retrieves passages first and then the model answers from them.\n.\nq\n"
    result = run_cli("practice", "--voice", "--question", "rag-basics", stdin=answer)
    assert result.returncode == 0, result.stderr
    assert "No microphone found" in result.stdout and "typed" in result.stdout
    assert "Score" in result.stdout or "/10" in result.stdout
