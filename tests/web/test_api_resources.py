"""The API's other resources: questions, grading (the same JSON as the CLI), bank import with
per-line errors, data export and import, health and the API reference."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from webhelpers import Api, make_client

from mockprep.cli.app import main
from mockprep.config import load_settings

ANSWER = (
    "Retrieval-augmented generation looks up relevant documents first and then generates an "
    "answer grounded in them, which reduces hallucination and lets the model cite sources."
)


def test_questions_list_filter_search_and_get(api: Api) -> None:
    every = api.get("/api/v1/questions").json()
    assert len(every) > 50 and {"id", "uid", "question", "roles"} <= set(every[0])
    ethics = api.get("/api/v1/questions", params={"category": "ethics", "difficulty": 2}).json()
    assert ethics and all(q["category"] == "ethics" and q["difficulty"] == 2 for q in ethics)
    engineers = api.get("/api/v1/questions", params={"role": "engineer", "limit": 3}).json()
    assert len(engineers) == 3 and all("engineer" in q["roles"] for q in engineers)

    hits = api.get(
        "/api/v1/questions/search", params={"q": "how do I stop a model making things up"}
    ).json()
    top = [h["id"] for h in hits[:5]]
    assert any("hallucination" in i for i in top) and "rag-basics" in top

    one = api.get("/api/v1/questions/rag-basics").json()
    assert one["uid"] == "core/rag-basics" and one["model_answer"]
    assert abs(sum(kp["weight"] for kp in one["key_points"]) - 1) < 0.02
    assert one == api.get("/api/v1/questions/core/rag-basics").json()
    assert "samples" not in one

    missing = api.get("/api/v1/questions/rag-basic")
    assert missing.status_code == 404
    error = missing.json()["error"]
    assert (
        error["type"] == "QuestionNotFoundError" and "Did you mean rag-basics" in error["message"]
    )


def test_grade_answers_exactly_what_the_cli_prints(
    api: Api, capsys: pytest.CaptureFixture[str]
) -> None:
    response = api.post("/api/v1/grade", json={"question_id": "rag-basics", "answer": ANSWER})
    assert response.status_code == 200, response.text
    capsys.readouterr()
    assert main(["grade", "--question", "rag-basics", "--answer", ANSWER, "--json"]) == 0
    assert response.json() == json.loads(capsys.readouterr().out)
    with_model = api.post(
        "/api/v1/grade",
        json={"question_id": "rag-basics", "answer": ANSWER, "show_model_answer": True},
    ).json()
    assert with_model["model_answer"] and response.json()["model_answer"] is None
    # grading saves nothing
    assert api.get("/api/v1/attempts").json() == []


BAD_BANK = """bank: mine
questions:
  - id: first-question
    category: foundations
    kind: concept
    difficulty: 7
    roles: [engineer]
    question: "What is a token in a language model?"
    model_answer: "A token is a piece of text."
    key_points:
      - id: piece
        label: A piece of text
        statement: "A token is a piece of text the model reads."
        weight: 1.0
"""


def test_bank_import_shows_every_problem_with_its_line_then_imports(
    api: Api, tmp_path: Path
) -> None:
    bad = api.post(
        "/api/v1/banks/import", files={"file": ("mine.yaml", BAD_BANK.encode(), "text/yaml")}
    )
    assert bad.status_code == 422
    error = bad.json()["error"]
    assert error["type"] == "BankFormatError"
    assert any(
        line.startswith("mine.yaml:6:") and "difficulty" in line for line in error["details"]
    )
    assert "/tmp" not in error["message"]  # the upload is named, not the temporary file

    good = api.post(
        "/api/v1/banks/import",
        files={"file": ("mine.yaml", BAD_BANK.replace("difficulty: 7", "difficulty: 1").encode())},
    )
    assert good.status_code == 201, good.text
    assert good.json()["name"] == "mine" and good.json()["created"] is True
    again = api.post(
        "/api/v1/banks/import",
        files={"file": ("mine.yaml", BAD_BANK.replace("difficulty: 7", "difficulty: 1").encode())},
    )
    assert again.json()["created"] is False
    assert api.get("/api/v1/questions/mine/first-question").json()["bank"] == "mine"
    assert [b["name"] for b in api.get("/api/v1/banks").json()] == ["mine"]
    # the stored version names the file the user uploaded, not the temporary copy
    assert api.get("/api/v1/banks").json()[0]["source"] == "upload:mine.yaml"

    for name, content in (
        ("notes.txt", b"hello"),
        ("empty.yaml", b""),
        ("binary.csv", bytes(range(256))),
        ("broken.json", b'{"questions": ['),
        ("guide.md", b"# nothing here\nno questions at all\n"),
    ):
        refused = api.post("/api/v1/banks/import", files={"file": (name, content)})
        assert 400 <= refused.status_code < 500, (name, refused.text)
        assert refused.json()["error"]["message"]


def test_export_then_import_into_an_empty_home(api: Api, tmp_path: Path) -> None:
    sid = api.post("/api/v1/sessions", json={"question_ids": ["rag-basics"]}).json()["id"]
    api.post(
        f"/api/v1/sessions/{sid}/answers", json={"question_id": "rag-basics", "answer": ANSWER}
    )
    exported = api.get("/api/v1/data/export")
    assert exported.status_code == 200
    assert "attachment" in exported.headers["content-disposition"]
    data = exported.json()
    assert data["format"] == "mockprep-export" and len(data["attempts"]) == 1

    refused = api.post("/api/v1/data/import", files={"file": ("export.json", exported.content)})
    assert refused.status_code == 422 and "not empty" in refused.json()["error"]["message"]

    other_home = tmp_path / "other-home"
    other = make_client(load_settings(home=other_home))
    fresh = Api(next(other))
    try:
        done = fresh.post("/api/v1/data/import", files={"file": ("export.json", exported.content)})
        assert done.status_code == 201, done.text
        assert done.json()["imported"]["attempts"] == 1
        assert fresh.get("/api/v1/attempts").json()[0]["score"] == data["attempts"][0]["score"]
        not_json = fresh.post("/api/v1/data/import", files={"file": ("x.json", b"\xff\xfe")})
        assert not_json.status_code == 422
    finally:
        other.close()


def test_healthz_and_docs(client: TestClient) -> None:
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["database"] == "ok" and health["pid"] > 0
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/v1/grade" in docs.text
    assert "cdn" not in docs.text.lower() and "<script" not in docs.text
    schema = client.get("/openapi.json").json()
    assert "/api/v1/sessions/{session_id}/answers" in schema["paths"]
    assert schema["components"]["schemas"]["ErrorBody"]
