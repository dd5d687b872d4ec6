"""Delivery feedback on a spoken answer: pace, fillers, long pauses, hedging, length, STAR timing.

A pipeline of small, pure steps over a ``Transcript``'s timed words, ending in one
``Delivery`` (stored as JSON with the attempt). Fillers are judged in context: "um" always
is one, but "like" is one only when it floats free of the sentence ("it was, like, slow";
"it took like five seconds"), not when it is a verb or a comparison ("I like transformers",
"it works like a cache"). The same care goes for "you know", "I mean", "sort of", "kind of"
and "actually".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from pydantic import BaseModel, ConfigDict

from mockprep.speech.transcript import TimedWord, Transcript

DELIVERY_VERSION = "1"
MIN_SECONDS_FOR_PACE = 5.0
"""Shorter than this, a words-per-minute figure says little; pace is reported as unknown."""

ALWAYS_FILLERS = frozenset(
    {"um", "umm", "uh", "uhh", "uhm", "erm", "er", "ehm", "hmm", "hm", "mm", "mhm", "ah"}
)
ALWAYS_FILLER_WORDS = frozenset({"basically", "literally"})
SUBJECTS = frozenset(
    {"i", "you", "we", "they", "he", "she", "people", "users", "i'd", "we'd", "they'd", "would"}
)
LIKE_HOSTS = frozenset(
    {
        "look",
        "looks",
        "looked",
        "seem",
        "seems",
        "feel",
        "feels",
        "felt",
        "sound",
        "sounds",
        "something",
        "things",
        "just",
        "more",
        "much",
        "exactly",
        "not",
        "don't",
        "didn't",
        "doesn't",
        "really",
        "also",
        "would",
        "i'd",
    }
)
"""Words after which "like" is a comparison or a verb, never a filler."""
NUMBER_WORDS = frozenset(
    [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "fifteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "hundred",
        "thousand",
        "million",
        "half",
        "few",
        "couple",
        "dozen",
    ]
)
DETERMINERS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "what",
        "which",
        "one",
        "some",
        "any",
        "every",
        "each",
        "another",
        "same",
        "different",
        "particular",
        "certain",
        "specific",
        "other",
        "new",
        "right",
        "wrong",
        "no",
        "my",
        "your",
        "our",
        "their",
        "his",
        "her",
        "its",
        "all",
        "many",
        "first",
        "second",
    ]
)
YOU_KNOW_NOT_AFTER = frozenset({"do", "did", "don't", "didn't", "if", "as", "what", "whether"})

HEDGES: tuple[tuple[str, ...], ...] = tuple(
    tuple(p.split())
    for p in (
        "if i remember correctly",
        "if i'm not mistaken",
        "i'm not really sure",
        "i'm not sure",
        "not sure",
        "i don't know",
        "i feel like",
        "i would say",
        "i'd say",
        "i think",
        "i guess",
        "i believe",
        "i suppose",
        "more or less",
        "might be",
        "could be",
        "maybe",
        "perhaps",
        "probably",
        "possibly",
        "hopefully",
        "somewhat",
    )
)
"""Phrases that soften a claim; longest first so "i'm not sure" is not also "not sure"."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Mark(_Frozen):
    """A filler, hedge or long pause, where it is in the transcript text and in time.

    For a pause, ``char_start == char_end`` is the position between the two words around it.
    """

    kind: Literal["filler", "hedge", "pause"]
    text: str
    char_start: int
    char_end: int
    start: float
    end: float


class LengthCheck(_Frozen):
    """The answer's length against what the question's model answer suggests."""

    words: int
    expected_words: int
    seconds: float
    expected_seconds: float
    ratio: float
    verdict: Literal["short", "good", "long"]


class PartShare(_Frozen):
    """Time spent on one part of a structured (STAR) answer."""

    part: str
    seconds: float
    share: float


class Delivery(_Frozen):
    """How an answer was said (the content grade is separate)."""

    version: str = DELIVERY_VERSION
    words: int
    speaking_seconds: float
    start_delay: float
    """Seconds of silence before the first word (thinking time)."""
    wpm: float
    pace_band: tuple[int, int]
    pace: Literal["slow", "good", "fast", "unknown"]
    fillers: int
    fillers_per_minute: float
    filler_counts: dict[str, int]
    long_pauses: int
    longest_pause: float
    pause_threshold: float
    hedges: int
    hedge_counts: dict[str, int]
    length: LengthCheck | None = None
    part_shares: list[PartShare] = []
    marks: list[Mark] = []
    notes: list[str] = []


@dataclass(frozen=True)
class DeliveryConfig:
    """Thresholds of the delivery analysis (the pace band is ``MOCKPREP_PACE_BAND``)."""

    pace_low: int = 130
    pace_high: int = 160
    long_pause_seconds: float = 1.5
    fillers_per_minute_high: float = 3.0
    hedges_high: int = 3

    @property
    def pace_mid(self) -> float:
        return (self.pace_low + self.pace_high) / 2


# -- fillers ------------------------------------------------------------------------------------


def _boundary_before(words: Sequence[TimedWord], i: int) -> bool:
    return i == 0 or words[i - 1].punctuated


def _is_numberish(word: TimedWord) -> bool:
    return word.norm in NUMBER_WORDS or bool(re.match(r"^\$?\d", word.norm))


def _like_is_filler(words: Sequence[TimedWord], i: int) -> bool:
    prev = words[i - 1].norm if i > 0 else ""
    nxt = words[i + 1] if i + 1 < len(words) else None
    if prev in SUBJECTS or prev in LIKE_HOSTS:
        return False  # "I like ...", "would like", "looks like", "things like that"
    free_before = _boundary_before(words, i)
    free_after = words[i].punctuated or nxt is None
    if free_before and free_after:
        return True  # ", like," on its own
    if words[i].punctuated and i > 0:
        return True  # "it was like, slow"
    # "it took like five seconds", "like um": an approximation or a stall, not a comparison
    if nxt is not None and nxt.norm == "a" and i + 2 < len(words):
        nxt = words[i + 2]  # "like a hundred", "like a few"
        return nxt.norm in NUMBER_WORDS
    return nxt is not None and (nxt.norm in ALWAYS_FILLERS or _is_numberish(nxt))


def _match(words: Sequence[TimedWord], i: int, phrase: tuple[str, ...]) -> bool:
    return i + len(phrase) <= len(words) and all(
        words[i + k].norm == part for k, part in enumerate(phrase)
    )


def _multiword_filler(words: Sequence[TimedWord], i: int) -> int:
    """Length of the filler phrase starting at ``i`` (0 when none)."""
    norm = words[i].norm
    prev = words[i - 1].norm if i > 0 else ""
    if _match(words, i, ("you", "know")):
        end = words[i + 1]
        if prev in YOU_KNOW_NOT_AFTER:
            return 0
        return 2 if (end.punctuated or i + 2 == len(words)) else 0
    if _match(words, i, ("i", "mean")):
        return 2 if words[i + 1].punctuated and prev not in {"what", "which"} else 0
    if norm in ("sort", "kind") and _match(words, i, (norm, "of")):
        return 2 if prev not in DETERMINERS and not words[i].punctuated else 0
    return 0


def find_fillers(words: Sequence[TimedWord]) -> list[Mark]:
    """Filler words and phrases, judged in their context."""
    marks: list[Mark] = []
    i = 0
    while i < len(words):
        length = _multiword_filler(words, i)
        norm = words[i].norm
        if not length:
            always = norm in ALWAYS_FILLERS or norm in ALWAYS_FILLER_WORDS
            loose_like = norm == "like" and _like_is_filler(words, i)
            loose_actually = (
                norm == "actually" and words[i].punctuated and _boundary_before(words, i)
            )
            length = 1 if (always or loose_like or loose_actually) else 0
        if length:
            first, last = words[i], words[i + length - 1]
            phrase = " ".join(w.norm for w in words[i : i + length])
            marks.append(
                Mark(
                    kind="filler",
                    text=phrase,
                    char_start=first.char_start,
                    char_end=last.char_end,
                    start=first.start,
                    end=last.end,
                )
            )
            i += length
        else:
            i += 1
    return marks


def find_hedges(words: Sequence[TimedWord], skip: Sequence[Mark] = ()) -> list[Mark]:
    """Hedging phrases ("I think", "maybe", "I'm not sure" ...), outside the given fillers."""
    taken = {(m.char_start, m.char_end) for m in skip}
    taken_starts = {m.char_start for m in skip}
    marks: list[Mark] = []
    i = 0
    while i < len(words):
        for phrase in HEDGES:
            if _match(words, i, phrase) and words[i].char_start not in taken_starts:
                last = words[i + len(phrase) - 1]
                if (words[i].char_start, last.char_end) in taken:
                    continue
                marks.append(
                    Mark(
                        kind="hedge",
                        text=" ".join(phrase),
                        char_start=words[i].char_start,
                        char_end=last.char_end,
                        start=words[i].start,
                        end=last.end,
                    )
                )
                i += len(phrase) - 1
                break
        i += 1
    return marks


def find_pauses(words: Sequence[TimedWord], threshold: float) -> list[Mark]:
    """Silences of at least ``threshold`` seconds between two words."""
    marks = []
    for before, after in pairwise(words):
        gap = after.start - before.end
        if gap >= threshold:
            marks.append(
                Mark(
                    kind="pause",
                    text=f"{gap:.1f} s",
                    char_start=before.char_end,
                    char_end=before.char_end,
                    start=before.end,
                    end=after.start,
                )
            )
    return marks


# -- length and structure -----------------------------------------------------------------------


def word_total(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'’-]*", text))


def check_length(
    words: int, seconds: float, expected_words: int | None, config: DeliveryConfig
) -> LengthCheck | None:
    if not expected_words:
        return None
    ratio = words / expected_words
    verdict: Literal["short", "good", "long"] = (
        "short" if ratio < 0.5 else "long" if ratio > 1.75 else "good"
    )
    return LengthCheck(
        words=words,
        expected_words=expected_words,
        seconds=round(seconds, 1),
        expected_seconds=round(expected_words / config.pace_mid * 60, 1),
        ratio=round(ratio, 2),
        verdict=verdict,
    )


def part_shares(
    words: Sequence[TimedWord], parts: Sequence[tuple[str, int, int]]
) -> list[PartShare]:
    """Seconds and share of speaking time per labelled span of the transcript text.

    A word belongs to the part whose span holds its first character; its time runs until the
    next word starts (so a pause counts for the part it falls in).
    """
    if not parts or not words:
        return []
    seconds: dict[str, float] = {label: 0.0 for label, _, _ in parts}
    for k, word in enumerate(words):
        until = words[k + 1].start if k + 1 < len(words) else word.end
        for label, start, end in parts:
            if start <= word.char_start < end:
                seconds[label] += max(until - word.start, 0.0)
                break
    total = sum(seconds.values()) or 1.0
    return [
        PartShare(part=label, seconds=round(sec, 1), share=round(sec / total, 3))
        for label, sec in seconds.items()
    ]


# -- the whole analysis ------------------------------------------------------------------------


def analyse(
    transcript: Transcript,
    config: DeliveryConfig = DeliveryConfig(),
    *,
    expected_words: int | None = None,
    parts: Sequence[tuple[str, int, int]] = (),
) -> Delivery:
    """Every delivery metric of a spoken answer, and the notes a coach would give on them."""
    words = transcript.words
    span = transcript.speaking_span
    minutes = span / 60 if span > 0 else 0.0
    fillers = find_fillers(words)
    hedges = find_hedges(words, fillers)
    pauses = find_pauses(words, config.long_pause_seconds)
    filler_words = sum(len(m.text.split()) for m in fillers)
    content_words = max(len(words) - filler_words, 0)
    wpm = len(words) / minutes if minutes else 0.0
    pace: Literal["slow", "good", "fast", "unknown"] = "unknown"
    if span >= MIN_SECONDS_FOR_PACE:
        pace = "slow" if wpm < config.pace_low else "fast" if wpm > config.pace_high else "good"
    filler_counts = Counter(m.text for m in fillers)
    hedge_counts = Counter(m.text for m in hedges)
    delivery = Delivery(
        words=len(words),
        speaking_seconds=round(span, 2),
        start_delay=round(words[0].start, 2) if words else 0.0,
        wpm=round(wpm, 1),
        pace_band=(config.pace_low, config.pace_high),
        pace=pace,
        fillers=len(fillers),
        fillers_per_minute=round(len(fillers) / minutes, 1) if minutes else 0.0,
        filler_counts=dict(filler_counts.most_common()),
        long_pauses=len(pauses),
        longest_pause=round(max((m.end - m.start for m in pauses), default=0.0), 2),
        pause_threshold=config.long_pause_seconds,
        hedges=len(hedges),
        hedge_counts=dict(hedge_counts.most_common()),
        length=check_length(content_words, span, expected_words, config),
        part_shares=part_shares(words, parts),
        marks=sorted([*fillers, *hedges, *pauses], key=lambda m: (m.char_start, m.start)),
    )
    return delivery.model_copy(update={"notes": coach_notes(delivery, config)})


def coach_notes(d: Delivery, config: DeliveryConfig) -> list[str]:
    """Short, specific advice on the delivery figures (the good news too)."""
    notes: list[str] = []
    low, high = d.pace_band
    if d.pace == "slow":
        notes.append(
            f"Pace {d.wpm:.0f} words a minute is slower than the {low}–{high} interviewers find "
            "easy to follow: shorten pauses inside sentences and keep going."
        )
    elif d.pace == "fast":
        notes.append(
            f"Pace {d.wpm:.0f} words a minute is faster than {low}–{high}: slow down and let "
            "key points land, with a short breath after each."
        )
    elif d.pace == "good":
        notes.append(f"Pace {d.wpm:.0f} words a minute is in the {low}–{high} band. Good.")
    if d.fillers:
        top = ", ".join(f"“{k}” ×{v}" for k, v in list(d.filler_counts.items())[:3])
        if d.fillers_per_minute > config.fillers_per_minute_high:
            notes.append(
                f"{d.fillers} filler words ({d.fillers_per_minute:.1f} a minute: {top}). "
                "Replace them with a short silent pause; silence sounds more confident."
            )
        else:
            notes.append(f"A few filler words ({top}); that is within normal speech.")
    else:
        notes.append("No filler words. Good.")
    if d.long_pauses:
        notes.append(
            f"{d.long_pauses} long pause{'s' if d.long_pauses > 1 else ''} (the longest "
            f"{d.longest_pause:.1f} s). Pausing to think is fine; say so (“let me think "
            "about that”) so the silence reads as structure."
        )
    if d.hedges >= config.hedges_high:
        top = ", ".join(f"“{k}”" for k in list(d.hedge_counts)[:3])
        notes.append(
            f"{d.hedges} hedging phrases ({top}) soften your claims; state what you know "
            "plainly and keep one caveat where it matters."
        )
    if d.length is not None and d.length.verdict == "short":
        notes.append(
            f"The answer ran {d.length.words} words; a full answer is about "
            f"{d.length.expected_words} (about {d.length.expected_seconds:.0f} s spoken). Add "
            "an example or the trade-off."
        )
    elif d.length is not None and d.length.verdict == "long":
        notes.append(
            f"The answer ran {d.length.words} words, much longer than the about "
            f"{d.length.expected_words} expected: lead with the main point and trim detail."
        )
    shares = {p.part.lower(): p.share for p in d.part_shares}
    if shares:
        context = shares.get("situation", 0.0) + shares.get("task", 0.0)
        if context > 0.5:
            notes.append(
                f"{context:.0%} of the time went on situation and task; keep the set-up short "
                "and spend the time on what you did."
            )
        if shares.get("action", 1.0) < 0.3:
            notes.append("Less than a third of the time went on your actions: expand on them.")
        if shares.get("result", 1.0) < 0.1:
            notes.append("The result got little time: end with the outcome and what you learned.")
    return notes
