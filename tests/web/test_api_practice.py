"""The practice API end to end on SQLite and PostgreSQL: start, next, answer, follow-up, skip,
finish, then attempts, reviews and progress reflect it; another user's data answers 404."""

from __future__ import annotations

from webhelpers import Api

from mockprep.store.repositories import AttemptRepository, SessionRepository, UserRepository

GOOD_RAG = (
    "RAG retrieves relevant documents from an index first, then the model generates its answer "
    "grounded in those passages, so it can cite sources and use knowledge that is newer than its "
    "training data. You chunk and embed the documents into a vector index, and at query time you "
    "fetch the nearest chunks and put them in the prompt."
)


def test_a_whole_session_through_the_api(any_db_api: Api) -> None:
    api = any_db_api
    started = api.post(
        "/api/v1/sessions",
        json={
            "question_ids": ["rag-basics", "core/lora-low-rank-adaptation"],
            "time_limit_seconds": 90,
        },
    )
    assert started.status_code == 201, started.text
    session = started.json()
    assert session["question_ids"] == ["core/rag-basics", "core/lora-low-rank-adaptation"]
    assert session["remaining"] == 2 and session["status"] == "active"
    sid = session["id"]

    nxt = api.get(f"/api/v1/sessions/{sid}/next").json()
    assert nxt["number"] == 1 and nxt["total"] == 2 and not nxt["done"]
    assert nxt["question"]["uid"] == "core/rag-basics"
    assert "model_answer" not in nxt["question"]  # no answers before answering
    assert nxt["time_limit_seconds"] == 90

    answered = api.post(
        f"/api/v1/sessions/{sid}/answers",
        json={"question_id": "rag-basics", "answer": GOOD_RAG},
    )
    assert answered.status_code == 201, answered.text
    body = answered.json()
    grade = body["grade"]
    assert grade["question_id"] == "rag-basics" and 0 <= grade["score"] <= 10
    covered = [kp for kp in grade["key_points"] if kp["covered"]]
    assert covered and all(
        GOOD_RAG[ev["start"] : ev["end"]] == ev["text"] for kp in covered for ev in kp["evidence"]
    )
    assert body["attempt"]["score"] == grade["score"] and body["attempt"]["graded"]
    follow = body["follow_up"]
    assert follow and follow["parent_attempt_id"] == body["attempt"]["id"]

    fu = api.post(
        f"/api/v1/sessions/{sid}/attempts/{follow['parent_attempt_id']}/follow-up",
        json={"answer": "I would measure recall at k of the retriever on labelled queries."},
    )
    assert fu.status_code == 201, fu.text
    assert fu.json()["attempt"]["parent_attempt_id"] == follow["parent_attempt_id"]
    assert fu.json()["attempt"]["prompt"] == follow["question"]

    nxt = api.get(f"/api/v1/sessions/{sid}/next").json()
    assert nxt["number"] == 2 and nxt["question"]["uid"] == "core/lora-low-rank-adaptation"
    skipped = api.post(
        f"/api/v1/sessions/{sid}/skip", json={"question_id": "lora-low-rank-adaptation"}
    )
    assert skipped.status_code == 200 and skipped.json()["remaining"] == 0
    assert api.get(f"/api/v1/sessions/{sid}/next").json()["done"] is True

    summary = api.post(f"/api/v1/sessions/{sid}/finish").json()
    assert summary["session"]["status"] == "finished"
    assert summary["skipped"] == ["core/lora-low-rank-adaptation"]
    [result] = summary["results"]
    assert result["question_id"] == "core/rag-basics" and result["score"] == grade["score"]
    assert result["follow_up_attempt_id"] == fu.json()["attempt"]["id"]
    assert set(result["covered"]) == {kp["label"] for kp in covered}

    late = api.post(
        f"/api/v1/sessions/{sid}/answers", json={"question_id": "rag-basics", "answer": "x y z"}
    )
    assert late.status_code == 422 and "finished" in late.json()["error"]["message"]

    attempts = api.get("/api/v1/attempts").json()
    assert [a["parent_attempt_id"] is not None for a in attempts] == [True, False]
    one = api.get(f"/api/v1/attempts/{body['attempt']['id']}").json()
    assert one["answer_text"] == GOOD_RAG and one["grade"]["score"] == grade["score"]
    assert one["follow_up_attempt_ids"] == [fu.json()["attempt"]["id"]]
    assert one["question"].startswith("What is retrieval-augmented generation")
    only_rag = api.get("/api/v1/attempts", params={"question_id": "rag-basics"}).json()
    assert len(only_rag) == 2

    progress = api.get("/api/v1/progress").json()
    assert progress["answers"] == 1 and progress["follow_ups"] == 1 and progress["graded"] == 1
    assert progress["streak"]["current"] == 1 and progress["streak"]["practised_today"]
    assert any(
        g["name"] == "foundations" and g["questions_practised"] == 1
        for g in progress["by_category"]
    )
    due = api.get("/api/v1/reviews/due").json()
    scheduled = [i["uid"] for i in due["today"] + due["this_week"]] + (["later"] * due["later"])
    assert len(scheduled) == 1  # the answered question is scheduled; the skipped one is not


def test_review_sessions_start_only_when_something_is_due(api: Api) -> None:
    nothing = api.post("/api/v1/reviews/start", json={"limit": 5})
    assert nothing.status_code == 200 and nothing.json()["session"] is None


def test_sessions_list_and_filters(api: Api) -> None:
    made = api.post("/api/v1/sessions", json={"category": "ethics", "count": 3})
    assert made.status_code == 201
    assert all(uid.startswith("core/") for uid in made.json()["question_ids"])
    assert made.json()["filters"] == {"category": "ethics"}
    listed = api.get("/api/v1/sessions").json()
    assert [s["id"] for s in listed] == [made.json()["id"]]
    bad = api.post("/api/v1/sessions", json={"category": "astrology"})
    assert bad.status_code == 422
    assert "no category 'astrology'" in bad.json()["error"]["message"]
    none = api.post("/api/v1/sessions", json={"category": "ethics", "kind": "behavioural"})
    assert none.status_code == 422 and "Loosen the filters" in none.json()["error"]["message"]


def test_answering_a_question_outside_the_session_is_refused(api: Api) -> None:
    sid = api.post("/api/v1/sessions", json={"question_ids": ["rag-basics"]}).json()["id"]
    wrong = api.post(
        f"/api/v1/sessions/{sid}/answers",
        json={"question_id": "lora-low-rank-adaptation", "answer": "LoRA"},
    )
    assert wrong.status_code == 404 and "not part of session" in wrong.json()["error"]["message"]
    empty = api.post(
        f"/api/v1/sessions/{sid}/answers", json={"question_id": "rag-basics", "answer": "  "}
    )
    assert empty.status_code == 422 and "empty" in empty.json()["error"]["message"]
    no_follow = api.post(f"/api/v1/sessions/{sid}/attempts/1/follow-up", json={"answer": "x"})
    assert no_follow.status_code == 404


def test_another_users_session_and_attempts_answer_404(any_db_api: Api) -> None:
    api = any_db_api
    db = api.client.app.state.db  # type: ignore[attr-defined]
    with db.write() as s:
        other = UserRepository(s).create("someone-else")
        theirs = SessionRepository(s).start(other.id, ["core/rag-basics"])
        their_attempt = AttemptRepository(s).add(other.id, "core/rag-basics", "their answer")
    assert api.get(f"/api/v1/sessions/{theirs.id}").status_code == 404
    answer = api.post(
        f"/api/v1/sessions/{theirs.id}/answers",
        json={"question_id": "rag-basics", "answer": GOOD_RAG},
    )
    assert answer.status_code == 404
    assert api.get(f"/api/v1/attempts/{their_attempt.id}").status_code == 404
    assert api.get("/api/v1/attempts").json() == []
    assert api.get(f"/history/{their_attempt.id}").status_code == 404
    assert api.get(f"/practice/{theirs.id}").status_code == 404
