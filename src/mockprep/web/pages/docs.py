"""``/docs``: the API reference, rendered here from the OpenAPI schema (no CDN, no script)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from mockprep.web.templating import templates

router = APIRouter()
METHODS = ("get", "post", "put", "patch", "delete")


def operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry per path and method: summary, description, parameters, body and responses."""
    out = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            body = op.get("requestBody", {}).get("content", {})
            out.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "tag": (op.get("tags") or ["other"])[0],
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": op.get("parameters", []),
                    "body": ", ".join(body),
                    "responses": sorted(op.get("responses", {})),
                }
            )
    return out


@router.get("/docs", name="docs")
def api_docs(request: Request) -> Response:
    schema = request.app.openapi()
    return templates.TemplateResponse(
        request,
        "pages/docs.html",
        {"info": schema.get("info", {}), "operations": operations(schema)},
    )
