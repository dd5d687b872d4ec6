"""``GET /healthz`` and ``GET /api/v1/csrf`` (the token a non-browser client sends back)."""

from __future__ import annotations

import os

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import text

from mockprep import __version__
from mockprep.web.csrf import COOKIE_NAME, HEADER_NAME, csrf_token
from mockprep.web.deps import DbDep

health_router = APIRouter(tags=["health"])
router = APIRouter(tags=["csrf"])


class Health(BaseModel):
    status: str = Field(description="ok")
    version: str
    database: str = Field(description="ok, or what is wrong with it")
    pid: int = Field(description="The serving worker's process id.")
    grader_warm: bool = Field(
        description="Every bundled rubric is prepared (answers grade fastest)."
    )


class CsrfOut(BaseModel):
    csrf_token: str
    header: str = Field(description="Send the token in this header on POST requests.")
    cookie: str = Field(description="…together with this cookie, which this answer sets.")


@health_router.get("/healthz", summary="Is the app up and its database reachable?")
def healthz(request: Request, db: DbDep, response: Response) -> Health:
    try:
        with db.read() as s:
            s.execute(text("SELECT 1"))
        database = "ok"
    except Exception as exc:  # noqa: BLE001 - report, don't fail: this is the health check
        database = f"unavailable: {type(exc).__name__}"
        response.status_code = 503
    return Health(
        status="ok" if database == "ok" else "degraded",
        version=__version__,
        database=database,
        pid=os.getpid(),
        grader_warm=request.app.state.warm.is_set(),
    )


@router.get("/csrf", summary="A CSRF token for API clients (sets the cookie too)")
def get_csrf(request: Request) -> CsrfOut:
    """The browser's token; a new one (and its cookie) when the request brings none."""
    return CsrfOut(csrf_token=csrf_token(request), header=HEADER_NAME, cookie=COOKIE_NAME)
