"""Vesting schedules: presets, custom yearly percentages, and the exact schedule month by month.

A schedule says what share of a grant vests in each year after the grant (percentages that sum
to 100), how often it vests within a year (monthly, quarterly or yearly) and the cliff: nothing
vests before month ``cliff_months``; at the cliff everything accrued so far vests at once.
So monthly vesting of 25 % a year with a 12-month cliff vests 25 % at month 12 and then 1/48 of
the grant every month to month 48.

Shares are exact ``Fraction`` objects; money becomes ``Decimal`` only in compensation.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Period = Literal["monthly", "quarterly", "yearly"]
PERIODS_PER_YEAR: dict[str, int] = {"monthly": 12, "quarterly": 4, "yearly": 1}
MAX_YEARS = 10


@dataclass(frozen=True)
class Preset:
    name: str
    percentages: tuple[int, ...]
    period: Period
    cliff_months: int
    description: str


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset("even", (25, 25, 25, 25), "yearly", 0, "25% at the end of each of four years"),
        Preset(
            "monthly-cliff",
            (25, 25, 25, 25),
            "monthly",
            12,
            "monthly over four years after a one-year cliff (a quarter at the cliff)",
        ),
        Preset("front-loaded", (40, 30, 20, 10), "yearly", 0, "40/30/20/10 by year"),
        Preset("back-loaded", (5, 15, 40, 40), "yearly", 0, "5/15/40/40 by year"),
        Preset("ramp", (10, 20, 30, 40), "yearly", 0, "10/20/30/40 by year"),
    )
}


class Vesting(BaseModel):
    """How a grant vests. Give a ``preset`` name, or ``percentages`` (per year), or both."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    preset: str | None = Field(
        default=None, description=f"One of: {', '.join(PRESETS)}; or leave out for custom."
    )
    percentages: tuple[Decimal, ...] = Field(
        min_length=1,
        max_length=MAX_YEARS,
        description="Percent of the grant vesting in each year after the grant; sums to 100.",
    )
    period: Period = Field(default="yearly", description="How often it vests within a year.")
    cliff_months: int = Field(
        default=0, ge=0, le=12 * MAX_YEARS, description="Nothing vests before this month."
    )

    @model_validator(mode="before")
    @classmethod
    def _fill_from_preset(cls, data: Any) -> Any:
        if not isinstance(data, dict) or data.get("preset") in (None, ""):
            return data
        name = str(data["preset"]).strip().lower()
        preset = PRESETS.get(name)
        if preset is None:
            raise ValueError(
                f"preset: no vesting preset {data['preset']!r}; choose one of "
                f"{', '.join(PRESETS)} or give percentages"
            )
        filled = {
            "percentages": preset.percentages,
            "period": preset.period,
            "cliff_months": preset.cliff_months,
            **{k: v for k, v in data.items() if v is not None and k != "preset"},
        }
        same = (
            tuple(Decimal(str(x)) for x in filled["percentages"])
            == tuple(Decimal(x) for x in preset.percentages)
            and filled["period"] == preset.period
            and int(filled["cliff_months"]) == preset.cliff_months
        )
        return {**filled, "preset": name if same else None}

    @model_validator(mode="after")
    def _check(self) -> Vesting:
        problems = []
        for i, value in enumerate(self.percentages, start=1):
            if value < 0 or not value.is_finite():
                problems.append(f"percentages: year {i} is {value}; each must be 0 or more")
        total = sum(self.percentages, Decimal(0))
        if total != 100:
            problems.append(
                f"percentages: they add up to {total}, not 100 "
                f"({' + '.join(str(p) for p in self.percentages)}); make them sum to 100"
            )
        if self.cliff_months > 12 * len(self.percentages):
            problems.append(
                f"cliff_months: {self.cliff_months} is after the last vesting month "
                f"({12 * len(self.percentages)})"
            )
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def years(self) -> int:
        return len(self.percentages)

    def describe(self) -> str:
        """Words for the schedule, e.g. ``back-loaded (5/15/40/40 by year)``."""
        if self.preset:
            return f"{self.preset} ({PRESETS[self.preset].description})"
        split = "/".join(format_pct(p) for p in self.percentages)
        cliff = f", {self.cliff_months}-month cliff" if self.cliff_months else ""
        return f"custom ({split} by year, vesting {self.period}{cliff})"


def format_pct(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def vest_events(vesting: Vesting) -> list[tuple[int, Fraction]]:
    """Every vesting event as (month after the grant, share of the grant), cliff applied."""
    per_year = PERIODS_PER_YEAR[vesting.period]
    step = 12 // per_year
    raw: list[tuple[int, Fraction]] = []
    for year, pct in enumerate(vesting.percentages):
        share = Fraction(pct) / 100 / per_year
        for k in range(1, per_year + 1):
            if share:
                raw.append((12 * year + step * k, share))
    cliff = vesting.cliff_months
    accrued = sum((s for m, s in raw if m <= cliff), Fraction(0))
    events = [(cliff, accrued)] if accrued else []
    events.extend((m, s) for m, s in raw if m > cliff)
    return events


def yearly_shares(vesting: Vesting, years: int = 4) -> list[Fraction]:
    """The share of the grant vesting in each of the first ``years`` years (exact)."""
    shares = [Fraction(0)] * years
    for month, share in vest_events(vesting):
        index = (month - 1) // 12
        if index < years:
            shares[index] += share
    return shares
