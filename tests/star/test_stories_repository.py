"""The story bank in the store, on SQLite and PostgreSQL: saved, read back, updated, deleted, and
never visible to another user."""

from __future__ import annotations

import pytest

from mockprep.errors import RecordNotFoundError
from mockprep.star.story import StoryDraft
from mockprep.store.database import Database
from mockprep.store.repositories import UserRepository
from mockprep.store.stories_repository import StoryRepository

DRAFT = StoryDraft(
    title="Eval set truce",
    situation="Two teams argued about embeddings.",
    task="I owned the decision.",
    action="I built an eval set of 150 questions and compared three models.",
    result="Recall rose from 61 to 78 percent. I learned to measure first.",
    competencies=["conflict", "technical judgement"],
    skills=["evaluation"],
    keywords=["embeddings", "recall"],
    tags=["fintech"],
    questions=["behavioural-conflict-colleague"],
)


def test_crud_round_trip_keeps_every_field(db: Database) -> None:
    with db.write() as s:
        user = UserRepository(s).local_user()
        saved = StoryRepository(s).add(user.id, DRAFT)
    with db.read() as s:
        again = StoryRepository(s).get(user.id, saved.id)
    assert again.draft == DRAFT and again.created_at.tzinfo is not None
    changed = DRAFT.model_copy(update={"title": "Renamed", "tags": ["search"]})
    with db.write() as s:
        updated = StoryRepository(s).update(user.id, saved.id, changed)
    assert updated.draft == changed and updated.updated_at >= saved.updated_at
    with db.write() as s:
        StoryRepository(s).add(user.id, DRAFT)
    with db.read() as s:
        listed = StoryRepository(s).list(user.id)
    assert [r.title for r in listed] == ["Renamed", "Eval set truce"]
    with db.write() as s:
        StoryRepository(s).delete(user.id, saved.id)
    with db.read() as s, pytest.raises(RecordNotFoundError):
        StoryRepository(s).get(user.id, saved.id)


def test_another_user_cannot_read_change_or_delete_a_story(db: Database) -> None:
    with db.write() as s:
        ada = UserRepository(s).create("ada")
        eve = UserRepository(s).create("eve")
        story = StoryRepository(s).add(ada.id, DRAFT)
    with db.read() as s:
        assert StoryRepository(s).list(eve.id) == []
        with pytest.raises(RecordNotFoundError):
            StoryRepository(s).get(eve.id, story.id)
    with db.write() as s, pytest.raises(RecordNotFoundError):
        StoryRepository(s).update(eve.id, story.id, DRAFT)
    with db.write() as s, pytest.raises(RecordNotFoundError):
        StoryRepository(s).delete(eve.id, story.id)
    with db.read() as s:
        assert StoryRepository(s).get(ada.id, story.id).draft == DRAFT
