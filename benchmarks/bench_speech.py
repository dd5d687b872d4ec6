"""Speech: word error rate on generated sentences, real-time factor, model load time, memory.

espeak-ng speaks a set of interview-style sentences written for this benchmark in several
voices and at several speeds; Whisper tiny.en (the bundled default) transcribes each clip.
WER is computed here with a word-level edit distance on normalised text (lower case, no
punctuation). Goals: WER <= 10 %, transcription <= 0.2x real time on 2 cores.
Prints figures; asserts nothing. Run with `make bench` or `python benchmarks/bench_speech.py`.
"""

from __future__ import annotations

import io
import re
import resource
import shutil
import subprocess
import time
import wave

SENTENCES = [
    "Retrieval augmented generation looks up relevant passages before the model writes an answer.",
    "We split each document into chunks and store their embeddings in a vector index.",
    "A reranker reads the top candidates again and puts the best ones first.",
    "Fine tuning changes the weights, while prompting only changes the input.",
    "Low rank adapters train a small number of extra parameters on top of a frozen model.",
    "To evaluate the system we built a test set of real questions with reference answers.",
    "Latency went down after we cached frequent queries and batched the requests.",
    "The model sometimes makes up facts, so we ask it to cite its sources.",
    "Temperature controls how random the next token is during sampling.",
    "I led the migration and wrote the rollback plan before we switched traffic.",
    "Our main risk was data leakage between the training and the test split.",
    "We monitor cost per request and alert when it doubles within a day.",
]
VOICES = [("en-us", 150), ("en-gb", 170), ("en-us", 190), ("en-gb-x-rp", 140)]


def normalise(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9' ]+", " ", text.lower().replace("-", " ")).split()


def edit_distance(ref: list[str], hyp: list[str]) -> int:
    """Word-level Levenshtein distance (substitutions, insertions, deletions)."""
    previous = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, start=1):
        current = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r != h))
        previous = current
    return previous[-1]


def speak(text: str, voice: str, speed: int) -> bytes:
    espeak = shutil.which("espeak-ng")
    assert espeak is not None
    raw = subprocess.run(
        [espeak, "-v", voice, "-s", str(speed), "--stdout", text], check=True, capture_output=True
    ).stdout
    rate = int.from_bytes(raw[24:28], "little")
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(raw[44:])
    return out.getvalue()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    if shutil.which("espeak-ng") is None:
        print("espeak-ng is not installed (apt-get install espeak-ng); skipping the speech bench")
        return
    from mockprep.speech.audio import AudioLimits, decode
    from mockprep.speech.engine import load_transcriber

    rss_before = peak_rss_mb()
    t0 = time.perf_counter()
    transcriber = load_transcriber("tiny.en")
    load_seconds = time.perf_counter() - t0
    print(f"model {transcriber.name}: loaded in {load_seconds:.2f} s")
    transcriber.transcribe(decode(speak("warm up", "en-us", 160), limits=AudioLimits()))

    errors = words = 0
    audio_seconds = compute_seconds = 0.0
    by_voice: dict[str, tuple[int, int]] = {}
    for voice, speed in VOICES:
        v_err = v_words = 0
        for sentence in SENTENCES:
            clip = decode(speak(sentence, voice, speed), limits=AudioLimits())
            t0 = time.perf_counter()
            transcript = transcriber.transcribe(clip)
            compute_seconds += time.perf_counter() - t0
            audio_seconds += clip.duration
            ref, hyp = normalise(sentence), normalise(transcript.text)
            v_err += edit_distance(ref, hyp)
            v_words += len(ref)
        by_voice[f"{voice}@{speed}wpm"] = (v_err, v_words)
        errors += v_err
        words += v_words
    for name, (e, n) in by_voice.items():
        print(f"  WER {name:<18} {e / n:6.1%}  ({e}/{n} words)")
    wer = errors / words
    rtf = compute_seconds / audio_seconds
    print(f"WER overall: {wer:.1%} over {words} words, {len(VOICES)} voices/speeds (goal <= 10 %)")
    print(
        f"real-time factor: {rtf:.3f} ({compute_seconds:.1f} s for {audio_seconds:.1f} s of audio; "
        "goal <= 0.2)"
    )
    print(
        f"peak memory (RSS): {peak_rss_mb():.0f} MB (before loading the model: {rss_before:.0f} MB)"
    )


if __name__ == "__main__":
    main()
