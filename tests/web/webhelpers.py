"""Helpers the web tests share (imported as ``webhelpers``; fixtures are in conftest.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
from fastapi.testclient import TestClient

from mockprep.config import Settings
from mockprep.web.app import create_app
from mockprep.web.csrf import HEADER_NAME

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
BASE_URL = "http://127.0.0.1:8000"


class Api:
    """A TestClient that sends the CSRF token on every state-changing call."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.token = client.get("/api/v1/csrf").json()["csrf_token"]

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.client.get(url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        headers = {HEADER_NAME: self.token, **kwargs.pop("headers", {})}
        return self.client.post(url, headers=headers, **kwargs)

    def form(self, url: str, data: dict[str, Any], **kwargs: Any) -> httpx.Response:
        """Post a form the way a browser does: the token in the form, not in a header."""
        return self.client.post(
            url, data={"csrf_token": self.token, **data}, follow_redirects=False, **kwargs
        )


def make_client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings, warm_up=False)
    with TestClient(app, base_url=BASE_URL) as client:
        yield client


def form_token(html: str) -> str:
    found = CSRF_FIELD.search(html)
    assert found, "the page has no CSRF field"
    return found.group(1)
