"""Bad input never causes a 5xx: each answer is a 4xx whose message names the fix."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from webhelpers import BASE_URL, Api

from mockprep.web.api.schemas import MAX_ANSWER_CHARS
from mockprep.web.app import create_app


def error_of(response: object) -> dict[str, object]:
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"} and {"type", "message", "details"} <= set(body["error"])
    error: dict[str, object] = body["error"]
    return error


def test_longest_answer_is_graded_and_one_more_character_is_refused(api: Api) -> None:
    longest = ("Retrieval grounds the answer in documents. " * 2000)[:MAX_ANSWER_CHARS]
    ok = api.post("/api/v1/grade", json={"question_id": "rag-basics", "answer": longest})
    assert ok.status_code == 200 and "too-long" in ok.json()["flags"]
    too_long = api.post(
        "/api/v1/grade", json={"question_id": "rag-basics", "answer": longest + "x"}
    )
    assert too_long.status_code == 422
    assert "answer" in str(error_of(too_long)["message"])


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"question_id": "no-such-question", "answer": "x"}, 404, "no question"),
        ({"question_id": "rag-basics"}, 422, "answer: Field required"),
        ({"question_id": 12, "answer": ["a"]}, 422, "question_id"),
        ({"question_id": "rag-basics", "answer": "nul \x00 here"}, 422, "not text"),
        ({"question_id": "", "answer": "x"}, 422, "question_id"),
        ({"question_id": "x" * 201, "answer": "x"}, 422, "question_id"),
        ([], 422, "valid dictionary"),
    ],
)
def test_bad_grade_requests(api: Api, body: object, status: int, words: str) -> None:
    response = api.post("/api/v1/grade", json=body)
    assert response.status_code == status, response.text
    assert words in str(error_of(response)["message"])


def test_malformed_json_is_a_readable_422(api: Api) -> None:
    response = api.post(
        "/api/v1/grade",
        content=b'{"question_id": "rag',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 422
    assert "not valid JSON" in str(error_of(response)["message"])


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/attempts/0",
        "/api/v1/attempts/99999999999999999999999",
        "/api/v1/attempts/abc",
        "/api/v1/attempts/2147483647",
        "/api/v1/sessions/5/next",
        "/api/v1/sessions/99999999999/summary",
        "/api/v1/progress?tz=Not/AZone",
        "/api/v1/progress?tz=../../etc/passwd",
        "/api/v1/questions?category=nope",
        "/api/v1/questions?difficulty=9",
        "/api/v1/questions/search?q=%20",
        "/api/v1/questions/a/b/c",
        "/history/0",
        "/history/123",
        "/practice/77",
        "/practice/77/attempts/1",
        "/questions/nope",
        "/questions/nope/nope",
    ],
)
def test_unknown_ids_and_bad_parameters_are_4xx(api: Api, url: str) -> None:
    response = api.get(url)
    assert 400 <= response.status_code < 500, (url, response.status_code, response.text[:300])
    if url.startswith("/api/"):
        assert error_of(response)["message"]
    else:
        assert "text/html" in response.headers["content-type"]


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/v1/sessions", {"count": 0}),
        ("/api/v1/sessions", {"count": "many"}),
        ("/api/v1/sessions", {"time_limit_seconds": 5}),
        ("/api/v1/sessions", {"question_ids": ["nope"]}),
        ("/api/v1/sessions", {"role": "astronaut"}),
        ("/api/v1/sessions/1/answers", {"question_id": "rag-basics", "answer": "x"}),
        ("/api/v1/sessions/1/skip", {"question_id": "rag-basics"}),
        ("/api/v1/sessions/1/finish", None),
        ("/api/v1/reviews/start", {"limit": -1}),
        ("/api/v1/banks/import", None),
        ("/api/v1/data/import", None),
    ],
)
def test_bad_posts_are_4xx(api: Api, url: str, body: object) -> None:
    response = api.post(url, json=body) if body is not None else api.post(url)
    assert 400 <= response.status_code < 500, (url, response.status_code, response.text[:300])
    assert error_of(response)["message"]


def test_bad_uploads_are_4xx(api: Api) -> None:
    big = b"x" * 5_000_001
    for url, files in (
        ("/api/v1/banks/import", {"file": ("big.yaml", big)}),
        ("/api/v1/data/import", {"file": ("export.json", b"[1, 2")}),
        ("/api/v1/data/import", {"file": ("export.json", b'{"format": "other"}')}),
        ("/api/v1/data/import", {"file": ("export.json", b"")}),
    ):
        response = api.post(url, files=files)
        assert 400 <= response.status_code < 500, (url, response.text[:300])
        assert error_of(response)["message"]
    bad_name = api.post(
        "/api/v1/banks/import", files={"file": ("b.yaml", b"x: 1")}, data={"name": "Not A Slug"}
    )
    assert bad_name.status_code == 422


def test_bad_form_posts_show_an_error_page(api: Api) -> None:
    for url, data in (
        ("/practice", {"count": "0"}),
        ("/practice", {"count": "5", "role": "astronaut"}),
        ("/practice", {"count": "5", "category": "astrology"}),
        ("/practice/1/answer", {"question_id": "rag-basics", "answer": "x"}),
        ("/review", {"limit": "lots"}),
    ):
        response = api.form(url, data)
        assert 400 <= response.status_code < 500, (url, response.status_code)
        assert "text/html" in response.headers["content-type"]
        assert 'class="notice error"' in response.text


def test_requests_for_another_host_are_refused_in_local_mode(client: TestClient) -> None:
    """DNS rebinding: a page on evil.example resolving to 127.0.0.1 must not read the app."""
    refused = client.get("/", headers={"host": "evil.example:8000"})
    assert refused.status_code == 400 and "localhost" in refused.text
    for host in ("localhost:8000", "127.0.0.1", "[::1]:8000", "app.localhost"):
        assert client.get("/healthz", headers={"host": host}).status_code == 200, host


def test_bound_to_all_addresses_any_host_is_served(sealed_home: object) -> None:
    from mockprep.config import load_settings

    with TestClient(
        create_app(load_settings(host="0.0.0.0"), warm_up=False), base_url=BASE_URL
    ) as client:
        assert client.get("/healthz", headers={"host": "mybox.lan"}).status_code == 200


def test_security_headers(client: TestClient) -> None:
    headers = client.get("/").headers
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


def test_405_names_the_methods_of_the_most_specific_path() -> None:
    """``/x/profile`` and ``/x/{id}`` both match ``/x/profile``; the literal path's methods answer."""
    from fastapi import FastAPI

    from mockprep.web import errors

    app = FastAPI()
    errors.install(app)

    @app.get("/api/v1/x/profile")
    def read_profile() -> dict[str, str]:
        return {}

    @app.put("/api/v1/x/profile")
    def write_profile() -> dict[str, str]:
        return {}

    @app.delete("/api/v1/x/{item}")
    def delete_item(item: str) -> dict[str, str]:
        return {}

    with TestClient(app) as client:
        literal = client.post("/api/v1/x/profile")
        templated = client.post("/api/v1/x/42")
    assert literal.status_code == 405 and literal.headers["allow"] == "GET, PUT"
    assert templated.status_code == 405 and templated.headers["allow"] == "DELETE"
    assert "method" in str(error_of(literal)["message"])
