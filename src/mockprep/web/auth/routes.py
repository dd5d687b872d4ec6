"""Sign-up, login and logout: HTML forms and their JSON twins under ``/api/v1/auth``.

The web app includes ``router`` when ``settings.hosted``. Pages render the templates in
``templates/auth/`` (which extend ``base.html``); after a successful sign-up or login the
browser is sent on with a 303 and a fresh session cookie. The JSON routes answer with the user
and set the same cookie; their errors are the app's JSON errors. Every successful answer of
these routes carries ``X-Mockprep-Worker`` (the serving process's id), which shows that any
worker serves any session.

Sign-up and login are rate-limited (``ratelimit.LIMITS``): past the limit the page or the JSON
error comes with HTTP 429 and ``Retry-After``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response, status
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field

from mockprep.errors import MockprepError
from mockprep.store.database import Database
from mockprep.store.records import UserRecord
from mockprep.web.auth import accounts, ratelimit, sessions
from mockprep.web.auth.errors import PasswordRulesError, RateLimitedError
from mockprep.web.auth.passwords import (
    MAX_PASSWORD_LENGTH,
    MAX_USERNAME_LENGTH,
    MIN_PASSWORD_LENGTH,
)
from mockprep.web.deps import DbDep, SettingsDep
from mockprep.web.errors import ErrorBody, LoginRequiredError
from mockprep.web.templating import templates

WORKER_HEADER = "X-Mockprep-Worker"


class _WorkerRoute(APIRoute):
    """Adds the serving process id to every successful response of this router."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def with_worker(request: Request) -> Response:
            response = await handler(request)
            response.headers[WORKER_HEADER] = str(os.getpid())
            return response

        return with_worker


router = APIRouter(route_class=_WorkerRoute, tags=["auth"])


def _address(request: Request) -> str | None:
    return request.client.host if request.client else None


def safe_next(target: str | None) -> str:
    """Where to go after login: a path on this site only (never ``//evil.example``)."""
    if (
        not target
        or len(target) > 2000
        or not target.startswith("/")
        or target.startswith(("//", "/\\"))
        or any(ch in target for ch in "\r\n\t\\")
    ):
        return "/"
    return target


# --- JSON ---


class SignupIn(BaseModel):
    username: str = Field(max_length=MAX_USERNAME_LENGTH * 2, examples=["ada"])
    password: str = Field(max_length=MAX_PASSWORD_LENGTH * 2, examples=["correct horse battery"])
    display_name: str = Field(default="", max_length=200, examples=["Ada Lovelace"])


class LoginIn(BaseModel):
    username: str = Field(max_length=MAX_USERNAME_LENGTH * 2, examples=["ada"])
    password: str = Field(max_length=MAX_PASSWORD_LENGTH * 2)


class UserOut(BaseModel):
    id: int
    username: str
    display_name: str


class AuthOut(BaseModel):
    user: UserOut


class LogoutOut(BaseModel):
    signed_out: bool
    """Whether a session was ended (``false`` when the request had none)."""


_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "Wrong username or password, or not signed in"},
    409: {"model": ErrorBody, "description": "The username is taken"},
    422: {"model": ErrorBody, "description": "The username or password breaks a rule"},
    429: {"model": ErrorBody, "description": "Too many attempts; see Retry-After"},
}


def _auth_out(user: UserRecord) -> AuthOut:
    return AuthOut(user=UserOut(id=user.id, username=user.username, display_name=user.display_name))


def _signed_in_json(
    request: Request, db: Database, user: UserRecord, status_code: int
) -> JSONResponse:
    response = JSONResponse(_auth_out(user).model_dump(), status_code=status_code)
    sessions.set_session_cookie(response, request, sessions.start_session(request, db, user))
    return response


@router.post(
    "/api/v1/auth/signup",
    status_code=status.HTTP_201_CREATED,
    response_model=AuthOut,
    responses={k: v for k, v in _ERRORS.items() if k != 401},
    summary="Create an account and sign in",
)
def api_signup(body: SignupIn, request: Request, db: DbDep) -> Response:
    ratelimit.check(db, scope="signup", user_id=None, address=_address(request))
    user = accounts.sign_up(db, body.username, body.password, display_name=body.display_name)
    return _signed_in_json(request, db, user, status.HTTP_201_CREATED)


@router.post(
    "/api/v1/auth/login",
    response_model=AuthOut,
    responses={k: v for k, v in _ERRORS.items() if k in (401, 429)},
    summary="Sign in (a new session token every time)",
)
def api_login(body: LoginIn, request: Request, db: DbDep) -> Response:
    ratelimit.check(
        db,
        scope="login",
        user_id=accounts.user_id_of(db, body.username),
        address=_address(request),
    )
    user = accounts.authenticate(db, body.username, body.password)
    return _signed_in_json(request, db, user, status.HTTP_200_OK)


@router.post("/api/v1/auth/logout", response_model=LogoutOut, summary="Sign out")
def api_logout(request: Request, db: DbDep) -> Response:
    ended = sessions.end_session(request, db)
    response = JSONResponse(LogoutOut(signed_out=ended).model_dump())
    sessions.clear_session_cookie(response, request)
    return response


@router.get(
    "/api/v1/auth/me",
    response_model=AuthOut,
    responses={401: _ERRORS[401]},
    summary="The signed-in user",
)
def api_me(request: Request, db: DbDep, settings: SettingsDep) -> Response:
    user = sessions.user_for_request(request, db, settings)
    if user is None:
        raise LoginRequiredError("you are not signed in", fix="Log in at /api/v1/auth/login.")
    return JSONResponse(_auth_out(user).model_dump())


# --- pages ---


def _page(
    request: Request,
    name: str,
    *,
    status_code: int = 200,
    errors: list[str] | None = None,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        f"auth/{name}",
        {
            "errors": errors or [],
            "min_password_length": MIN_PASSWORD_LENGTH,
            **context,
        },
        status_code=status_code,
        headers=headers,
    )


def _failed_page(request: Request, name: str, exc: MockprepError, **context: Any) -> HTMLResponse:
    if isinstance(exc, PasswordRulesError):
        errors = [p[0].upper() + p[1:] + "." for p in exc.problems]
    else:
        errors = [str(exc)[0].upper() + str(exc)[1:]]
    headers = exc.headers if isinstance(exc, RateLimitedError) else None
    return _page(
        request, name, status_code=exc.http_status, errors=errors, headers=headers, **context
    )


def _signed_in_redirect(request: Request, db: Database, user: UserRecord, target: str) -> Response:
    response = RedirectResponse(safe_next(target), status_code=status.HTTP_303_SEE_OTHER)
    sessions.set_session_cookie(response, request, sessions.start_session(request, db, user))
    return response


@router.get("/signup", response_class=HTMLResponse, include_in_schema=False)
def signup_page(request: Request, db: DbDep, settings: SettingsDep, next: str = "/") -> Response:
    if sessions.user_for_request(request, db, settings) is not None:
        return RedirectResponse(safe_next(next), status_code=status.HTTP_303_SEE_OTHER)
    return _page(request, "signup.html", username="", display_name="", next=safe_next(next))


@router.post("/signup", response_class=HTMLResponse, include_in_schema=False)
def signup_form(
    request: Request,
    db: DbDep,
    username: Annotated[str, Form(max_length=1000)] = "",
    password: Annotated[str, Form(max_length=MAX_PASSWORD_LENGTH * 2)] = "",
    password_again: Annotated[str, Form(max_length=MAX_PASSWORD_LENGTH * 2)] = "",
    display_name: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    context = {"username": username, "display_name": display_name, "next": safe_next(next)}
    try:
        ratelimit.check(db, scope="signup", user_id=None, address=_address(request))
        if password != password_again:
            raise PasswordRulesError(["the two passwords differ; type the same password twice"])
        user = accounts.sign_up(db, username, password, display_name=display_name)
    except MockprepError as exc:
        return _failed_page(request, "signup.html", exc, **context)
    return _signed_in_redirect(request, db, user, next)


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, db: DbDep, settings: SettingsDep, next: str = "/") -> Response:
    if sessions.user_for_request(request, db, settings) is not None:
        return RedirectResponse(safe_next(next), status_code=status.HTTP_303_SEE_OTHER)
    return _page(request, "login.html", username="", next=safe_next(next))


@router.post("/login", response_class=HTMLResponse, include_in_schema=False)
def login_form(
    request: Request,
    db: DbDep,
    username: Annotated[str, Form(max_length=1000)] = "",
    password: Annotated[str, Form(max_length=MAX_PASSWORD_LENGTH * 2)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    context = {"username": username, "next": safe_next(next)}
    try:
        ratelimit.check(
            db, scope="login", user_id=accounts.user_id_of(db, username), address=_address(request)
        )
        user = accounts.authenticate(db, username, password)
    except MockprepError as exc:
        return _failed_page(request, "login.html", exc, **context)
    return _signed_in_redirect(request, db, user, next)


@router.post("/logout", include_in_schema=False)
def logout_form(request: Request, db: DbDep) -> Response:
    sessions.end_session(request, db)
    response = RedirectResponse("/login", status_code=status.HTTP_303_SEE_OTHER)
    sessions.clear_session_cookie(response, request)
    return response
