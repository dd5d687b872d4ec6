"""The counter-offer against hand-computed values, and the scripts: every number in them is
traceable to the user's inputs or the maths, every number they rely on appears, and nothing is
left as a placeholder, in every tone."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from mockprep.negotiation.counter import recommend, round_up
from mockprep.negotiation.offer import Offer, Profile, parse_offer, parse_profile
from mockprep.negotiation.script import TONES, Script, build_script

D = Decimal
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
# "- [ ]" is a checklist box, not a placeholder: brackets must hold something to count.
PLACEHOLDER = re.compile(
    r"\[[^\]\s][^\]]*\]|\{[^}]*\}|<[A-Za-z_ ]+>|\bTODO\b|\bXXX\b|\bTBD\b|\bN/A\b"
)


def numbers_in(text: str) -> set[Decimal]:
    return {D(m.replace(",", "")) for m in NUMBER.findall(text)}


def date_parts(*days: date) -> set[Decimal]:
    return {D(x) for d in days for x in (d.year, d.month, d.day)}


def test_round_up_to_a_thousand() -> None:
    assert round_up(D("204091.78")) == D(205000)
    assert round_up(D(205000)) == D(205000)


def test_counter_for_acme_golden(acme: Offer, beta: Offer, profile: Profile) -> None:
    c = recommend("Acme", acme, profile, [("Beta", beta)])
    # anchors: target 300,000; market p75 290,000; Beta 217,500 → the ask anchors on 300,000
    assert c.anchor is not None and c.anchor.kind == "target" and c.anchor.value == D(300000)
    assert c.ask_total is not None and c.ask_total.value == D(300000)
    # gap 300,000 − 261,500 = 38,500. No base market point: base takes the offer's own mix,
    # 38,500 × 180,000 / 261,500 = 26,500.96; the 10% bonus rides on base, so the raise is
    # 26,500.96 / 1.1 = 24,091.78 → base 204,091.78, rounded up to 205,000.
    assert c.ask_base is not None and c.ask_base.value == D(205000)
    # year one with base 205,000: 205,000 + 20,500 + 20,000 + 10,000 = 255,500, short of
    # 300,000 by 44,500 → 45,000 more sign-on: 20,000 + 45,000 = 65,000
    assert c.ask_sign_on is not None and c.ask_sign_on.value == D(65000)
    # what remains: 38,500 − 26,500.96 − 45,000 / 4 = 749.04 a year; × 4 years ÷ 100% of
    # the grant vesting within four years = 2,996.16 → 3,000 more grant value
    assert c.ask_equity is not None and c.ask_equity.value == D(3000)
    # granted: Y1 205,000 + 20,500 + 65,000 + 5% × 203,000 = 300,650
    #          Y2 225,500 + 30,450 + 2,000 = 257,950;  Y3 225,500 + 81,200 + 8,000 = 314,700
    #          Y4 225,500 + 81,200 + 24,000 = 330,700; average 1,204,000 / 4 = 301,000
    assert c.proposed is not None
    assert c.proposed.year_totals() == [D(300650), D(257950), D(314700), D(330700)]
    assert c.proposed.average.value == D(301000)
    # if base is stuck: one year of the 25,000 increase as sign-on, or 25,000 × 4 as equity
    assert c.fallback_sign_on is not None and c.fallback_sign_on.value == D(25000)
    assert c.fallback_equity is not None and c.fallback_equity.value == D(100000)
    assert c.shortfall_to_walk_away is None  # 261,500 is above the 250,000 walk-away
    assert any("Bay Area AI pay survey, 2026-09-01" in r for r in c.reasoning)
    assert c.trades


def test_counter_below_walk_away_and_competing_offer_anchor(
    acme: Offer, beta: Offer, profile: Profile
) -> None:
    c = recommend("Beta", beta, profile, [("Acme", acme)])
    # Beta averages 217,500: 32,500 below the 250,000 walk-away
    assert c.shortfall_to_walk_away is not None
    assert c.shortfall_to_walk_away.value == D(32500)
    assert c.anchor is not None and c.anchor.value == D(300000)
    assert ("Acme", D(261500)) in c.competing


def test_no_data_means_no_number_to_ask_for(acme: Offer) -> None:
    c = recommend("Acme", acme, parse_profile({}))
    assert c.anchor is None and not c.has_ask and c.ask_base is None
    assert any("ask the recruiter for the salary band" in r for r in c.reasoning)


def _allowed_for_acme() -> set[Decimal]:
    inputs = {
        # Acme as entered
        D(180000),
        D(10),
        D(20000),
        D(12),
        D(200000),
        D(40000),
        D(5),
        D(15),
        D(40),
        # the market point as entered: 75th percentile, 290,000, survey date
        D(75),
        D(290000),
        # profile: target (the walk-away is never said aloud, and Acme is above it)
        D(300000),
    } | date_parts(date(2030, 2, 1), date(2030, 1, 10), date(2026, 9, 1))
    derived = {
        D(261500),  # Acme's yearly average
        D(205000),
        D(3000),
        D(65000),  # the asks
        D(301000),  # the average with every ask granted
        D(25000),
        D(100000),  # fallbacks if base is stuck
    }
    return inputs | derived


@pytest.mark.parametrize("tone", TONES)
def test_script_numbers_are_all_traceable_and_all_present(
    tone: str, acme: Offer, beta: Offer, profile: Profile
) -> None:
    c = recommend("Acme", acme, profile, [("Beta", beta)])
    script = build_script(c, tone)  # type: ignore[arg-type]
    text = script.text()
    found = numbers_in(text)
    untraceable = found - _allowed_for_acme()
    assert not untraceable, (
        f"numbers in the script that no input or derivation gives: {untraceable}"
    )
    # every number the script relies on appears, as written
    for what, shown in script.figures:
        assert shown in text, what
    for must in (
        "180,000 USD",
        "261,500 USD",
        "205,000 USD",
        "3,000 USD",
        "65,000 USD",
        "301,000 USD",
        "300,000 USD",
        "290,000 USD",
        "75th",
        "2030-01-10",
        "Bay Area AI pay survey",
    ):
        assert must in text, must
    assert not PLACEHOLDER.search(text), PLACEHOLDER.search(text)


def test_the_script_has_every_part_and_the_tones_differ(
    acme: Offer, beta: Offer, profile: Profile
) -> None:
    c = recommend("Acme", acme, profile, [("Beta", beta)])
    scripts: dict[str, Script] = {t: build_script(c, t) for t in TONES}  # type: ignore[misc]
    titles = [s.title for s in scripts["neutral"].call]
    assert titles[1:3] == ["Opening", "The ask"]
    for reply in (
        "this is our best offer",
        "the band is fixed",
        "we need an answer by Friday",
        "what are your expectations?",
    ):
        assert any(reply in t for t in titles), reply
    assert titles[-1] == "Closing"
    assert scripts["neutral"].email_subject == "ML engineer offer at Acme: compensation"
    assert scripts["neutral"].checklist
    openings = {t: s.call[1].lines[0] for t, s in scripts.items()}
    assert len(set(openings.values())) == 3
    assert scripts["warm"].email_body.rstrip().endswith("Warm regards,")
    assert "To accept, I need you to" in scripts["firm"].call_text()


def test_without_market_data_the_script_says_how_to_get_it_and_invents_nothing() -> None:
    offer = parse_offer(
        {"company": "Zeta", "role": "Prompt engineer", "currency": "EUR", "base_salary": 95000}
    )
    c = recommend("Zeta", offer, parse_profile({}))
    for tone in TONES:
        script = build_script(c, tone)  # type: ignore[arg-type]
        text = script.text()
        assert numbers_in(text) <= {D(95000)}, numbers_in(text)
        assert "95,000 EUR" in text
        assert "ask the recruiter for the salary band" in text
        assert "salary band for this level" in text  # what to ask instead
        assert "published salary surveys" in text
        assert not PLACEHOLDER.search(text)


def test_foreign_currency_offer_script_uses_converted_user_numbers(acme: Offer) -> None:
    euro = parse_offer(
        {"company": "Eta", "role": "ML engineer", "currency": "EUR", "base_salary": 150000}
    )
    profile = parse_profile(
        {
            "currency": "USD",
            "target_total": 216000,
            "walk_away_total": 162000,
            "rates": [{"from_currency": "EUR", "to_currency": "USD", "rate": "1.08"}],
        }
    )
    c = recommend("Eta", euro, profile, [("Acme", acme)])
    # target 216,000 USD / 1.08 = 200,000 EUR; Acme 261,500 USD / 1.08 = 242,129.63 EUR → anchor
    assert c.anchor is not None and c.anchor.kind == "competing"
    assert c.anchor.value == D("242129.63")
    assert c.ask_total is not None and c.ask_total.value == D(243000)
    # no equity: base carries the whole gap 92,129.63 → 242,129.63, up to 243,000
    assert c.ask_base is not None and c.ask_base.value == D(243000)
    text = build_script(c, "neutral").text()
    assert "242,130 EUR" in text and "243,000 EUR" in text and "150,000 EUR" in text
