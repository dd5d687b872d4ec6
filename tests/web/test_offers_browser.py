"""Browser test (Debian's Chromium via Playwright, the real app under uvicorn): a candidate adds
two offers with the form, sees the comparison table and the chart, sets a target, opens the
script in a firm tone and finds their own numbers in it."""

from __future__ import annotations

from browsing import (
    BROWSER_MARKS,
    desktop_page,
    snap,
)

pytestmark = BROWSER_MARKS


def test_add_two_offers_compare_see_the_chart_and_get_a_script(
    live_server: str, browser: object
) -> None:
    from playwright.sync_api import Page, expect

    with desktop_page(browser) as page:
        assert isinstance(page, Page)
        page.goto(f"{live_server}/offers")
        expect(page.get_by_role("heading", level=1)).to_have_text("Offers")
        add = page.locator("section", has=page.get_by_role("heading", name="Add an offer"))

        def add_offer(company: str, base: str, grant: str, vesting: str) -> None:
            add.get_by_label("Company").fill(company)
            add.get_by_label("Role").fill("ML engineer")
            add.get_by_label("Currency (ISO 4217)").fill("USD")
            add.get_by_label("Base salary").fill(base)
            add.get_by_label("Target bonus, % of base").fill("10")
            add.get_by_label("Kind").select_option("rsu")
            add.get_by_label("RSU grant value (total)").fill(grant)
            add.get_by_label("Vesting schedule").select_option(vesting)
            add.get_by_role("button", name="Save offer").click()
            expect(page.get_by_role("status")).to_contain_text("Offer saved.")

        add_offer("Acme", "180000", "200000", "back-loaded")
        add_offer("Beta", "170,000", "240k", "monthly-cliff")

        table = page.get_by_test_id("comparison")
        expect(table).to_be_visible()
        # Acme: 198,000 a year + RSUs 10,000 / 30,000 / 80,000 / 80,000 → average 248,000
        acme = table.get_by_role("row", name="Acme")
        expect(acme).to_contain_text("208,000 USD")
        expect(acme).to_contain_text("248,000 USD")
        # Beta: 170,000 + 17,000 + 240,000 / 4 = 60,000 every year → 247,000
        expect(table.get_by_role("row", name="Beta")).to_contain_text("247,000 USD")
        chart = page.get_by_test_id("offers-chart")
        expect(chart).to_be_visible()
        assert chart.locator("rect.offer-bar").count() == 2 * 4 + 2
        expect(chart.locator("title").first).to_contain_text("Total compensation by year")
        snap(page, "offers-desktop")

        page.get_by_label("Currency for comparing").fill("USD")
        page.get_by_label("Target: yearly total").fill("260000")
        page.get_by_role("button", name="Save your numbers").click()
        expect(page.get_by_role("status")).to_contain_text("Your numbers are saved.")
        expect(page.get_by_test_id("comparison").get_by_role("row", name="Acme")).to_contain_text(
            "−12,000 USD"
        )

        page.get_by_role("link", name="Negotiation script").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Negotiation script: Acme")
        page.get_by_label("firm").check()
        page.get_by_role("button", name="Show script").click()
        call = page.get_by_test_id("call-script")
        expect(call).to_contain_text("Call script (firm)")
        expect(call).to_contain_text("To accept, I need you to")
        expect(call).to_contain_text("248,000 USD")  # the offer as it stands
        expect(call).to_contain_text("260,000 USD")  # the user's target, as the ask
        expect(page.get_by_test_id("email")).to_contain_text("Hello,")
        expect(page.get_by_role("heading", name="Before you sign")).to_be_visible()
        snap(page, "offers-script")
