"""Coverage: which competencies and which behavioural questions of the bank have a story.

A story serves a question when the candidate linked it to that question, or when it shows the
competency the question probes; one story may serve several questions. Pure: stories and
questions in, a ``CoverageMap`` out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from mockprep.bank.schema import Kind, Question
from mockprep.star.story import COMPETENCIES, StoryDraft, normalise_label


class StoredStory(Protocol):
    """A saved story: its id and its content."""

    @property
    def id(self) -> int: ...

    @property
    def draft(self) -> StoryDraft: ...


@dataclass(frozen=True)
class StoryMatch:
    """A story that serves a question, and why (``linked`` or ``competency``)."""

    story_id: int
    title: str
    reason: str


@dataclass(frozen=True)
class CompetencyCoverage:
    competency: str
    story_ids: tuple[int, ...]
    question_ids: tuple[str, ...]
    """Behavioural questions of the bank that probe this competency."""

    @property
    def covered(self) -> bool:
        return bool(self.story_ids)


@dataclass(frozen=True)
class QuestionCoverage:
    question_id: str
    uid: str
    question: str
    competency: str | None
    stories: tuple[StoryMatch, ...]

    @property
    def covered(self) -> bool:
        return bool(self.stories)


@dataclass(frozen=True)
class CoverageMap:
    competencies: tuple[CompetencyCoverage, ...]
    questions: tuple[QuestionCoverage, ...]

    @property
    def uncovered_competencies(self) -> list[str]:
        return [c.competency for c in self.competencies if not c.covered]

    @property
    def uncovered_questions(self) -> list[str]:
        return [q.question_id for q in self.questions if not q.covered]


def _refers_to(ref: str, question: Question) -> bool:
    return ref in (question.id, question.uid)


def stories_for_question(question: Question, stories: Iterable[StoredStory]) -> list[StoryMatch]:
    """Stories that serve ``question``: linked to it first, then those showing its competency."""
    linked: list[StoryMatch] = []
    by_competency: list[StoryMatch] = []
    competency = normalise_label(question.competency or "")
    for story in stories:
        draft = story.draft
        if any(_refers_to(ref, question) for ref in draft.questions):
            linked.append(StoryMatch(story.id, draft.title, "linked"))
        elif competency and competency in draft.competencies:
            by_competency.append(StoryMatch(story.id, draft.title, "competency"))
    return linked + by_competency


def coverage_map(stories: Sequence[StoredStory], questions: Iterable[Question]) -> CoverageMap:
    """Every known competency (and any a story or question adds) and every behavioural question."""
    behavioural = [q for q in questions if q.kind is Kind.BEHAVIOURAL]
    names = list(COMPETENCIES)
    for q in behavioural:
        if q.competency and normalise_label(q.competency) not in names:
            names.append(normalise_label(q.competency))
    for story in stories:
        for name in story.draft.competencies:
            if name not in names:
                names.append(name)
    competencies = tuple(
        CompetencyCoverage(
            competency=name,
            story_ids=tuple(s.id for s in stories if name in s.draft.competencies),
            question_ids=tuple(
                q.id for q in behavioural if normalise_label(q.competency or "") == name
            ),
        )
        for name in names
    )
    rows = tuple(
        QuestionCoverage(
            question_id=q.id if q.bank == "core" else q.uid,
            uid=q.uid,
            question=q.question,
            competency=q.competency,
            stories=tuple(stories_for_question(q, stories)),
        )
        for q in behavioural
    )
    return CoverageMap(competencies, rows)
