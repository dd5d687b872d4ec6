"""Total compensation year by year against hand-computed golden values, with the sources of
every figure; options under water; exchange rates only from the user; gaps to target."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from negotiation_samples import ACME

from mockprep.errors import InputError
from mockprep.negotiation.compensation import compare, compute
from mockprep.negotiation.offer import Offer, Profile, check_deadline, parse_offer, parse_profile

D = Decimal


def test_acme_back_loaded_rsus_with_refreshers_golden(acme: Offer) -> None:
    comp = compute(acme)
    # year 1: base 180,000 + bonus 10% × 180,000 = 18,000 + sign-on 20,000
    #         + RSUs 5% × 200,000 = 10,000                                  = 228,000
    # year 2: 180,000 + 18,000 + RSUs 15% × 200,000 = 30,000
    #         + refresher granted at year 2: 5% × 40,000 = 2,000             = 230,000
    # year 3: 198,000 + 40% × 200,000 = 80,000
    #         + refreshers 15% × 40,000 + 5% × 40,000 = 6,000 + 2,000         = 286,000
    # year 4: 198,000 + 80,000 + (40% + 15% + 5%) × 40,000 = 24,000          = 302,000
    assert comp.year_totals() == [D(228000), D(230000), D(286000), D(302000)]
    # four-year total 1,046,000; average 1,046,000 / 4 = 261,500
    assert comp.four_year_total.value == D(1046000)
    assert comp.average.value == D(261500)
    year1 = comp.years[0]
    assert {p.label: p.value for p in year1.parts} == {
        "base": D(180000),
        "bonus": D(18000),
        "sign-on": D(20000),
        "RSUs": D(10000),
    }
    # every figure names the inputs that made it
    assert "bonus_percent 10%" in year1.part("bonus").basis  # type: ignore[union-attr]
    assert "base_salary 180,000 USD" in year1.part("bonus").basis  # type: ignore[union-attr]
    assert "5% of the grant vests in year 1" in year1.part("RSUs").basis  # type: ignore[union-attr]
    assert "grant_value 200,000 USD" in year1.part("RSUs").basis  # type: ignore[union-attr]
    assert "repaid if you leave within 12 months" in year1.part("sign-on").basis  # type: ignore[union-attr]
    refresh = comp.years[3].part("refreshers")
    assert refresh is not None
    assert (
        "40% of the year-2 grant + 15% of the year-3 grant + 5% of the year-4 grant"
        in refresh.basis
    )
    assert comp.average.basis == "four-year total 1,046,000 USD ÷ 4"
    assert all(isinstance(p.value, Decimal) for y in comp.years for p in y.parts)


def test_monthly_cliff_rsus_by_share_count_match_and_benefits_golden() -> None:
    offer = parse_offer(
        {
            "company": "Gamma",
            "role": "Applied scientist",
            "currency": "GBP",
            "base_salary": "150,000".replace(",", ""),
            "bonus_amount": 15000,
            "equity": {
                "kind": "rsu",
                "shares": 1000,
                "share_price": "48.00",
                "vesting": {"preset": "monthly-cliff"},
            },
            "retirement_match_percent": 5,
            "retirement_match_cap": 6000,
            "benefits": [{"name": "Health", "yearly_value": 5000}],
        }
    )
    comp = compute(offer)
    # grant 1,000 × 48.00 = 48,000; monthly after a 12-month cliff: 25% at month 12, then
    # 1/48 a month, so each year vests 12,000.
    # match 5% × 150,000 = 7,500, capped at 6,000.
    # each year: 150,000 + 15,000 + 12,000 + 6,000 + 5,000 = 188,000
    assert comp.year_totals() == [D(188000)] * 4
    assert comp.average.value == D(188000)
    match = comp.years[0].part("retirement match")
    assert match is not None and match.value == D(6000)
    assert "capped at retirement_match_cap 6,000 GBP" in match.basis
    rsus = comp.years[0].part("RSUs")
    assert rsus is not None
    assert "shares 1000 × share_price 48.00 GBP = 48,000 GBP" in rsus.basis


def test_options_in_the_money_and_under_water() -> None:
    base = {
        "company": "Delta",
        "role": "Research engineer",
        "currency": "USD",
        "base_salary": 160000,
    }
    vesting = {"preset": "even"}
    live = compute(
        parse_offer(
            base
            | {
                "equity": {
                    "kind": "options",
                    "shares": 10000,
                    "strike": 5,
                    "current_value": 12,
                    "vesting": vesting,
                }
            }
        )
    )
    # 10,000 × max(0, 12 − 5) = 70,000; a quarter a year = 17,500
    assert live.years[0].part("options").value == D(17500)  # type: ignore[union-attr]
    assert live.average.value == D(177500)
    assert not live.notes

    under = compute(
        parse_offer(
            base
            | {
                "equity": {
                    "kind": "options",
                    "shares": 10000,
                    "strike": 5,
                    "current_value": 3,
                    "vesting": vesting,
                }
            }
        )
    )
    # 10,000 × max(0, 3 − 5) = 0: under water counts as nothing, and says so
    assert under.years[0].part("options").value == D(0)  # type: ignore[union-attr]
    assert under.average.value == D(160000)
    assert any("under water" in n and "5.00 USD" in n and "3.00 USD" in n for n in under.notes)


def test_comparison_gaps_to_target_and_walk_away(
    acme: Offer, beta: Offer, profile: Profile
) -> None:
    result = compare([("Acme", acme), ("Beta", beta)], profile)
    assert result.currency == "USD"
    # Beta: base 200,000 + options 10,000 × (12 − 5) = 70,000 vesting 17,500 a year = 217,500
    assert [c.average.value for c in result.offers] == [D(261500), D(217500)]
    assert result.best == "Acme"
    acme_gaps = {g.label: g.gap.value for g in result.gaps["Acme"]}
    # 261,500 − 300,000 = −38,500 ; 261,500 − 250,000 = +11,500
    assert acme_gaps == {"target": D(-38500), "walk-away": D(11500)}
    beta_gaps = {g.label: g.gap.value for g in result.gaps["Beta"]}
    assert beta_gaps == {"target": D(-82500), "walk-away": D(-32500)}


def test_different_currencies_need_the_users_own_rate(acme: Offer) -> None:
    euro = parse_offer(
        {"company": "Epsilon", "role": "ML engineer", "currency": "EUR", "base_salary": 100000}
    )
    with pytest.raises(InputError) as caught:
        compare([("Acme", acme), ("Epsilon", euro)], parse_profile({}))
    assert "no comparison currency" in str(caught.value)
    with pytest.raises(InputError) as caught:
        compare([("Acme", acme), ("Epsilon", euro)], parse_profile({"currency": "USD"}))
    assert "no exchange rate from EUR to USD" in str(caught.value)
    assert "mockprep negotiate rate EUR USD" in str(caught.value)

    rated = parse_profile(
        {
            "currency": "USD",
            "rates": [{"from_currency": "EUR", "to_currency": "USD", "rate": "1.08"}],
        }
    )
    result = compare([("Acme", acme), ("Epsilon", euro)], rated)
    # 100,000 EUR × 1.08 = 108,000 USD
    assert result.offers[1].average.value == D(108000)
    assert "your rate 1 EUR = 1.08 USD" in result.offers[1].years[0].total.basis
    # the inverse of a rate the user gave is derived, not invented: 1 USD = 0.5 EUR → 1 EUR = 2 USD
    inverse = parse_profile(
        {
            "currency": "USD",
            "rates": [{"from_currency": "USD", "to_currency": "EUR", "rate": "0.5"}],
        }
    )
    assert compare([("Epsilon", euro)], inverse).offers[0].average.value == D(200000)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"base_salary": -5}, "base_salary", "must not be negative"),
        ({"sign_on": "-1000"}, "sign_on", "must not be negative"),
        ({"bonus_percent": -3}, "bonus_percent", "must not be negative"),
        ({"currency": "XYZ"}, "currency", "not an ISO 4217 currency code"),
        ({"currency": "dollars"}, "currency", "not an ISO 4217 currency code"),
        ({"base_salary": 0}, "base_salary", "more than 0"),
        ({"bonus_amount": 5000}, "bonus_percent", "OR an amount"),
        (
            {"equity": {"kind": "options", "shares": 100, "vesting": {"preset": "even"}}},
            "equity.strike, current_value",
            "options need",
        ),
        (
            {"equity": {"kind": "rsu", "shares": 100, "vesting": {"preset": "even"}}},
            "equity.share_price",
            "RSUs need",
        ),
    ],
)
def test_bad_offers_name_the_field(change: dict[str, object], field: str, words: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_offer(ACME | change)
    problems = caught.value.problems  # type: ignore[attr-defined]
    assert any(p.startswith(f"{field}:") and words in p for p in problems), problems


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(InputError) as caught:
        parse_offer(
            ACME
            | {
                "base_salary": -1,
                "currency": "ABC",
                "equity": ACME["equity"] | {"vesting": {"percentages": [50, 40]}},
            }
        )
    fields = {p.split(":")[0] for p in caught.value.problems}  # type: ignore[attr-defined]
    assert fields == {"base_salary", "currency", "equity.vesting.percentages"}


def test_a_deadline_in_the_past_is_refused_on_entry(acme: Offer) -> None:
    check_deadline(acme, date(2030, 1, 10))  # the day itself is fine
    with pytest.raises(InputError) as caught:
        check_deadline(acme, date(2030, 1, 11))
    assert caught.value.message.startswith("deadline: 2030-01-10 is in the past")


def test_profile_walk_away_above_target_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        parse_profile({"currency": "USD", "target_total": 100, "walk_away_total": 200})
    assert any(p.startswith("walk_away_total:") for p in caught.value.problems)  # type: ignore[attr-defined]
    with pytest.raises(InputError):
        parse_profile({"target_total": 100})  # no currency
