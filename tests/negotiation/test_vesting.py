"""Vesting schedules applied exactly: golden month-by-month and year-by-year shares."""

from __future__ import annotations

from fractions import Fraction

import pytest

from mockprep.errors import InputError
from mockprep.negotiation.offer import parse_offer
from mockprep.negotiation.vesting import PRESETS, Vesting, vest_events, yearly_shares


def test_even_yearly_vests_a_quarter_at_each_anniversary() -> None:
    v = Vesting(preset="even")
    assert vest_events(v) == [
        (12, Fraction(1, 4)),
        (24, Fraction(1, 4)),
        (36, Fraction(1, 4)),
        (48, Fraction(1, 4)),
    ]
    assert yearly_shares(v) == [Fraction(1, 4)] * 4


def test_monthly_with_one_year_cliff_vests_a_quarter_at_month_12_then_1_48_monthly() -> None:
    v = Vesting(preset="monthly-cliff")
    events = vest_events(v)
    # months 1..11 accrue 11 × 1/48 and vest with month 12's 1/48 at the cliff: 12/48 = 1/4
    assert events[0] == (12, Fraction(1, 4))
    # then months 13..48: 36 events of 1/48 each
    assert events[1:] == [(m, Fraction(1, 48)) for m in range(13, 49)]
    assert sum(s for _, s in events) == 1
    # nothing vests before the cliff: leaving at month 11 keeps nothing
    assert sum(s for m, s in events if m <= 11) == 0
    assert yearly_shares(v) == [Fraction(1, 4)] * 4


def test_back_loaded_5_15_40_40() -> None:
    v = Vesting(preset="back-loaded")
    assert yearly_shares(v) == [
        Fraction(5, 100),
        Fraction(15, 100),
        Fraction(40, 100),
        Fraction(40, 100),
    ]


def test_front_loaded_and_ramp_presets() -> None:
    assert yearly_shares(Vesting(preset="front-loaded")) == [
        Fraction(n, 100) for n in (40, 30, 20, 10)
    ]
    assert yearly_shares(Vesting(preset="ramp")) == [Fraction(n, 100) for n in (10, 20, 30, 40)]
    assert set(PRESETS) == {"even", "monthly-cliff", "front-loaded", "back-loaded", "ramp"}


def test_quarterly_with_a_six_month_cliff() -> None:
    # 25 % a year quarterly = 1/16 a quarter; months 3 and 6 vest together at the 6-month cliff
    v = Vesting(percentages=(25, 25, 25, 25), period="quarterly", cliff_months=6)
    events = vest_events(v)
    assert events[0] == (6, Fraction(2, 16))
    assert events[1] == (9, Fraction(1, 16))
    assert len(events) == 15  # 16 quarters, the first two merged
    assert yearly_shares(v) == [Fraction(1, 4)] * 4


def test_a_cliff_past_the_first_anniversary_moves_year_one_into_year_two() -> None:
    # yearly 25s with an 18-month cliff: month 12's quarter waits for month 18
    v = Vesting(percentages=(25, 25, 25, 25), period="yearly", cliff_months=18)
    assert vest_events(v)[0] == (18, Fraction(1, 4))
    assert yearly_shares(v) == [Fraction(0), Fraction(1, 2), Fraction(1, 4), Fraction(1, 4)]


def test_custom_percentages_with_decimals_sum_exactly() -> None:
    v = Vesting(percentages=("33.33", "33.33", "33.34"), period="monthly")
    shares = yearly_shares(v, 4)
    assert shares == [
        Fraction(3333, 10000),
        Fraction(3333, 10000),
        Fraction(3334, 10000),
        Fraction(0),
    ]
    assert v.describe() == "custom (33.33/33.33/33.34 by year, vesting monthly)"


def test_a_preset_changed_by_hand_becomes_custom() -> None:
    v = Vesting.model_validate({"preset": "even", "cliff_months": 12, "period": "monthly"})
    assert v.preset is None and v.cliff_months == 12 and v.percentages == (25, 25, 25, 25)


def _offer_with(vesting: dict[str, object]) -> dict[str, object]:
    return {
        "company": "Acme",
        "role": "ML engineer",
        "currency": "USD",
        "base_salary": 100000,
        "equity": {"kind": "rsu", "grant_value": 1000, "vesting": vesting},
    }


@pytest.mark.parametrize(
    ("vesting", "field", "words"),
    [
        ({"percentages": [10, 20, 30]}, "equity.vesting.percentages", "add up to 60, not 100"),
        ({"percentages": [50, 60]}, "equity.vesting.percentages", "add up to 110, not 100"),
        ({"percentages": [-10, 60, 50]}, "equity.vesting.percentages", "each must be 0 or more"),
        ({"preset": "sideways"}, "equity.vesting.preset", "no vesting preset"),
        (
            {"percentages": [100], "cliff_months": 13},
            "equity.vesting.cliff_months",
            "after the last",
        ),
    ],
)
def test_bad_schedules_are_refused_naming_the_field(
    vesting: dict[str, object], field: str, words: str
) -> None:
    with pytest.raises(InputError) as caught:
        parse_offer(_offer_with(vesting))
    problems = caught.value.problems  # type: ignore[attr-defined]
    assert any(p.startswith(f"{field}:") and words in p for p in problems), problems
    assert "nothing was saved" in str(caught.value)
