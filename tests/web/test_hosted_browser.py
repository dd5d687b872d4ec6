"""Hosted mode in Debian's Chromium (Playwright) against the real app on a free loopback port:
sign up, practise, log out, log in; another user cannot open the first user's attempt; the
session cookie is HttpOnly and SameSite=Lax; the forms work with the keyboard and fit a phone."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from browsing import (
    BROWSER_MARKS,
    app_config,
    serve_in_thread,
    snap,
)

from mockprep.config import Settings
from mockprep.web.app import create_app
from mockprep.web.auth.sessions import COOKIE_NAME

pytestmark = BROWSER_MARKS
PASSWORD = "correct horse battery"
ANSWER = (
    "RAG retrieves relevant documents from an index first, then the model generates an answer "
    "grounded in those passages, so it can cite sources and use fresh knowledge."
)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("hosted-browser-home")
    settings = Settings(
        home=home,
        database_url=f"sqlite:///{home / 'web.db'}",
        auth="accounts",
        secret_key="k3y-for-tests-only-0123456789abcdef",
    )
    with serve_in_thread(app_config(create_app(settings))) as url:
        yield url


def _sign_up(page: object, base: str, username: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(f"{base}/signup")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator(".account .who")).to_have_text(username)


def _log_out(page: object) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")


def test_sign_up_practise_log_out_and_back_in_and_others_get_404(
    live_server: str, page: object
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    # a stranger is sent to the login page, and from there to sign up
    page.goto(f"{live_server}/history")
    expect(page).to_have_url(re.compile(r"/login\?next=/history$"))
    snap(page, "login-desktop")
    page.get_by_role("link", name="Sign up", exact=True).last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your account")

    # rules are explained on the page, and nothing typed but the password is lost
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Password again").fill("short")
    page.get_by_role("button", name="Sign up").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("at least 10 characters")
    expect(page.get_by_label("Username")).to_have_value("ada")
    snap(page, "signup-errors-desktop")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(re.compile(r"/history$"))
    expect(page.locator(".account .who")).to_have_text("ada")

    (cookie,) = [c for c in page.context.cookies() if c["name"] == COOKIE_NAME]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/"
    assert page.evaluate("document.cookie").find(COOKIE_NAME) == -1  # scripts cannot read it

    # practise one question; remember where the attempt lives
    page.goto(f"{live_server}/questions/rag-basics")
    page.get_by_role("button", name="Practise this question").click()
    page.get_by_label("Your answer").fill(ANSWER)
    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_role("heading", name=re.compile("Your grade"))).to_be_visible()
    grade_url = page.url
    page.get_by_role("link", name="History").click()
    page.get_by_test_id("attempts").locator("li.attempt a").first.click()
    expect(page.locator("body")).to_contain_text("RAG retrieves relevant documents")
    attempt_url = page.url
    assert re.search(r"/history/\d+$", attempt_url)
    _log_out(page)

    # logged out: the attempt needs a login again
    page.goto(attempt_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")

    # another user cannot open it (404, and nothing of the answer shows)
    _sign_up(page, live_server, "eve")
    for url in (attempt_url, grade_url):
        response = page.goto(url)
        assert response is not None and response.status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
        expect(page.locator("body")).not_to_contain_text("RAG retrieves relevant documents")
    snap(page, "other-user-404-desktop")
    page.goto(f"{live_server}/history")
    expect(page.get_by_test_id("attempts")).to_have_count(0)
    _log_out(page)

    # keyboard only: log in as ada again and land on the attempt
    page.goto(f"{live_server}/login?next=" + attempt_url.split(live_server, 1)[1])
    page.get_by_label("Username").focus()
    page.keyboard.type("ada")
    page.keyboard.press("Tab")
    page.keyboard.type("not the password")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Wrong username or password")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page).to_have_url(attempt_url)
    expect(page.locator("body")).to_contain_text("RAG retrieves relevant documents")


def test_auth_pages_fit_a_phone(live_server: str, browser: object) -> None:
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        for path in ("/login", "/signup"):
            page.goto(f"{live_server}{path}")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, f"{path} scrolls sideways on a phone by {overflow}px"
            snap(page, f"{path.strip('/')}-phone")
    finally:
        context.close()
