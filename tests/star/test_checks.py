"""Golden tests of the story checks: each written story has known problems, and exactly those
checks fire on it (so each check fires where it should and only there). Evidence always quotes
the story's own words at the offsets given."""

from __future__ import annotations

import re

import pytest

from mockprep.star.checks import CHECK_IDS, check_story
from mockprep.star.layout import story_layout
from mockprep.star.story import StoryDraft

CLEAN = StoryDraft(
    title="Eval set that ended the argument",
    situation="At a fintech, two teams had argued for a month about which embedding model to use "
    "for our policy search, and the launch date was slipping.",
    task="I owned the retrieval design, so the decision was mine.",
    action="I pulled 150 real questions from old helpdesk tickets and asked two colleagues to mark "
    "the right documents for each. I compared three embedding models and a hybrid with keyword "
    "search on that set, and I wrote the results in a one-page table. I presented it at the "
    "planning meeting and proposed the cheapest model that was within two points of the best. "
    "I also scripted the index rebuild so that we could switch models later in a day.",
    result="Recall at five rose from 61 to 78 percent and we launched two weeks later. "
    "I learned that a small labelled set settles arguments faster than debate.",
)


def story(**changes: str) -> StoryDraft:
    return CLEAN.model_copy(update=changes)


GOLDEN: list[tuple[str, StoryDraft, set[str]]] = [
    ("clean", CLEAN, set()),
    (
        "no task",
        story(task=""),
        {"missing-part"},
    ),
    (
        "no result at all",
        story(result=""),
        {"missing-part", "no-reflection"},
    ),
    (
        "thin result, nothing measurable",
        story(result="It went well, I learned a lot."),
        {"thin-part", "no-measurable-result"},
    ),
    (
        "result without a number",
        story(
            result="The teams stopped arguing and the search felt much better to users. "
            "I learned that evidence beats opinion."
        ),
        {"no-measurable-result"},
    ),
    (
        "we instead of I",
        story(
            action="We pulled 150 real questions from old helpdesk tickets and we asked two "
            "colleagues to mark the right documents. We compared three embedding models and a "
            "hybrid with keyword search on that set, and we wrote up the results in a table. "
            "We presented it at the planning meeting and proposed the cheapest model that was "
            "within two points of the best one, and then we scripted the index rebuild."
        ),
        {"we-not-i"},
    ),
    (
        "action too short against a long situation",
        story(
            situation="At a fintech, two teams had argued for a month about which embedding model "
            "to use for our policy search. The platform team wanted a hosted model, the data team "
            "wanted an open one they could fine-tune, and both had published long documents "
            "defending their choice. Meanwhile the launch date kept slipping, the compliance team "
            "was getting nervous, and the product manager had started asking every week when the "
            "search would be ready for the pilot customers.",
            action="I built a small labelled set of 150 questions with two colleagues, ran the "
            "three models on it over one weekend and presented the table to both teams on Monday.",
        ),
        {"action-too-short"},
    ),
    (
        "longer than two minutes spoken",
        story(
            action=CLEAN.action
            + " "
            + " ".join(
                f"In week {n} I reran the comparison with the newest tickets, checked the "
                f"misses by hand with a colleague from support, and I updated the table for the "
                f"steering group so that nobody could say the data was stale."
                for n in range(2, 9)
            )
        ),
        {"too-long"},
    ),
    (
        "vague verbs",
        story(
            action="I helped with pulling 150 real questions from old helpdesk tickets and asked "
            "two colleagues to mark the right documents for each. I worked on the comparison of "
            "three embedding models and a hybrid with keyword search on that set. I was involved "
            "in presenting it at the planning meeting and proposed the cheapest model within two "
            "points of the best. I scripted the index rebuild so we could switch later."
        ),
        {"vague-verbs"},
    ),
    (
        "no reflection",
        story(result="Recall at five rose from 61 to 78 percent and we launched two weeks later."),
        {"no-reflection"},
    ),
    (
        "thin situation",
        story(situation="Search was bad."),
        {"thin-part"},
    ),
    (
        "team story with no result: several problems at once",
        StoryDraft(
            title="Fraud model",
            situation="We were building a fraud detection system for a payments company, and "
            "fraud losses had grown a lot over the previous year.",
            task="We needed to bring losses down.",
            action="We looked at the data and found some patterns. We built a gradient boosting "
            "model and we worked with the risk team on the rules. We deployed it gradually.",
            result="Losses went down quite a lot.",
        ),
        {"thin-part", "no-measurable-result", "we-not-i", "no-reflection"},
    ),
]


@pytest.mark.parametrize(("name", "draft", "expected"), GOLDEN, ids=[g[0] for g in GOLDEN])
def test_exactly_the_expected_checks_fire(name: str, draft: StoryDraft, expected: set[str]) -> None:
    fired = {f.check for f in check_story(draft)}
    assert fired == expected, name


def test_every_check_is_exercised_by_a_golden_story() -> None:
    fired = set().union(*(e for _, _, e in GOLDEN))
    assert fired == set(CHECK_IDS)


@pytest.mark.parametrize(("name", "draft", "expected"), GOLDEN, ids=[g[0] for g in GOLDEN])
def test_evidence_quotes_the_story_at_its_offsets(
    name: str, draft: StoryDraft, expected: set[str]
) -> None:
    layout = story_layout(draft)
    for finding in check_story(draft):
        for ev in finding.evidence:
            assert layout.text[ev.start : ev.end] == ev.quote
            assert ev.quote in draft.part(ev.part) if ev.part else True


def test_we_not_i_counts_and_quotes_the_we_sentences() -> None:
    draft = GOLDEN[5][1]
    [finding] = [f for f in check_story(draft) if f.check == "we-not-i"]
    we = len(re.findall(r"\bwe\b", draft.action, re.IGNORECASE))
    assert f'"we" {we} times' in finding.message and '"I" 0 times' in finding.message
    assert finding.evidence[0].quote.startswith("We pulled 150")


def test_balance_says_the_shares_and_the_aim() -> None:
    draft = GOLDEN[6][1]
    [finding] = [f for f in check_story(draft) if f.check == "action-too-short"]
    assert "20/10/60/10" in finding.message
    assert re.search(r"The action is \d+% of the story and the situation \d+%", finding.message)
    assert finding.evidence and all(
        e.part and e.part.value == "situation" for e in finding.evidence
    )


def test_too_long_gives_the_spoken_estimate() -> None:
    draft = GOLDEN[7][1]
    [finding] = [f for f in check_story(draft) if f.check == "too-long"]
    words = draft.words
    assert words > 300
    seconds = round(words / 150 * 60)
    assert f"About {words} words" in finding.message
    assert f"{seconds // 60}:{seconds % 60:02d} spoken" in finding.message


def test_vague_verbs_are_quoted_each_time() -> None:
    draft = GOLDEN[8][1]
    [finding] = [f for f in check_story(draft) if f.check == "vague-verbs"]
    assert [e.quote for e in finding.evidence] == ["helped with", "worked on", "was involved in"]
