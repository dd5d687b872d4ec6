"""Browser test of spoken answers: Chromium uploads a generated recording through the practice
page's file input (no microphone), voice.js shows progress while the job runs, and the grade
page shows the transcript with fillers and pauses marked and the delivery feedback."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from browsing import (
    BROWSER_MARKS,
    desktop_page,
    launched_chromium,
    snap,
)

sys.path.insert(0, str(Path(__file__).parents[1] / "speech"))
from speaking import encode, join_wavs, needs_espeak, speak

pytestmark = [*BROWSER_MARKS, needs_espeak, pytest.mark.slow]


def test_upload_a_recording_through_the_page_and_see_transcript_and_feedback(
    live_server: str, tmp_path: Path
) -> None:
    from playwright.sync_api import Page, expect

    clip = join_wavs(
        speak("Um, retrieval augmented generation looks up passages in an index first."),
        2.5,
        speak("Then the model, you know, writes the answer from those passages."),
    )
    recording = tmp_path / "answer.webm"
    recording.write_bytes(encode(clip, "webm"))
    with launched_chromium() as browser, desktop_page(browser) as page:
        assert isinstance(page, Page)
        page.set_default_timeout(600_000)
        page.goto(f"{live_server}/questions/rag-basics")
        page.get_by_role("button", name="Practise this question").click()
        expect(page.get_by_role("heading", name="Or answer out loud")).to_be_visible()
        expect(page.get_by_role("button", name="Read the question aloud")).to_be_visible()
        expect(page.get_by_label("Microphone level")).to_be_visible()
        snap(page, "voice-question")
        page.get_by_label(re.compile("Upload a recording")).set_input_files(str(recording))
        page.get_by_role("button", name="Upload recording").click()
        expect(page.locator("[data-voice-status]")).to_contain_text(
            re.compile("Upload|Waiting|Transcrib|Decod|Loading|Grading|Measuring|Done", re.I)
        )
        expect(page.get_by_role("heading", name=re.compile("Your grade"))).to_be_visible(
            timeout=600_000
        )
        transcript = page.get_by_test_id("transcript")
        expect(transcript).to_contain_text(re.compile("passages", re.I))
        assert transcript.locator("mark.filler").count() >= 1
        assert transcript.locator(".pause-mark").count() >= 1
        delivery = page.get_by_test_id("delivery")
        expect(delivery).to_contain_text("Pace")
        expect(delivery).to_contain_text("Long pauses")
        expect(page.locator(".delivery-notes li").first).to_be_visible()
        snap(page, "voice-grade")
