"""Errors at the web edge: every failure becomes a 4xx with a message that names the fix.

API paths (``/api/…``, ``/healthz``) answer ``{"error": {"type", "message", "details"}}``;
pages answer an HTML error page (or a redirect to the login page in hosted mode). A
``MockprepError`` keeps its ``http_status``; request validation errors are 422 with a readable
message; anything else is a bug and answers 500 without leaking details.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from mockprep.errors import MockprepError

log = logging.getLogger(__name__)
_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})


class LoginRequiredError(MockprepError):
    """Hosted mode: the request has no signed-in user."""

    http_status = 401


class ErrorDetail(BaseModel):
    type: str = Field(description="The kind of error, e.g. QuestionNotFoundError.")
    message: str = Field(description="What is wrong and how to fix it.")
    details: list[str] = Field(
        default_factory=list, description="One line per problem (a bank file's lines, fields)."
    )


class ErrorBody(BaseModel):
    """Every 4xx answer of the API has this shape."""

    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": {"model": ErrorBody, "description": "The request cannot be served; see the message."},
}


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path in ("/healthz", "/openapi.json")


def error_details(exc: MockprepError) -> list[str]:
    problems = getattr(exc, "problems", None)
    if isinstance(problems, list):
        return [str(p) for p in problems]
    lines = exc.message.splitlines()
    return [line.strip() for line in lines[1:] if line.strip()]


def error_response(
    request: Request,
    status: int,
    kind: str,
    message: str,
    *,
    details: list[str] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    if wants_json(request):
        body = ErrorBody(error=ErrorDetail(type=kind, message=message, details=details or []))
        return JSONResponse(body.model_dump(), status_code=status, headers=headers)
    from mockprep.web.templating import templates  # pages only; avoids an import cycle

    return templates.TemplateResponse(
        request,
        "error.html",
        {"status": status, "kind": kind, "message": message, "details": details or []},
        status_code=status,
        headers=headers,
    )


async def on_mockprep_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, MockprepError)
    if isinstance(exc, LoginRequiredError) and not wants_json(request):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='/')}", status_code=303)
    raw_headers = getattr(exc, "headers", None)
    headers = dict(raw_headers) if isinstance(raw_headers, dict) else None
    status = exc.http_status if 400 <= exc.http_status < 600 else 400
    return error_response(
        request, status, type(exc).__name__, str(exc), details=error_details(exc), headers=headers
    )


def _field(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    return ".".join(parts) or "request"


async def on_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    details = []
    for err in exc.errors():
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        if err.get("type") == "json_invalid":
            msg = f"the body is not valid JSON ({err.get('ctx', {}).get('error', 'parse error')})"
        details.append(f"{_field(tuple(err.get('loc', ())))}: {msg}")
    message = "; ".join(details) or "the request is not valid"
    return error_response(
        request,
        422,
        "ValidationError",
        f"{message}. Correct these fields and send the request again.",
        details=details,
    )


def allowed_methods(request: Request) -> list[str]:
    """The methods the API documents for this address (Starlette's 405 names only one route's).

    When both a literal path (``/offers/profile``) and a templated one (``/offers/{id}``) match,
    the most specific paths (fewest parameters) answer, as the router and the OpenAPI entry do.
    """
    matching: list[tuple[int, set[str]]] = []
    for template, item in request.app.openapi().get("paths", {}).items():
        pattern = re.sub(r"\\{[^/]+?\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, request.url.path):
            matching.append((template.count("{"), {m.upper() for m in item if m in _METHODS}))
    if not matching:
        return []
    fewest = min(params for params, _ in matching)
    return sorted({m for params, methods in matching if params == fewest for m in methods})


async def on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    messages = {
        404: "there is no page or endpoint at this address. Check the address; the API is "
        "described at /docs",
        405: "this address does not accept that method. The API is described at /docs",
    }
    message = messages.get(exc.status_code, str(exc.detail))
    headers = dict(exc.headers) if exc.headers else None
    if exc.status_code == 405 and wants_json(request):
        allowed = allowed_methods(request)
        if allowed:
            headers = {**(headers or {}), "Allow": ", ".join(allowed)}
    if exc.status_code < 400:
        return Response(status_code=exc.status_code, headers=headers)
    return error_response(request, exc.status_code, "HTTPError", message, headers=headers)


async def on_data_error(request: Request, exc: Exception) -> Response:
    """The database refused a value (a NUL character, a number out of range): the input's fault."""
    log.info("database refused a value: %s", exc)
    return error_response(
        request,
        422,
        "InputError",
        "the database cannot store a value in this request (a NUL character or a number out "
        "of range). Remove it and try again",
    )


async def on_bug(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(
        request,
        500,
        "InternalError",
        "mockprep hit a bug while serving this request. Nothing you did caused it; please "
        "report it with the server's log",
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(MockprepError, on_mockprep_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(DataError, on_data_error)
    app.add_exception_handler(Exception, on_bug)
