"""Browser tests: Debian's Chromium, driven by Playwright, against the real app served by uvicorn
on a free loopback port. A candidate practises with the keyboard, sees the evidence highlighted,
answers the follow-up and finds the attempt in history and on the dashboard; hostile HTML in an
answer stays text; the pages fit a phone's screen."""

from __future__ import annotations

import re

from browsing import (
    BROWSER_MARKS,
    snap,
)

pytestmark = BROWSER_MARKS
HOSTILE = "<script>alert(1)</script><b>x</b>"
ANSWER = (
    f"{HOSTILE} RAG retrieves relevant documents from an index first, then the model generates "
    "an answer grounded in those passages, so it can cite sources and use fresh knowledge."
)


def test_practise_see_feedback_answer_the_follow_up_and_find_it_later(
    live_server: str, page: object
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    page.goto(f"{live_server}/questions/rag-basics")
    snap(page, "question-desktop")
    page.get_by_role("button", name="Practise this question").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("retrieval-augmented generation")
    snap(page, "answer-desktop")

    # keyboard only: the answer box has focus; type, Tab to "Submit answer", Enter
    expect(page.get_by_label("Your answer")).to_be_focused()
    page.keyboard.insert_text(ANSWER)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Submit answer")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name=re.compile("Your grade"))).to_be_visible()
    answer = page.get_by_test_id("answer")
    expect(answer).to_contain_text(HOSTILE)  # shown as text, not run or rendered
    assert answer.locator("b").count() == 0 and answer.locator("script").count() == 0
    marks = answer.locator("mark.evidence")
    assert marks.count() >= 1
    assert "RAG retrieves" in " ".join(marks.all_inner_texts())
    page.get_by_text("Show model answer").click()
    expect(page.locator(".model-answer .prose")).to_be_visible()
    snap(page, "grade-desktop")

    follow_box = page.get_by_label("Your answer to the follow-up")
    follow_box.fill("I would measure recall at k of the retriever on labelled questions.")
    page.get_by_role("button", name="Submit follow-up answer").click()
    expect(page.get_by_role("heading", name=re.compile("Follow-up grade"))).to_be_visible()
    snap(page, "follow-up-desktop")

    page.get_by_role("link", name="History").click()
    attempts = page.get_by_test_id("attempts").locator("li.attempt")
    expect(attempts).to_have_count(2)
    expect(attempts.first).to_contain_text("Follow-up")
    snap(page, "history-desktop")

    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_test_id("answers")).to_have_text("1")
    expect(page.get_by_test_id("streak")).to_have_text("1 day")
    expect(page.get_by_test_id("recent")).to_contain_text("retrieval-augmented generation")
    expect(page.locator("svg.chart").first).to_be_visible()
    snap(page, "dashboard-desktop")
    assert dialogs == [], "no script from an answer ever ran"


def test_the_countdown_runs_and_the_pages_fit_a_phone(live_server: str, browser: object) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(f"{live_server}/practice")
        page.get_by_label("Category").select_option("ethics")
        page.get_by_label("Number of questions").fill("2")
        page.get_by_label("Timer per answer").select_option("60")
        snap(page, "practice-form-phone")
        page.get_by_role("button", name="Start practice").click()
        clock = page.locator(".timer-clock")
        expect(clock).to_have_text(re.compile(r"^[01]:\d\d left$"))
        snap(page, "answer-phone")
        for path in ("/", "/questions", "/history", "/review", "/docs", "/questions/rag-basics"):
            page.goto(f"{live_server}{path}")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, f"{path} scrolls sideways on a phone by {overflow}px"
            snap(page, f"{path.strip('/').replace('/', '-') or 'dashboard'}-phone")
    finally:
        context.close()


def test_focus_is_visible(live_server: str, page: object) -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    page.goto(f"{live_server}/")
    page.keyboard.press("Tab")  # the skip link comes first
    focused = page.evaluate("document.activeElement.textContent")
    assert "Skip to content" in focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
