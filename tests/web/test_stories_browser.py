"""In Chromium: paste a story, correct the split, save it and read its checks; then practise a
behavioural question and see the STAR feedback with the reminder of that story."""

from __future__ import annotations

from browsing import (
    BROWSER_MARKS,
    snap,
)

pytestmark = BROWSER_MARKS
FREE_TEXT = (
    "At my last job a colleague and I disagreed about whether to fine-tune a model or use retrieval. "
    "My role was tech lead, so I had to get us to a decision. "
    "We looked at both options and we talked to the team. "
    "It went fine in the end."
)
ANSWER = (
    "At my last company a colleague and I disagreed about whether to fine-tune a model or use "
    "retrieval for our support assistant. My role was tech lead, so I had to get us to a decision. "
    "I proposed an eval set of 100 real tickets; I built the retrieval prototype, she built the "
    "fine-tuned one, and I ran both. Retrieval won by 12 points, so we shipped it in three weeks. "
    "I learned that data settles arguments faster than debate."
)


def test_story_bank_then_behavioural_practice(live_server: str, page: object) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(f"{live_server}/stories")
    expect(page.get_by_role("heading", name="Your STAR stories")).to_be_visible()
    page.get_by_label("Title (optional)").fill("Fine-tune or retrieve")
    page.get_by_label("Your story").fill(FREE_TEXT)
    page.get_by_role("button", name="Split into S/T/A/R").click()
    split = page.get_by_test_id("split")
    expect(split).to_contain_text("My role was tech lead")
    expect(page.get_by_label("Part of sentence 2")).to_have_value("task")
    # correct the last sentence by hand in the form, then tick a competency and save
    page.get_by_label("Result", exact=False).fill(
        "Retrieval won by 12 points. I learned that data settles arguments."
    )
    page.get_by_label("conflict", exact=True).check()
    snap(page, "story-split")
    page.get_by_role("button", name="Save story").click()
    expect(page.get_by_role("heading", name="Fine-tune or retrieve")).to_be_visible()
    checks = page.get_by_test_id("checks")
    expect(checks).to_contain_text("we-not-i")
    expect(page.locator("mark.evidence").first).to_be_visible()
    snap(page, "story-checks")

    page.goto(f"{live_server}/stories")
    expect(page.get_by_test_id("coverage")).to_contain_text("Fine-tune or retrieve")

    page.goto(f"{live_server}/questions/behavioural-conflict-colleague")
    page.get_by_role("button", name="Practise this question").click()
    expect(page.locator("h1.question-text")).to_contain_text("disagreement")
    page.get_by_label("Your answer").fill(ANSWER)
    page.get_by_role("button", name="Submit answer").click()
    review = page.get_by_test_id("star-review")
    expect(review).to_be_visible()
    expect(review).to_contain_text("STAR:")
    expect(review).to_contain_text("Ownership")
    expect(review).to_contain_text("aim 60%")
    reminder = page.get_by_test_id("story-reminder")
    expect(reminder).to_contain_text("Fine-tune or retrieve")
    expect(reminder).to_contain_text("conflict")
    snap(page, "star-review")
    reminder.get_by_role("link", name="Fine-tune or retrieve").click()
    expect(page.get_by_role("heading", name="Fine-tune or retrieve")).to_be_visible()
