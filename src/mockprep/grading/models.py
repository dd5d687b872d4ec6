"""The grade and its parts: typed, frozen, serialisable (``Grade.model_dump_json()`` round-trips)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from mockprep.star.review import StarReview


class Band(StrEnum):
    """The verdict, from best to worst."""

    STRONG = "strong"
    ADEQUATE = "adequate"
    WEAK = "weak"
    OFF_TARGET = "off-target"


BAND_ORDER: tuple[Band, ...] = (Band.OFF_TARGET, Band.WEAK, Band.ADEQUATE, Band.STRONG)
PASS_BAND = Band.ADEQUATE
"""The pass mark: an answer passes when its band is adequate or better."""
BAND_FLOORS: dict[Band, float] = {
    Band.STRONG: 7.5,
    Band.ADEQUATE: 5.0,
    Band.WEAK: 2.0,
    Band.OFF_TARGET: 0.0,
}
"""Lowest score of each band (0-10 scale)."""
PASS_SCORE = BAND_FLOORS[PASS_BAND]


def band_for(score: float) -> Band:
    """The band a score falls in."""
    for band in (Band.STRONG, Band.ADEQUATE, Band.WEAK):
        if score >= BAND_FLOORS[band]:
            return band
    return Band.OFF_TARGET


def passes(band: Band) -> bool:
    """True when ``band`` is at or above the pass mark."""
    return BAND_ORDER.index(band) >= BAND_ORDER.index(PASS_BAND)


class Flag(StrEnum):
    """What the guards detected. Any gaming flag keeps the answer below the pass mark."""

    EMPTY = "empty"
    TOO_LONG = "too-long"
    GIBBERISH = "gibberish"
    KEYWORD_LIST = "keyword-list"
    WORD_SALAD = "word-salad"
    QUESTION_COPIED = "question-copied"
    GRADER_INSTRUCTIONS = "grader-instructions"
    OFF_TOPIC = "off-topic"
    PADDING = "padding"
    FILLER_ADJECTIVES = "filler-adjectives"
    REPETITION = "repetition"
    TOO_SHORT = "too-short"


GAMING_FLAGS: frozenset[Flag] = frozenset(
    {
        Flag.EMPTY,
        Flag.TOO_LONG,
        Flag.GIBBERISH,
        Flag.KEYWORD_LIST,
        Flag.WORD_SALAD,
        Flag.QUESTION_COPIED,
        Flag.GRADER_INSTRUCTIONS,
        Flag.OFF_TOPIC,
        Flag.PADDING,
        Flag.FILLER_ADJECTIVES,
        Flag.REPETITION,
    }
)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Evidence(_Frozen):
    """A span of the answer that supports a key point: ``answer[start:end] == text``."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    kind: str = Field(
        description="'sentence' (meaning matched) or 'phrase' (rubric wording matched)"
    )


class KeyPointResult(_Frozen):
    """How well the answer covers one key point."""

    id: str
    label: str
    weight: float
    covered: bool
    strength: float = Field(ge=0, le=1)
    evidence: list[Evidence] = Field(default_factory=list)


class MissingPoint(_Frozen):
    """A key point the answer does not cover, with a hint that does not give the answer away."""

    id: str
    label: str
    weight: float
    hint: str


class Signals(_Frozen):
    """Observations about the answer beyond coverage (0-1 scales unless named otherwise)."""

    words: int
    expected_words: tuple[int, int]
    length: str = Field(description="'short', 'ok' or 'long' against what the question needs")
    specificity: float = Field(ge=0, le=1, description="examples, numbers, named things")
    structure: float = Field(ge=0, le=1, description="sentences, signposts, reasons")
    filler_rate: float = Field(ge=0, description="fillers ('um', 'basically') per 100 words")
    hedging_rate: float = Field(ge=0, description="hedges ('I think', 'maybe') per 100 words")
    relevance: float = Field(ge=0, le=1, description="share of sentences on the question's topic")


class GraderInfo(_Frozen):
    """Which grader produced a grade: enough to reproduce it."""

    name: str
    version: str
    embedding_model: str


class Grade(_Frozen):
    """The grade of one answer to one question."""

    question_id: str
    score: float = Field(ge=0, le=10, description="0-10, one decimal")
    band: Band
    passed: bool
    key_points: list[KeyPointResult]
    missing: list[MissingPoint]
    signals: Signals
    flags: list[Flag]
    confidence: float = Field(ge=0, le=1)
    feedback: str
    follow_up: str | None
    model_answer: str | None = None
    grader: GraderInfo
    rubric_hash: str
    star: StarReview | None = Field(
        default=None, description="behavioural questions: the STAR review (mockprep.star.coach)"
    )
