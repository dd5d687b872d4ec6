"""The resume check in Chromium: upload a resume and a job description with the keyboard and
mouse, see the score, the extracted text beside the findings, and follow a finding to its line."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from browsing import (
    BROWSER_MARKS,
    desktop_page,
    launched_chromium,
    snap,
)

sys.path.insert(0, str(Path(__file__).parents[1] / "resume"))
import resume_files as rf

pytestmark = BROWSER_MARKS


def test_upload_and_read_the_report(live_server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    resume = tmp_path / "Jane-Example-Resume.pdf"
    resume.write_bytes(rf.with_hidden_text())
    with launched_chromium() as browser, desktop_page(browser) as page:
        page.goto(f"{live_server}/ats")  # type: ignore[attr-defined]
        expect(page.get_by_role("heading", level=1)).to_have_text("Resume check")  # type: ignore[attr-defined]
        page.get_by_label(re.compile("Your resume")).set_input_files(str(resume))  # type: ignore[attr-defined]
        page.get_by_label(re.compile("Job description")).fill(rf.JOB)  # type: ignore[attr-defined]
        page.get_by_role("button", name="Check my resume").click()  # type: ignore[attr-defined]
        expect(page.get_by_role("heading", name="What an ATS reads")).to_be_visible()  # type: ignore[attr-defined]
        text = page.get_by_test_id("ats-text")  # type: ignore[attr-defined]
        expect(text.locator("li")).to_have_count(20)
        expect(text.locator("li.ats-hidden")).to_have_count(5)
        findings = page.get_by_test_id("ats-findings")  # type: ignore[attr-defined]
        expect(findings).to_contain_text("prompt injection")
        text_box = text.bounding_box()
        findings_box = findings.bounding_box()
        assert text_box and findings_box and findings_box["x"] > text_box["x"] + 200  # side by side
        expect(page.get_by_test_id("ats-fixes").locator("li")).to_have_count(5)  # type: ignore[attr-defined]
        findings.get_by_role("link", name="page 1, line 9").first.click()
        assert page.url.endswith("#line-9")  # type: ignore[attr-defined]
        snap(page, "ats-report")
        page.get_by_role("link", name="Check another version").click()  # type: ignore[attr-defined]
        expect(page.get_by_test_id("ats-checks").locator("tbody tr")).to_have_count(1)  # type: ignore[attr-defined]
