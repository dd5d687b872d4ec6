"""What most commands need: settings, the open database, the current user, the catalog."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from mockprep.bank.catalog import Catalog
from mockprep.bank.library import load_catalog
from mockprep.config import Settings, load_settings
from mockprep.grading import Grader
from mockprep.nlp.embeddings import EmbeddingCache, load_embedding_model
from mockprep.store.database import Database, open_database
from mockprep.store.repositories import BankRepository, UserRepository


@dataclass
class Context:
    settings: Settings
    db: Database
    user_id: int

    @cached_property
    def catalog(self) -> Catalog:
        with self.db.read() as session:
            return load_catalog(BankRepository(session), self.user_id)

    @cached_property
    def embeddings(self) -> EmbeddingCache:
        return EmbeddingCache(self.grader.model, self.cache_dir)

    @cached_property
    def cache_dir(self) -> Path:
        return self.settings.home / "cache" / "embeddings"

    @cached_property
    def grader(self) -> Grader:
        return Grader(load_embedding_model(self.settings.embedding_model), cache_dir=self.cache_dir)


@contextmanager
def open_context() -> Iterator[Context]:
    settings = load_settings()
    db = open_database(settings)
    try:
        with db.write() as session:
            user_id = UserRepository(session).local_user().id
        yield Context(settings=settings, db=db, user_id=user_id)
    finally:
        db.dispose()
