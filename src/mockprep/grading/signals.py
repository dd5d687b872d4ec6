"""Signals beyond coverage: length against what the question needs, specificity, structure,
filler and hedging. Pure functions of the text (and of sentence relevance for ``relevance``)."""

from __future__ import annotations

import re

from mockprep.grading.models import Signals
from mockprep.nlp.text import Span, tokenize

FILLERS = (
    "um",
    "uh",
    "erm",
    "er",
    "basically",
    "you know",
    "like",
    "kind of",
    "sort of",
    "literally",
    "i mean",
)
HEDGES = (
    "i think",
    "i guess",
    "maybe",
    "probably",
    "perhaps",
    "i'm not sure",
    "not sure",
    "might",
    "i believe",
)
SIGNPOSTS = (
    "first",
    "second",
    "third",
    "finally",
    "because",
    "so that",
    "therefore",
    "for example",
    "for instance",
    "such as",
    "however",
    "on the other hand",
    "trade-off",
    "tradeoff",
    "in short",
    "the reason",
    "which means",
)
EXAMPLES = (
    "for example",
    "for instance",
    "such as",
    "e.g.",
    "in my last",
    "at my",
    "we used",
    "i used",
    "i built",
)
RELEVANT_AT = 0.3
"""A sentence whose best cosine with the question, rubric or reference reaches this is on topic."""
RELATIVE_RELEVANCE = 0.6
"""A sentence below ``RELEVANT_AT`` still counts as on topic when it is at least this close to the
answer's most relevant sentence: a personal story (a behavioural answer) is told in sentences that
are all only loosely like the rubric, while padding sits far below the sentence it pads."""


def on_topic(relevance: list[float]) -> list[bool]:
    """Which sentences are on topic, from their relevance (see ``RELEVANT_AT``)."""
    best = max(relevance, default=0.0)
    return [r >= RELEVANT_AT or r >= RELATIVE_RELEVANCE * best for r in relevance]


def _rate(text: str, phrases: tuple[str, ...], words: int) -> float:
    lowered = " " + re.sub(r"\s+", " ", text.lower()) + " "
    hits = sum(len(re.findall(rf"(?<![\w']){re.escape(p)}(?![\w'])", lowered)) for p in phrases)
    return round(100.0 * hits / max(words, 1), 2)


def specificity(text: str) -> float:
    """Examples, numbers and named things per sentence, squashed to 0-1."""
    tokens = tokenize(text)
    if not tokens:
        return 0.0
    numbers = sum(1 for t in tokens if any(c.isdigit() for c in t.text))
    names = sum(
        1
        for i, t in enumerate(tokens)
        if i > 0
        and (
            (t.text.isupper() and len(t.text) >= 2)
            or (t.text[:1].isupper() and text[t.start - 2 : t.start - 1] not in ".!?")
        )
    )
    examples = sum(text.lower().count(e) for e in EXAMPLES)
    per_100 = 100.0 * (numbers + 0.5 * names + 2 * examples) / len(tokens)
    return round(min(1.0, per_100 / 12.0), 3)


def structure(text: str, sentences: list[Span]) -> float:
    """Signposts, reasons and more than one sentence, squashed to 0-1."""
    if not sentences:
        return 0.0
    lowered = text.lower()
    signposts = sum(1 for s in SIGNPOSTS if s in lowered)
    multi = min(1.0, (len(sentences) - 1) / 3)
    return round(min(1.0, 0.5 * multi + 0.15 * signposts), 3)


def compute_signals(
    text: str, sentences: list[Span], relevance: list[float], expected: tuple[int, int]
) -> Signals:
    """All signals for one answer."""
    words = len(tokenize(text))
    topical = sum(on_topic(relevance))
    length = "short" if words < expected[0] else "long" if words > expected[1] else "ok"
    return Signals(
        words=words,
        expected_words=expected,
        length=length,
        specificity=specificity(text),
        structure=structure(text, sentences),
        filler_rate=_rate(text, FILLERS, words),
        hedging_rate=_rate(text, HEDGES, words),
        relevance=round(topical / len(relevance), 3) if relevance else 0.0,
    )
