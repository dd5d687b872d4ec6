"""The STAR section of a behavioural answer's grade: typed, frozen, serialisable.

This module imports nothing else from mockprep, so ``grading.models`` can attach a
``StarReview`` to a ``Grade`` without an import cycle.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class StarPart(StrEnum):
    """The four parts of a STAR story, in the order they are told."""

    SITUATION = "situation"
    TASK = "task"
    ACTION = "action"
    RESULT = "result"

    @property
    def letter(self) -> str:
        return self.value[0].upper()

    @property
    def label(self) -> str:
        return self.value.capitalize()


STAR_PARTS: tuple[StarPart, ...] = tuple(StarPart)
TARGET_SHARES: dict[StarPart, float] = {
    StarPart.SITUATION: 0.20,
    StarPart.TASK: 0.10,
    StarPart.ACTION: 0.60,
    StarPart.RESULT: 0.10,
}
"""The rough shape of a good story: share of words per part (20/10/60/10)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class StarEvidence(_Frozen):
    """Words quoted from the text checked: ``text[start:end] == quote``, inside ``part``."""

    part: StarPart | None = None
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    quote: str


class StarFinding(_Frozen):
    """One problem a check found, with what to do and the words that show it."""

    check: str = Field(description="the check's id, e.g. 'we-not-i'")
    severity: str = Field(description="'problem' (fix it) or 'warning' (worth a look)")
    part: StarPart | None = None
    message: str
    evidence: list[StarEvidence] = Field(default_factory=list)


class PartShare(_Frozen):
    """How much of the answer one part takes."""

    part: StarPart
    words: int = Field(ge=0)
    share: float = Field(ge=0, le=1)
    target: float = Field(ge=0, le=1)


class StoryReminder(_Frozen):
    """A story from the candidate's bank that fits the question."""

    story_id: int
    title: str
    reason: str


class StarReview(_Frozen):
    """A behavioural answer judged as a STAR story (see ``mockprep.star.coach`` for the rule)."""

    score: float = Field(ge=0, le=10, description="STAR score, 0-10")
    content_score: float = Field(ge=0, le=10, description="the rubric grader's score, 0-10")
    shape: float = Field(ge=0, le=1, description="all four parts, in about 20/10/60/10")
    relevance: float = Field(ge=0, le=1, description="on the competency the question asks about")
    specificity: float = Field(ge=0, le=1, description="numbers, named systems, outcomes")
    ownership: float = Field(ge=0, le=1, description="'I' rather than 'we' in the action")
    competency: str | None = None
    shares: list[PartShare]
    i_count: int = Field(ge=0, description="'I', 'my', 'me' in the action part")
    we_count: int = Field(ge=0, description="'we', 'our', 'us' in the action part")
    strengthen: StarPart | None = Field(description="the part to work on first")
    advice: str
    findings: list[StarFinding] = Field(default_factory=list)
    reminder: StoryReminder | None = None
    rule: str = Field(description="how the grade's score was composed")
