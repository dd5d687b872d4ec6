"""The pages without a browser: the practice flow by plain form posts (what works without
JavaScript), escaping, the browser, import, review and history pages, and labelled inputs."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from webhelpers import Api

HOSTILE = "<script>alert(1)</script><b>x</b>"
ANSWER = (
    f"{HOSTILE} RAG retrieves relevant documents from an index first, then the model "
    "generates an answer grounded in them, so it can cite its sources."
)


class FormAudit(HTMLParser):
    """Collects form controls, labels and landmarks of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []
        self.labels: set[str] = set()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        data = dict(attrs)
        self.tags.append(tag)
        if tag == "label" and data.get("for"):
            self.labels.add(str(data["for"]))
        if tag in ("input", "select", "textarea") and data.get("type") not in ("hidden", "submit"):
            self.controls.append(data)


def audit(html: str) -> FormAudit:
    parser = FormAudit()
    parser.feed(html)
    return parser


def location(response: object) -> str:
    value: str = response.headers["location"]  # type: ignore[attr-defined]
    return value


def test_practice_flow_with_plain_forms(api: Api) -> None:
    start = api.form("/practice", {"question_id": "rag-basics", "count": "1", "time_limit": "120"})
    assert start.status_code == 303
    question_page = api.get(location(start))
    assert "What is retrieval-augmented generation" in question_page.text
    assert 'data-seconds="120"' in question_page.text and "2:00 per answer" in question_page.text

    empty = api.form(f"{location(start)}/answer", {"question_id": "core/rag-basics", "answer": " "})
    assert empty.status_code == 422 and "Your answer is empty" in empty.text

    answered = api.form(
        f"{location(start)}/answer", {"question_id": "core/rag-basics", "answer": ANSWER}
    )
    assert answered.status_code == 303
    grade_page = api.get(location(answered)).text
    assert (
        HOSTILE not in grade_page
        and "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;" in grade_page
    )
    assert re.search(r'<mark class="evidence"[^>]*>[^<]*RAG retrieves', grade_page)
    assert "Covered" in grade_page and "Missed" in grade_page and "Show model answer" in grade_page
    for html in (question_page.text, grade_page):
        found = audit(html)
        assert all(c.get("id") in found.labels for c in found.controls)
    follow = re.search(r'action="(/practice/\d+/attempts/\d+/follow-up)"', grade_page)
    assert follow, "the grade page offers the follow-up question"

    answered_follow = api.form(
        follow.group(1), {"answer": "I would check recall at k on labelled queries."}
    )
    assert answered_follow.status_code == 303
    after = api.get(location(answered_follow)).text
    assert "Follow-up grade" in after and "follow-up-answer" not in after

    finished = api.form(f"{location(start)}/finish", {})
    summary = api.get(location(finished)).text
    assert "Session summary" in summary and "finished" in summary

    history = api.get("/history").text
    assert history.count('class="attempt"') == 2 and HOSTILE not in history
    dashboard = api.get("/").text
    assert re.search(r'data-testid="answers">1<', dashboard)
    assert re.search(r'data-testid="streak">1 day<', dashboard)
    assert "<svg" in dashboard and "Mean score per day" in dashboard


def test_answer_again_and_skip(api: Api) -> None:
    start = api.form("/practice", {"question_id": ["rag-basics", "lora-low-rank-adaptation"]})
    sid = location(start)
    skipped = api.form(f"{sid}/skip", {"question_id": "core/rag-basics"})
    assert skipped.status_code == 303
    assert "LoRA" in api.get(sid).text
    again = api.get(f"{sid}?question=core/rag-basics")
    assert "What is retrieval-augmented generation" in again.text


def test_question_browser_search_and_question_page(client: TestClient) -> None:
    page = client.get("/questions", params={"q": "how do I stop a model making things up"}).text
    assert "best first" in page and "hallucination" in page.lower()
    filtered = client.get("/questions", params={"category": "ethics", "difficulty": "1"}).text
    assert 'value="ethics" selected' in filtered
    bad = client.get("/questions", params={"category": "astrology"}).text
    assert "no category" in bad
    question = client.get("/questions/rag-basics").text
    assert (
        "Model answer" in question and "Rubric" in question and "Practise this question" in question
    )


def test_import_page_lists_problems_by_line(api: Api) -> None:
    csv_text = "question,reference_answer\nWhat is a vector database?,\n"
    response = api.client.post(
        "/questions/import",
        data={"csrf_token": api.token},
        files={"file": ("my bank.csv", csv_text.encode())},
    )
    assert response.status_code == 422
    assert re.search(r"<li><code>my-bank\.csv:2", response.text), response.text[-2000:]
    good = "question,reference_answer\nWhat is a vector database?,A database that indexes embeddings for nearest-neighbour search.\n"
    ok = api.client.post(
        "/questions/import",
        data={"csrf_token": api.token, "name": "vectors"},
        files={"file": ("bank.csv", good.encode())},
    )
    assert ok.status_code == 200 and "Imported 1 questions as bank vectors" in ok.text
    assert "vectors" in api.get("/questions", params={"bank": "vectors"}).text


def test_review_page_and_export_import_forms(api: Api) -> None:
    review = api.get("/review")
    assert "Nothing is due today" in review.text
    nothing = api.form("/review", {"limit": "5"})
    assert nothing.status_code == 200 and "Nothing is due for review" in nothing.text
    export = api.get("/history/export")
    assert export.status_code == 200 and export.json()["format"] == "mockprep-export"
    bad = api.client.post(
        "/history/import", data={"csrf_token": api.token}, files={"file": ("x.json", b"nope")}
    )
    assert bad.status_code == 422 and "not JSON" in bad.text


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/practice",
        "/review",
        "/questions",
        "/questions/rag-basics",
        "/questions/import",
        "/history",
        "/docs",
    ],
)
def test_every_input_has_a_label_and_pages_have_landmarks(client: TestClient, url: str) -> None:
    html = client.get(url).text
    found = audit(html)
    for control in found.controls:
        assert control.get("id") in found.labels, f"{url}: unlabelled control {control}"
    assert {"header", "nav", "main", "footer"} <= set(found.tags)
    assert '<html lang="en">' in html and 'name="viewport"' in html
    assert "http://" not in re.sub(r'href="http://127\.0\.0\.1[^"]*"', "", html.split("</head>")[0])
