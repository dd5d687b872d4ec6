"""Shared dependencies, as ``Annotated`` aliases: settings, database, grader, catalog, user.

Everything here reads ``app.state`` (set up once by the lifespan in ``app.py``) or the
database. The only things kept in memory are caches that any worker can rebuild from the
database: the grader with its embedding cache, and each user's catalog, keyed by the versions
of the banks they imported (so an import made through another worker is seen at once).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Annotated

from fastapi import Depends, Request

from mockprep.bank.catalog import Catalog
from mockprep.bank.library import load_catalog
from mockprep.config import Settings
from mockprep.grading import Grader
from mockprep.nlp.embeddings import EmbeddingCache
from mockprep.practice.runner import PracticeRunner
from mockprep.store.database import Database
from mockprep.store.records import UserRecord
from mockprep.store.repositories import BankRepository
from mockprep.web.errors import LoginRequiredError
from mockprep.web.templating import USER_STATE_KEY

MAX_CACHED_CATALOGS = 64


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def get_grader(request: Request) -> Grader:
    grader: Grader = request.app.state.grader
    return grader


def get_embeddings(request: Request) -> EmbeddingCache:
    cache: EmbeddingCache = request.app.state.embeddings
    return cache


SettingsDep = Annotated[Settings, Depends(get_settings)]
DbDep = Annotated[Database, Depends(get_db)]
GraderDep = Annotated[Grader, Depends(get_grader)]
EmbeddingsDep = Annotated[EmbeddingCache, Depends(get_embeddings)]


def get_current_user(request: Request, db: DbDep, settings: SettingsDep) -> UserRecord:
    """Local mode: the local user. Hosted mode: the signed-in user, or 401 / the login page."""
    if settings.hosted:
        from mockprep.web.auth.sessions import user_for_request  # hosted mode only

        user = user_for_request(request, db, settings)
        if user is None:
            raise LoginRequiredError(
                "you are not signed in", fix="Log in (or sign up) at /login, then try again."
            )
    else:
        user = request.app.state.local_user
    setattr(request.state, USER_STATE_KEY, user)
    return user


CurrentUserDep = Annotated[UserRecord, Depends(get_current_user)]


class CatalogCache:
    """Catalogs by (user, imported bank versions); bounded, shared by the worker's threads."""

    def __init__(self, size: int = MAX_CACHED_CATALOGS) -> None:
        self.size = size
        self._items: OrderedDict[tuple[int, tuple[tuple[str, str], ...]], Catalog] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, db: Database, user_id: int) -> Catalog:
        with db.read() as session:
            banks = BankRepository(session)
            key = (user_id, tuple((r.name, r.version) for r in banks.latest(user_id)))
            with self._lock:
                found = self._items.get(key)
                if found is not None:
                    self._items.move_to_end(key)
                    return found
            catalog = load_catalog(banks, user_id)
        with self._lock:
            self._items[key] = catalog
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return catalog


def get_catalog(request: Request, db: DbDep, user: CurrentUserDep) -> Catalog:
    cache: CatalogCache = request.app.state.catalogs
    return cache.get(db, user.id)


CatalogDep = Annotated[Catalog, Depends(get_catalog)]


def get_runner(
    db: DbDep, catalog: CatalogDep, grader: GraderDep, user: CurrentUserDep, settings: SettingsDep
) -> PracticeRunner:
    return PracticeRunner(
        db, catalog, grader, user.id, desired_retention=settings.desired_retention
    )


RunnerDep = Annotated[PracticeRunner, Depends(get_runner)]


def limit_grading(request: Request, db: DbDep, settings: SettingsDep, user: CurrentUserDep) -> None:
    """Hosted mode: count one grading for the user and the address (429 past the limit)."""
    if not settings.hosted:
        return
    from mockprep.web.auth.ratelimit import check  # hosted mode only

    check(
        db,
        scope="grade",
        user_id=user.id,
        address=request.client.host if request.client else None,
    )


GradeLimitDep = Annotated[None, Depends(limit_grading)]
