"""The story bank in the store (issue 9): create, read, update and delete one user's stories.

Every query filters by ``user_id``: another user's story is "not found", never shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mockprep.errors import InputError, RecordNotFoundError
from mockprep.star.story import StoryDraft
from mockprep.store.models import StarStory, utcnow

MAX_STORIES = 1_000
"""Per user: far more than anyone prepares, small enough to check all at once."""


@dataclass(frozen=True)
class StoryRecord:
    """A saved story: its id, owner and times, and its content as a ``StoryDraft``."""

    id: int
    user_id: int
    draft: StoryDraft
    created_at: datetime
    updated_at: datetime

    @property
    def title(self) -> str:
        return self.draft.title

    @classmethod
    def of(cls, row: StarStory) -> StoryRecord:
        draft = StoryDraft.model_construct(
            title=row.title,
            situation=row.situation,
            task=row.task,
            action=row.action,
            result=row.result,
            competencies=list(row.competencies or []),
            skills=list(row.skills or []),
            keywords=list(row.keywords or []),
            tags=list(row.tags or []),
            questions=list(row.questions or []),
        )
        return cls(row.id, row.user_id, draft, row.created_at, row.updated_at)


def _fill(row: StarStory, draft: StoryDraft) -> None:
    row.title = draft.title
    row.situation = draft.situation
    row.task = draft.task
    row.action = draft.action
    row.result = draft.result
    row.competencies = list(draft.competencies)
    row.skills = list(draft.skills)
    row.keywords = list(draft.keywords)
    row.tags = list(draft.tags)
    row.questions = list(draft.questions)


class StoryRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _row(self, user_id: int, story_id: int) -> StarStory:
        row = self.session.get(StarStory, story_id)
        if row is None or row.user_id != user_id:
            raise RecordNotFoundError(
                f"no story {story_id}", fix="List your stories with `mockprep star list`."
            )
        return row

    def count(self, user_id: int) -> int:
        return int(
            self.session.scalar(
                select(func.count()).select_from(StarStory).where(StarStory.user_id == user_id)
            )
            or 0
        )

    def add(self, user_id: int, draft: StoryDraft) -> StoryRecord:
        if self.count(user_id) >= MAX_STORIES:
            raise InputError(
                f"your story bank already holds {MAX_STORIES} stories",
                fix="Delete stories you no longer use, then add this one.",
            )
        now = utcnow()
        row = StarStory(user_id=user_id, created_at=now, updated_at=now)
        _fill(row, draft)
        self.session.add(row)
        self.session.flush()
        return StoryRecord.of(row)

    def restore(
        self, user_id: int, draft: StoryDraft, *, created_at: datetime, updated_at: datetime
    ) -> StoryRecord:
        """Insert a story from a data export, keeping its times (see ``practice.transfer``)."""
        row = StarStory(user_id=user_id, created_at=created_at, updated_at=updated_at)
        _fill(row, draft)
        self.session.add(row)
        self.session.flush()
        return StoryRecord.of(row)

    def get(self, user_id: int, story_id: int) -> StoryRecord:
        return StoryRecord.of(self._row(user_id, story_id))

    def update(self, user_id: int, story_id: int, draft: StoryDraft) -> StoryRecord:
        row = self._row(user_id, story_id)
        _fill(row, draft)
        row.updated_at = utcnow()
        self.session.flush()
        return StoryRecord.of(row)

    def delete(self, user_id: int, story_id: int) -> None:
        self.session.delete(self._row(user_id, story_id))
        self.session.flush()

    def list(self, user_id: int) -> list[StoryRecord]:
        """The user's stories, oldest first (the order they were written in)."""
        rows = self.session.scalars(
            select(StarStory).where(StarStory.user_id == user_id).order_by(StarStory.id)
        )
        return [StoryRecord.of(r) for r in rows]
