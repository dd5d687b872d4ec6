"""Real speech end to end: espeak-ng speaks, Whisper tiny.en transcribes, the grader grades.

A strong and a weak spoken answer to the same question grade in the right order and within 1.5
points of the same answers typed; fillers and pauses spoken into an answer show in its
delivery metrics; a browser-style WebM recording transcribes like the WAV.
"""

from __future__ import annotations

import itertools

import pytest
from speaking import encode, join_wavs, needs_espeak, speak

from mockprep.bank.loader import load_bundled
from mockprep.bank.schema import Question
from mockprep.grading.grader import Grader
from mockprep.nlp.embeddings import load_embedding_model
from mockprep.speech.engine import Transcriber, load_transcriber
from mockprep.speech.errors import NoSpeechError
from mockprep.speech.spoken_answer import SpeechOptions, listen

pytestmark = [needs_espeak, pytest.mark.slow]

STRONG = (
    "With retrieval augmented generation, we first look up documents that match the question, "
    "and then the model writes its answer from those passages. To make that work you split the "
    "documents into chunks, embed each chunk and store the vectors in an index. The big win is "
    "that the model can use fresh or private knowledge without retraining, and it can cite the "
    "passages it used, which cuts hallucinations. The catch is that the answer is only as good "
    "as the retrieval: if the right chunk is not found, the model cannot use it."
)
WEAK = "It is a kind of chatbot that answers questions. It is very smart and quite popular now."


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(load_embedding_model())


@pytest.fixture(scope="module")
def question() -> Question:
    return next(q for q in load_bundled() if q.id == "rag-basics")


@pytest.fixture(scope="module")
def transcriber() -> Transcriber:
    return load_transcriber("tiny.en")  # cached per process: loaded once for the whole run


def test_spoken_answers_grade_like_typed_ones(
    grader: Grader, question: Question, transcriber: Transcriber
) -> None:
    options = SpeechOptions()
    scores = {}
    for name, text in (("strong", STRONG), ("weak", WEAK)):
        spoken = listen(speak(text), question, transcriber, options)
        typed = grader.grade(question, text).score
        heard = grader.grade(question, spoken.transcript.text).score
        assert abs(heard - typed) <= 1.5, (name, spoken.transcript.text, heard, typed)
        assert not spoken.transcript.low_confidence
        scores[name] = heard
    assert scores["strong"] > scores["weak"] + 2


def test_fillers_and_pauses_show_in_the_delivery(
    question: Question, transcriber: Transcriber
) -> None:
    first = speak("Um, so retrieval finds the relevant passages, you know, in an index.")
    second = speak("Uh, then the model, like, writes the answer from them.")
    third = speak("I like this design because, um, it cites its sources.")
    spoken = listen(
        join_wavs(first, 2.5, second, 3.0, third), question, transcriber, SpeechOptions()
    )
    d = spoken.delivery
    assert d.long_pauses >= 2 and d.longest_pause >= 2.5
    said = {m.text for m in d.marks if m.kind == "filler"}
    assert {"um", "uh"} & said and ("you know" in said or "like" in said)
    # "I like this design" is not a filler: every "like" mark floats free of a verb
    text = spoken.transcript.text
    for m in d.marks:
        if m.kind == "filler" and m.text == "like":
            assert not text[: m.char_start].lower().rstrip().endswith(" i")
    assert d.fillers >= 3 and d.fillers_per_minute > 3
    assert any("pause" in n for n in d.notes) and any("filler" in n for n in d.notes)
    pauses = [m for m in d.marks if m.kind == "pause"]
    assert all(
        text[: p.char_start].rstrip()[-1:].isalpha() or text[: p.char_start].rstrip()[-1:] in ".,!?"
        for p in pauses
    )


def test_webm_from_a_browser_transcribes_with_word_timings(
    question: Question, transcriber: Transcriber
) -> None:
    wav = speak("The retriever finds passages and the model answers from them.")
    spoken = listen(encode(wav, "webm"), question, transcriber, SpeechOptions())
    words = spoken.transcript.words
    assert (
        "retriever" in spoken.transcript.text.lower()
        or "passages" in spoken.transcript.text.lower()
    )
    assert all(a.start <= a.end <= b.start + 0.05 for a, b in itertools.pairwise(words))
    assert spoken.audio.format == "WebM" and spoken.delivery.words == len(words)


def test_noise_without_words_is_refused(question: Question, transcriber: Transcriber) -> None:
    import numpy as np
    from speaking import pcm_to_wav

    hum = (np.sin(np.arange(16000 * 3) * 2 * np.pi * 120 / 16000) * 3000).astype(np.int16)
    with pytest.raises(NoSpeechError):
        listen(pcm_to_wav(hum.tobytes(), rate=16000), question, transcriber, SpeechOptions())


def test_word_times_are_on_the_recording_not_on_the_padded_audio(
    question: Question, transcriber: Transcriber
) -> None:
    """The recogniser hears quiet margins around the recording; the times it reports are moved
    back, so a word said one second in starts near one second and none ends after the end."""
    spoken = listen(
        join_wavs(1.0, speak("Embeddings place similar meanings close together.")),
        question,
        transcriber,
        SpeechOptions(),
    )
    words = spoken.transcript.words
    assert len(words) >= 4
    assert 0.7 <= words[0].start <= 1.3
    assert all(0.0 <= w.start <= w.end <= spoken.transcript.duration for w in words)
    # a clip that starts right on its first word still gets that word a time from zero on
    edge = listen(speak("Chunking splits documents."), question, transcriber, SpeechOptions())
    assert edge.transcript.words and edge.transcript.words[0].start < 0.4
