"""CSRF: every state-changing request needs the signed token twice (cookie + field or header)."""

from __future__ import annotations

import stat

from fastapi.testclient import TestClient
from webhelpers import BASE_URL, Api, form_token, make_client

from mockprep.config import load_settings
from mockprep.web.csrf import COOKIE_NAME, HEADER_NAME, KEY_FILE, is_valid, make_token

GRADE = {"question_id": "rag-basics", "answer": "RAG retrieves documents, then generates."}


def test_api_calls_need_the_token_in_a_header(client: TestClient) -> None:
    no_cookie = client.post("/api/v1/grade", json=GRADE)
    assert no_cookie.status_code == 403
    error = no_cookie.json()["error"]
    assert error["type"] == "CsrfError" and "GET /api/v1/csrf" in error["message"]

    given = client.get("/api/v1/csrf")
    token = given.json()["csrf_token"]
    assert COOKIE_NAME in given.headers["set-cookie"] and "HttpOnly" in given.headers["set-cookie"]
    assert "SameSite=Lax" in given.headers["set-cookie"]
    assert client.get("/api/v1/csrf").json()["csrf_token"] == token  # stable while the cookie is

    no_header = client.post("/api/v1/grade", json=GRADE)
    assert no_header.status_code == 403 and "no CSRF token" in no_header.json()["error"]["message"]
    wrong = client.post("/api/v1/grade", json=GRADE, headers={HEADER_NAME: token[:-2] + "00"})
    assert wrong.status_code == 403 and "wrong" in wrong.json()["error"]["message"]
    right = client.post("/api/v1/grade", json=GRADE, headers={HEADER_NAME: token})
    assert right.status_code == 200


def test_a_cookie_this_server_did_not_sign_is_refused(client: TestClient) -> None:
    forged = make_token(b"another key entirely, not ours!!")
    client.cookies.set(COOKIE_NAME, forged)
    refused = client.post("/api/v1/grade", json=GRADE, headers={HEADER_NAME: forged})
    assert refused.status_code == 403
    # a page then issues a fresh, valid token
    fresh = client.get("/api/v1/csrf").json()["csrf_token"]
    assert fresh != forged


def test_forms_need_the_token_field(client: TestClient) -> None:
    page = client.get("/practice")
    token = form_token(page.text)
    assert COOKIE_NAME in page.headers["set-cookie"]
    missing = client.post("/practice", data={"count": "1"}, follow_redirects=False)
    assert missing.status_code == 403
    assert "text/html" in missing.headers["content-type"]
    assert "Reload the page" in missing.text
    wrong = client.post(
        "/practice", data={"count": "1", "csrf_token": "a.b"}, follow_redirects=False
    )
    assert wrong.status_code == 403
    ok = client.post("/practice", data={"count": "1", "csrf_token": token}, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"].startswith("/practice/")


def test_a_cross_site_form_post_changes_nothing(client: TestClient) -> None:
    """What an attacker's page can send: a form post without our cookie or token."""
    attacker = TestClient(client.app, base_url=BASE_URL)  # a browser with no cookie of ours
    for url, data in (
        ("/practice", {"count": "3"}),
        ("/history/import", {}),
        ("/review", {"limit": "5"}),
    ):
        assert attacker.post(url, data=data, follow_redirects=False).status_code == 403
    assert client.get("/api/v1/sessions").json() == []


def test_the_local_key_lives_in_the_data_folder_and_survives_restarts(sealed_home: object) -> None:
    settings = load_settings()
    first = make_client(settings)
    client = next(first)
    token = Api(client).token
    first.close()
    key_file = settings.home / KEY_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    second = make_client(settings)
    again = next(second)
    try:
        again.cookies.set(COOKIE_NAME, token)
        ok = again.post("/api/v1/grade", json=GRADE, headers={HEADER_NAME: token})
        assert ok.status_code == 200  # another worker or a restart accepts the same token
    finally:
        second.close()


def test_token_signatures() -> None:
    key = b"k" * 32
    token = make_token(key)
    assert is_valid(key, token)
    assert not is_valid(b"x" * 32, token)
    for bad in ("", ".", "abc", "a.b.c", token + "0", "é." + token.split(".")[1], None):
        assert not is_valid(key, bad)
