"""Speech: word error rate on generated sentences, real-time factor, model load time, memory.

Three of Debian's speech synthesisers speak a set of interview-style sentences written for this
benchmark, in several voices and at several speeds: espeak-ng (a formant synthesiser, the most
robotic and hardest to recognise), flite (CMU's diphone and unit-selection voices) and festival
(an HTS statistical voice and a diphone voice), the last two closer to human speech. A
synthesiser that is not installed is skipped with a printed line (apt-get install espeak-ng
flite festival festvox-us-slt-hts festvox-kallpc16k). The speech model named by
MOCKPREP_SPEECH_MODEL (default: the bundled Whisper tiny.en) transcribes each clip.

WER is a word-level edit distance after ``mockprep.speech.wer`` normalises both sides alike
(case, punctuation, hyphens and split compounds, contractions, fillers, British/American
spelling, spoken numbers); the plain figure (lower case and punctuation only, what earlier runs
printed) is shown next to it. Figures per voice, per synthesiser and overall.
Goals: WER <= 10 %, transcription <= 0.2x real time on 2 cores.
Prints figures; asserts nothing. Run with `make bench` or `python benchmarks/bench_speech.py`
(`--show` prints reference and transcript of every clip with an error).
"""

from __future__ import annotations

import io
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from dataclasses import dataclass
from pathlib import Path

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


@dataclass(frozen=True)
class Voice:
    """One synthesiser voice at one speed (espeak-ng: words per minute; flite and festival: a
    duration stretch, above 1 slower)."""

    engine: str
    name: str
    speed: float

    @property
    def label(self) -> str:
        pace = f"{self.speed:.0f}wpm" if self.engine == "espeak-ng" else f"x{self.speed:g}"
        return f"{self.engine} {self.name}@{pace}"


VOICES = [
    Voice("espeak-ng", "en-us", 150),
    Voice("espeak-ng", "en-gb", 170),
    Voice("espeak-ng", "en-us", 190),
    Voice("espeak-ng", "en-gb-x-rp", 140),
    Voice("flite", "slt", 1.0),
    Voice("flite", "awb", 0.9),
    Voice("flite", "rms", 1.1),
    Voice("flite", "kal", 1.0),
    Voice("festival", "cmu_us_slt_arctic_hts", 1.0),
    Voice("festival", "kal_diphone", 0.9),
]
BINARIES = {"espeak-ng": "espeak-ng", "flite": "flite", "festival": "text2wave"}
FESTIVAL_VOICES = Path("/usr/share/festival/voices")


def plain_words(text: str) -> list[str]:
    """The normalisation earlier runs used: lower case, hyphens and punctuation to spaces."""
    return re.sub(r"[^a-z0-9' ]+", " ", text.lower().replace("-", " ")).split()


def fix_wav_header(raw: bytes) -> bytes:
    """espeak-ng writing to a pipe leaves the WAV sizes unset; write the file afresh."""
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(int.from_bytes(raw[24:28], "little"))
        w.writeframes(raw[44:])
    return out.getvalue()


def speak(text: str, voice: Voice) -> bytes:
    """WAV bytes of ``text`` in ``voice``."""
    binary = shutil.which(BINARIES[voice.engine])
    assert binary is not None
    if voice.engine == "espeak-ng":
        args = [binary, "-v", voice.name, "-s", f"{voice.speed:.0f}", "--stdout", text]
        return fix_wav_header(subprocess.run(args, check=True, capture_output=True).stdout)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "clip.wav"
        if voice.engine == "flite":
            args = [binary, "-voice", voice.name, "--setf", f"duration_stretch={voice.speed}"]
            subprocess.run([*args, "-t", text, "-o", str(out)], check=True, capture_output=True)
        else:
            script = Path(folder) / "text.txt"
            script.write_text(text, encoding="utf-8")
            stretch = f"(Parameter.set 'Duration_Stretch {voice.speed})"
            args = [binary, "-eval", f"(voice_{voice.name})", "-eval", stretch, str(script)]
            subprocess.run([*args, "-o", str(out)], check=True, capture_output=True)
        return out.read_bytes()


def missing(voice: Voice) -> str | None:
    """Why ``voice`` cannot speak here (None when it can)."""
    if shutil.which(BINARIES[voice.engine]) is None:
        package = {"festival": "festival"}.get(voice.engine, voice.engine)
        return f"{voice.engine} is not installed (apt-get install {package})"
    if voice.engine == "flite":
        listed = subprocess.run(["flite", "-lv"], check=True, capture_output=True, text=True)
        if voice.name not in listed.stdout.split():
            return f"flite has no voice {voice.name}"
    if voice.engine == "festival" and not any(FESTIVAL_VOICES.glob(f"*/{voice.name}")):
        package = {"cmu_us_slt_arctic_hts": "festvox-us-slt-hts"}.get(
            voice.name, "festvox-kallpc16k"
        )
        return f"festival has no voice {voice.name} (apt-get install {package})"
    return None


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Tally:
    errors: int = 0
    plain_errors: int = 0
    words: int = 0

    def add(self, other: Tally) -> None:
        self.errors += other.errors
        self.plain_errors += other.plain_errors
        self.words += other.words

    def line(self, name: str) -> str:
        return (
            f"  WER {name:<40} {self.errors / self.words:6.1%}  ({self.errors}/{self.words} "
            f"words; plain {self.plain_errors / self.words:.1%})"
        )


def main() -> None:
    show = "--show" in sys.argv[1:]
    voices = []
    for voice in VOICES:
        reason = missing(voice)
        if reason:
            print(f"skipping {voice.label}: {reason}")
        else:
            voices.append(voice)
    if not voices:
        print("no speech synthesiser is installed; skipping the speech bench")
        return
    from mockprep.speech.audio import AudioLimits, decode
    from mockprep.speech.engine import load_transcriber
    from mockprep.speech.wer import edit_distance, word_errors

    setting = os.environ.get("MOCKPREP_SPEECH_MODEL", "tiny.en")
    rss_before = peak_rss_mb()
    t0 = time.perf_counter()
    transcriber = load_transcriber(setting)
    load_seconds = time.perf_counter() - t0
    print(f"model {transcriber.name}: loaded in {load_seconds:.2f} s")
    transcriber.transcribe(decode(speak("warm up", voices[0]), limits=AudioLimits()))

    audio_seconds = compute_seconds = 0.0
    by_voice: dict[str, Tally] = {}
    by_engine: dict[str, Tally] = {}
    overall = Tally()
    for voice in voices:
        tally = Tally()
        for sentence in SENTENCES:
            clip = decode(speak(sentence, voice), limits=AudioLimits())
            t0 = time.perf_counter()
            transcript = transcriber.transcribe(clip)
            compute_seconds += time.perf_counter() - t0
            audio_seconds += clip.duration
            result = word_errors(sentence, transcript.text)
            plain = edit_distance(plain_words(sentence), plain_words(transcript.text))
            tally.add(Tally(result.errors, plain, result.reference_words))
            if show and (result.errors or plain):
                print(f"{voice.label}: {result.errors} error(s)")
                print(f"    said:  {' '.join(result.reference)}")
                print(f"    heard: {' '.join(result.hypothesis)}")
        by_voice[voice.label] = tally
        by_engine.setdefault(voice.engine, Tally()).add(tally)
        overall.add(tally)
    for name, tally in by_voice.items():
        print(tally.line(name))
    for name, tally in by_engine.items():
        print(tally.line(f"{name} (all its voices)"))
    print(
        f"WER overall: {overall.errors / overall.words:.1%} over {overall.words} words, "
        f"{len(voices)} voices/speeds from {len(by_engine)} synthesiser(s) (goal <= 10 %); "
        f"plain normalisation {overall.plain_errors / overall.words:.1%}"
    )
    rtf = compute_seconds / audio_seconds
    print(
        f"real-time factor: {rtf:.3f} ({compute_seconds:.1f} s for {audio_seconds:.1f} s of audio; "
        "goal <= 0.2)"
    )
    print(
        f"peak memory (RSS): {peak_rss_mb():.0f} MB (before loading the model: {rss_before:.0f} MB)"
    )


if __name__ == "__main__":
    main()
