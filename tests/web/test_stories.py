"""The story bank over HTTP: the JSON API on both databases, the pages as forms (no JavaScript),
free text split for correction, and hosted mode where one user never sees another's stories."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from webhelpers import BASE_URL, Api, make_client

from mockprep.config import Settings, load_settings

STORY = {
    "title": "Eval set truce",
    "situation": "Two teams had argued for a month about which embedding model to use for search.",
    "task": "I owned the retrieval design.",
    "action": "We compared some models and helped the teams agree. We wrote it up.",
    "result": "It went well.",
    "competencies": ["Conflict"],
    "questions": ["behavioural-conflict-colleague"],
}
FREE_TEXT = (
    "Last year our support chatbot kept quoting an old refund policy. My job was to stop it. "
    "I traced it to a stale index and I scheduled a nightly rebuild. "
    "Wrong answers fell from 40 a week to 2."
)


def test_api_crud_checks_and_coverage(any_db_api: Api) -> None:
    api = any_db_api
    r = api.post("/api/v1/stories", json=STORY)
    assert r.status_code == 201, r.text
    story = r.json()
    sid = story["id"]
    assert story["competencies"] == ["conflict"]
    checks = {f["check"] for f in story["findings"]}
    assert {"we-not-i", "no-measurable-result", "vague-verbs", "no-reflection"} <= checks
    assert story["problems"] >= 2

    assert [s["id"] for s in api.get("/api/v1/stories").json()] == [sid]
    changed = {**STORY, "result": "Recall rose from 61 to 78 percent. I learned to measure first."}
    r = api.client.put(
        f"/api/v1/stories/items/{sid}", json=changed, headers={"X-CSRF-Token": api.token}
    )
    assert r.status_code == 200, r.text
    assert "no-measurable-result" not in {f["check"] for f in r.json()["findings"]}

    cover = api.get("/api/v1/stories/coverage").json()
    by_q = {q["question_id"]: q for q in cover["questions"]}
    assert by_q["behavioural-conflict-colleague"]["reasons"] == ["linked"]
    assert by_q["behavioural-disagree-with-manager"]["reasons"] == ["competency"]
    assert by_q["behavioural-failure"]["story_ids"] == []

    md = api.get("/api/v1/stories/export")
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert "## Eval set truce" in md.text

    r = api.client.delete(f"/api/v1/stories/items/{sid}", headers={"X-CSRF-Token": api.token})
    assert r.status_code == 204
    assert api.get(f"/api/v1/stories/items/{sid}").status_code == 404


def test_api_rejects_bad_stories_with_the_fix(api: Api) -> None:
    r = api.post("/api/v1/stories", json={**STORY, "questions": ["no-such-question"]})
    assert r.status_code == 422 and "no question 'no-such-question'" in r.json()["error"]["message"]
    r = api.post("/api/v1/stories", json={"title": "Empty"})
    assert r.status_code == 422
    assert api.get("/api/v1/stories").json() == []


def test_api_split(api: Api) -> None:
    r = api.post("/api/v1/stories/split", json={"text": FREE_TEXT})
    assert r.status_code == 200
    body = r.json()
    assert [s["part"] for s in body["sentences"]] == ["situation", "task", "action", "result"]
    assert body["task"] == "My job was to stop it."
    for s in body["sentences"]:
        assert FREE_TEXT[s["start"] : s["end"]] == s["text"]


def test_pages_create_split_correct_edit_and_delete(api: Api) -> None:
    r = api.form("/stories/split", {"text": FREE_TEXT, "title": "Stale index"})
    assert r.status_code == 200 and 'name="label"' in r.text
    assert re.search(r'<textarea id="part-task"[^>]*>My job was to stop it\.</textarea>', r.text)
    # the person disagrees: the second sentence is situation, not task
    r = api.form(
        "/stories/split",
        {
            "text": FREE_TEXT,
            "title": "Stale index",
            "label": ["situation", "situation", "action", "result"],
        },
    )
    assert re.search(r'<textarea id="part-task"[^>]*></textarea>', r.text)
    assert "refund policy. My job was to stop it.</textarea>" in r.text

    bad = api.form("/stories", {"title": "", "action": "I kept this text."})
    assert bad.status_code == 422 and "I kept this text." in bad.text and 'role="alert"' in bad.text

    made = api.form(
        "/stories",
        {
            "title": "Stale index",
            "situation": "Our chatbot quoted an old refund policy.",
            "action": "We rebuilt the index. We added a test.",
            "result": "It went fine.",
            "competencies": ["customer focus"],
            "other_competencies": "Data quality",
            "skills": "python, airflow",
            "questions": ["behavioural-customer-problem-ai"],
        },
    )
    assert made.status_code == 303
    url = made.headers["location"]
    page = api.get(url)
    assert page.status_code == 200
    assert '<mark class="evidence">We rebuilt the index.</mark>' in page.text
    assert "we-not-i" in page.text and "data quality" in page.text

    index = api.get("/stories")
    assert "Stale index" in index.text and "none yet" in index.text
    edit = api.get(f"{url}/edit")
    assert 'value="python, airflow"' in edit.text and "checked" in edit.text
    r = api.form(url, {"title": "Renamed", "action": "I rebuilt the index."})
    assert r.status_code == 303
    assert "Renamed" in api.get(url).text
    export = api.get("/stories/export.md")
    assert "## Renamed" in export.text
    r = api.form(f"{url}/delete", {})
    assert r.status_code == 303 and api.get(url).status_code == 404


def test_web_practice_of_a_behavioural_question_reminds_of_the_story(api: Api) -> None:
    api.post("/api/v1/stories", json=STORY)
    started = api.post(
        "/api/v1/sessions", json={"question_ids": ["behavioural-conflict-colleague"]}
    )
    sid = started.json()["id"]
    answer = (
        "At my last job a colleague and I disagreed about fine-tuning versus retrieval. My role "
        "was tech lead. I proposed an eval set of 100 tickets and I ran both options on it. "
        "Retrieval won by 12 points and we shipped in three weeks. I learned to measure first."
    )
    r = api.post(
        f"/api/v1/sessions/{sid}/answers",
        json={"question_id": "behavioural-conflict-colleague", "answer": answer},
    )
    assert r.status_code == 201, r.text
    star = r.json()["grade"]["star"]
    assert star["reminder"]["title"] == "Eval set truce"
    aid = r.json()["attempt"]["id"]
    page = api.get(f"/practice/{sid}/attempts/{aid}")
    assert 'data-testid="star-review"' in page.text and "Eval set truce" in page.text
    graded = api.post(
        "/api/v1/grade", json={"question_id": "behavioural-conflict-colleague", "answer": answer}
    )
    assert graded.json()["star"]["reminder"]["story_id"] == star["reminder"]["story_id"]


@pytest.fixture
def hosted_app(
    database_url: str, sealed_home: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FastAPI]:
    sealed_home.mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("MOCKPREP_AUTH", "accounts")
    monkeypatch.setenv("MOCKPREP_SECRET_KEY", "k3y-for-tests-only-0123456789abcdef")
    settings: Settings = load_settings()
    for client in make_client(settings):
        assert isinstance(client.app, FastAPI)
        yield client.app


def _signed_in(app: FastAPI, username: str, address: str) -> Api:
    web = Api(TestClient(app, base_url=BASE_URL, client=(address, 40000)))
    r = web.post(
        "/api/v1/auth/signup", json={"username": username, "password": "correct horse battery"}
    )
    assert r.status_code == 201, r.text
    return web


def test_hosted_users_never_see_each_others_stories(hosted_app: FastAPI) -> None:
    ada = _signed_in(hosted_app, "ada", "203.0.113.1")
    eve = _signed_in(hosted_app, "eve", "203.0.113.2")
    sid = ada.post("/api/v1/stories", json=STORY).json()["id"]
    assert eve.get("/api/v1/stories").json() == []
    assert eve.get(f"/api/v1/stories/items/{sid}").status_code == 404
    r = eve.client.put(
        f"/api/v1/stories/items/{sid}", json=STORY, headers={"X-CSRF-Token": eve.token}
    )
    assert r.status_code == 404
    assert (
        eve.client.delete(
            f"/api/v1/stories/items/{sid}", headers={"X-CSRF-Token": eve.token}
        ).status_code
        == 404
    )
    assert eve.get(f"/stories/{sid}").status_code == 404
    assert "Eval set truce" not in eve.get("/stories").text
    assert "Eval set truce" not in eve.get("/api/v1/stories/export").text
    cover = eve.get("/api/v1/stories/coverage").json()
    assert all(q["story_ids"] == [] for q in cover["questions"])
    assert ada.get(f"/api/v1/stories/items/{sid}").json()["title"] == "Eval set truce"
    stranger = TestClient(hosted_app, base_url=BASE_URL)
    assert stranger.get("/api/v1/stories").status_code == 401
