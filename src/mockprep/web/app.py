"""``create_app()``: the FastAPI app of mockprep, its pages and its JSON API.

``uvicorn --factory mockprep.web.app:create_app`` (what ``mockprep web`` runs) calls it with
no arguments in each worker, so settings come from the environment. At startup the lifespan
opens (and migrates) the database, loads the embedding model and the grader and warms the
bundled bank; these and the per-user catalogs are caches. Sessions, attempts, progress and
logins all live in the database, so any number of workers can serve the same users.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from mockprep import __version__
from mockprep.bank.catalog import bundled_questions
from mockprep.config import Settings, load_settings
from mockprep.grading import Grader
from mockprep.jobs.handlers import make_worker
from mockprep.nlp.embeddings import TokenEmbeddingModel, load_embedding_model
from mockprep.star.coach import prepare_review
from mockprep.store.database import open_database
from mockprep.store.repositories import UserRepository
from mockprep.web import errors
from mockprep.web.api import router as api_router
from mockprep.web.api.meta import health_router
from mockprep.web.csrf import CsrfCookieMiddleware, load_key, verify_csrf
from mockprep.web.deps import CatalogCache
from mockprep.web.middleware import LocalHostOnlyMiddleware, SecurityHeadersMiddleware
from mockprep.web.pages import router as pages_router
from mockprep.web.recent_vectors import RecentVectors
from mockprep.web.templating import STATIC_DIR

log = logging.getLogger(__name__)
DESCRIPTION = """Practise interview questions for generative-AI roles and get graded answers.

Every POST needs a CSRF token: `GET /api/v1/csrf` returns one and sets the `mockprep_csrf`
cookie; send the cookie back with the token in the `X-CSRF-Token` header. Errors are
`{"error": {"type", "message", "details"}}` with a 4xx status; the message names the fix.
"""


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    db = open_database(settings)
    try:
        local_user = None
        if not settings.hosted:
            with db.write() as session:
                local_user = UserRepository(session).local_user()
        model = load_embedding_model(settings.embedding_model)
        if isinstance(model, TokenEmbeddingModel):  # the STAR review reuses the grader's pass
            model = RecentVectors(model)
        grader = Grader(model, cache_dir=settings.home / "cache" / "embeddings")
        bundled_questions()  # validate and index the bundled bank once, before any request
        app.state.db = db
        app.state.local_user = local_user
        app.state.grader = grader
        app.state.embeddings = grader.cache
        app.state.catalogs = CatalogCache()
        app.state.csrf_key = load_key(settings)
        app.state.warm = threading.Event()
        stop = threading.Event()
        worker = threading.Thread(
            target=prepare_rubrics,
            args=(grader, app.state.warm, stop),
            name="mockprep-warm-up",
            daemon=True,
        )
        if app.state.warm_up:
            worker.start()
        else:
            app.state.warm.set()
        # slow work (transcribing spoken answers) runs off the request path, in any worker
        app.state.job_worker = make_worker(settings, db, grader)
        app.state.job_worker.start()
        yield
        app.state.job_worker.stop()
        stop.set()
        if worker.is_alive():
            worker.join(timeout=30)
    finally:
        db.dispose()


def prepare_rubrics(grader: Grader, done: threading.Event, stop: threading.Event) -> None:
    """Prepare every bundled question's rubric (and what a STAR review of it needs) in the
    background, so no answer waits for it."""
    try:
        for question in bundled_questions():
            if stop.is_set():
                return
            grader.prepare(question)
            prepare_review(question, grader.cache)
    except Exception:  # a cache warm-up: grading prepares on demand anyway
        log.warning(
            "warming up the grader failed; questions are prepared on first use", exc_info=True
        )
    finally:
        done.set()


def create_app(settings: Settings | None = None, *, warm_up: bool = True) -> FastAPI:
    """The web app for ``settings`` (default: read from the environment).

    ``warm_up`` prepares every bundled rubric in a background thread at startup, so the first
    answers to each question are graded as fast as later ones (tests turn it off).
    """
    settings = settings or load_settings()
    app = FastAPI(
        title="mockprep",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        dependencies=[Depends(verify_csrf)],
    )
    app.state.settings = settings
    app.state.warm_up = warm_up
    errors.install(app)
    app.include_router(health_router, responses=errors.ERROR_RESPONSES)
    app.include_router(api_router)
    if settings.hosted:
        from mockprep.web.auth.routes import router as auth_router  # hosted mode only

        app.include_router(auth_router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(CsrfCookieMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    if not settings.hosted:
        app.add_middleware(LocalHostOnlyMiddleware, bound_host=settings.host)
    return app
