"""Total compensation year by year for four years, every figure with the inputs that made it.

Years are offer years: year one is the first twelve months from the start date. Base salary is
as offered (no raise is assumed); the target bonus is paid in full each year; the sign-on lands
in year one (and year two when split); equity vests on its schedule from the start date;
expected refreshers are granted at each anniversary and vest on the same schedule; the
retirement match assumes you contribute enough to receive all of it.

Each ``Figure`` carries ``basis``: the inputs and arithmetic behind it, in words a person can
check (``base_salary 180,000 × bonus_percent 10%``). Comparing offers in different currencies
uses only exchange rates the user supplied (``Converter``); a missing rate is an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction

from mockprep.errors import InputError
from mockprep.negotiation.currency import money, percent, plain, price
from mockprep.negotiation.offer import ExchangeRate, Offer, Profile
from mockprep.negotiation.vesting import Vesting, yearly_shares

YEARS = 4
CENT = Decimal("0.01")


def exact(value: Fraction) -> Decimal:
    """A fraction of money as Decimal to the cent (the only rounding inside the maths)."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(CENT)


def share_text(share: Fraction) -> str:
    pct = share * 100
    if pct.denominator == 1:
        return f"{pct.numerator}%"
    shown = (Decimal(pct.numerator) / Decimal(pct.denominator)).quantize(Decimal("0.01"))
    return f"{shown.normalize():f}%"


@dataclass(frozen=True)
class Figure:
    """An amount of money with the inputs and arithmetic that produced it."""

    label: str
    value: Decimal
    currency: str
    basis: str

    def shown(self) -> str:
        return money(self.value, self.currency)


@dataclass(frozen=True)
class YearComp:
    year: int
    parts: tuple[Figure, ...]
    total: Figure

    def part(self, label: str) -> Figure | None:
        return next((p for p in self.parts if p.label == label), None)


@dataclass(frozen=True)
class OfferComp:
    """An offer's compensation over four years, in one currency."""

    name: str
    offer: Offer
    currency: str
    years: tuple[YearComp, ...]
    four_year_total: Figure
    average: Figure
    notes: tuple[str, ...] = field(default=())

    def year_totals(self) -> list[Decimal]:
        return [y.total.value for y in self.years]


def _equity_parts(offer: Offer, year: int, shares: list[Fraction]) -> list[Figure]:
    equity = offer.equity
    if equity is None:
        return []
    ccy = offer.currency
    parts: list[Figure] = []
    grant = equity.grant_total()
    if equity.kind == "rsu":
        what = (
            f"grant_value {money(grant, ccy)}"
            if equity.grant_value is not None
            else f"shares {plain(equity.shares or Decimal(0))} × share_price "
            f"{price(equity.share_price or Decimal(0), ccy)} = {money(grant, ccy)}"
        )
        label = "RSUs"
    else:
        assert equity.current_value is not None and equity.strike is not None
        spread = max(Decimal(0), equity.current_value - equity.strike)
        what = (
            f"options {plain(equity.shares or Decimal(0))} × max(0, current_value "
            f"{price(equity.current_value, ccy)} − strike {price(equity.strike, ccy)}) "
            f"= {plain(equity.shares or Decimal(0))} × {price(spread, ccy)} = {money(grant, ccy)}"
        )
        label = "options"
    share = shares[year - 1]
    parts.append(
        Figure(
            label,
            exact(Fraction(grant) * share),
            ccy,
            f"{share_text(share)} of the grant vests in year {year} "
            f"({equity.vesting.describe()}); {what}",
        )
    )
    if equity.refresher_value and year > 1:
        total = Fraction(0)
        pieces = []
        for granted in range(2, year + 1):
            s = shares[year - granted]
            total += Fraction(equity.refresher_value) * s
            if s:
                pieces.append(f"{share_text(s)} of the year-{granted} grant")
        parts.append(
            Figure(
                "refreshers",
                exact(total),
                ccy,
                f"refresher_value {money(equity.refresher_value, ccy)} granted each anniversary, "
                f"same schedule: {' + '.join(pieces) or 'nothing vested yet'}",
            )
        )
    return parts


def year_comp(offer: Offer, year: int) -> YearComp:
    """What ``offer`` pays in ``year`` (1-4), part by part."""
    ccy = offer.currency
    parts = [Figure("base", offer.base_salary, ccy, f"base_salary {money(offer.base_salary, ccy)}")]
    if offer.bonus_percent is not None:
        parts.append(
            Figure(
                "bonus",
                exact(Fraction(offer.base_salary) * Fraction(offer.bonus_percent) / 100),
                ccy,
                f"base_salary {money(offer.base_salary, ccy)} × bonus_percent "
                f"{percent(offer.bonus_percent)} (target, paid in full)",
            )
        )
    elif offer.bonus_amount is not None:
        parts.append(
            Figure(
                "bonus",
                offer.bonus_amount,
                ccy,
                f"bonus_amount {money(offer.bonus_amount, ccy)} (target, paid in full)",
            )
        )
    sign_on = {1: offer.sign_on, 2: offer.sign_on_year2}.get(year, Decimal(0))
    if sign_on:
        field_name = "sign_on" if year == 1 else "sign_on_year2"
        clawback = (
            f"; repaid if you leave within {offer.sign_on_clawback_months} months"
            if offer.sign_on_clawback_months
            else ""
        )
        parts.append(
            Figure("sign-on", sign_on, ccy, f"{field_name} {money(sign_on, ccy)}{clawback}")
        )
    if offer.equity is not None:
        parts.extend(_equity_parts(offer, year, yearly_shares(offer.equity.vesting, YEARS)))
    if offer.retirement_match_percent is not None:
        match = exact(Fraction(offer.base_salary) * Fraction(offer.retirement_match_percent) / 100)
        basis = (
            f"base_salary {money(offer.base_salary, ccy)} × retirement_match_percent "
            f"{percent(offer.retirement_match_percent)}"
        )
        if offer.retirement_match_cap is not None and match > offer.retirement_match_cap:
            match = offer.retirement_match_cap
            basis += f", capped at retirement_match_cap {money(offer.retirement_match_cap, ccy)}"
        parts.append(Figure("retirement match", match, ccy, basis))
    if offer.benefits:
        value = sum((b.yearly_value for b in offer.benefits), Decimal(0))
        parts.append(
            Figure(
                "benefits",
                value,
                ccy,
                " + ".join(f"{b.name} {money(b.yearly_value, ccy)}" for b in offer.benefits),
            )
        )
    total = sum((p.value for p in parts), Decimal(0))
    return YearComp(
        year,
        tuple(parts),
        Figure(
            "total",
            total,
            ccy,
            " + ".join(f"{p.label} {money(p.value, ccy)}" for p in parts),
        ),
    )


def offer_notes(offer: Offer) -> list[str]:
    notes = []
    equity = offer.equity
    if equity is not None and equity.under_water:
        assert equity.strike is not None and equity.current_value is not None
        notes.append(
            f"The options are under water: strike {price(equity.strike, offer.currency)} is not "
            f"below the current value {price(equity.current_value, offer.currency)}, so they "
            "count as 0 until the share is worth more than the strike."
        )
    if equity is not None and equity.vesting.years > YEARS:
        notes.append(
            "The grant vests over more than four years; only the first four are counted here."
        )
    if offer.sign_on_clawback_months:
        notes.append(
            f"The sign-on is repaid if you leave within {offer.sign_on_clawback_months} months."
        )
    return notes


def compute(offer: Offer, name: str | None = None) -> OfferComp:
    """Four years of ``offer``, with totals, the average and notes."""
    years = tuple(year_comp(offer, y) for y in range(1, YEARS + 1))
    ccy = offer.currency
    total = sum((y.total.value for y in years), Decimal(0))
    shown = " + ".join(money(y.total.value, ccy) for y in years)
    return OfferComp(
        name=name or offer.company,
        offer=offer,
        currency=ccy,
        years=years,
        four_year_total=Figure("four-year total", total, ccy, f"years one to four: {shown}"),
        average=Figure(
            "yearly average",
            (total / YEARS).quantize(CENT),
            ccy,
            f"four-year total {money(total, ccy)} ÷ 4",
        ),
        notes=tuple(offer_notes(offer)),
    )


class Converter:
    """Converts with the user's own rates only: direct, or the inverse of a rate they gave."""

    def __init__(self, rates: Sequence[ExchangeRate]) -> None:
        self.rates = list(rates)

    def rate(self, source: str, target: str) -> tuple[Fraction, str]:
        for r in self.rates:
            if (r.from_currency, r.to_currency) == (source, target):
                return Fraction(r.rate), f"your rate 1 {source} = {plain(r.rate)} {target}"
        for r in self.rates:
            if (r.from_currency, r.to_currency) == (target, source):
                return (
                    1 / Fraction(r.rate),
                    f"the inverse of your rate 1 {target} = {plain(r.rate)} {source}",
                )
        raise InputError(
            f"no exchange rate from {source} to {target}: offers in different currencies "
            "cannot be compared without one, and mockprep never guesses a rate",
            fix=f"Add your own rate, e.g. `mockprep negotiate rate {source} {target} RATE` "
            "(or on the Offers page), with the rate your bank or a source you trust gives.",
        )

    def figure(self, fig: Figure, target: str) -> Figure:
        if fig.currency == target:
            return fig
        factor, how = self.rate(fig.currency, target)
        return Figure(
            fig.label,
            exact(Fraction(fig.value) * factor),
            target,
            f"{fig.shown()} converted with {how} ({fig.basis})",
        )

    def amount(self, value: Decimal, source: str, target: str) -> Decimal:
        if source == target:
            return value
        factor, _ = self.rate(source, target)
        return exact(Fraction(value) * factor)

    def comp(self, comp: OfferComp, target: str) -> OfferComp:
        if comp.currency == target:
            return comp
        years = tuple(
            YearComp(
                y.year,
                tuple(self.figure(p, target) for p in y.parts),
                self.figure(y.total, target),
            )
            for y in comp.years
        )
        total = sum((y.total.value for y in years), Decimal(0))
        return replace(
            comp,
            currency=target,
            years=years,
            four_year_total=Figure(
                "four-year total", total, target, self.figure(comp.four_year_total, target).basis
            ),
            average=Figure(
                "yearly average",
                (total / YEARS).quantize(CENT),
                target,
                f"four-year total {money(total, target)} ÷ 4",
            ),
        )


@dataclass(frozen=True)
class Gap:
    """How far an offer's yearly average sits above (+) or below (−) one of the user's numbers."""

    label: str
    reference: Decimal
    gap: Figure


@dataclass(frozen=True)
class Comparison:
    currency: str
    offers: tuple[OfferComp, ...]
    gaps: dict[str, tuple[Gap, ...]]
    best: str | None
    notes: tuple[str, ...] = ()


def comparison_currency(offers: Sequence[Offer], profile: Profile) -> str:
    if profile.currency:
        return profile.currency
    currencies = sorted({o.currency for o in offers})
    if len(currencies) <= 1:
        return currencies[0] if currencies else "USD"
    raise InputError(
        f"the offers are in {', '.join(currencies)} and no comparison currency is set",
        fix="Set one with `mockprep negotiate profile --currency CODE` (or on the Offers page) "
        "and add your exchange rates.",
    )


def gaps_for(comp: OfferComp, profile: Profile) -> tuple[Gap, ...]:
    out = []
    for label, ref in (("target", profile.target_total), ("walk-away", profile.walk_away_total)):
        if ref is None:
            continue
        diff = comp.average.value - ref
        out.append(
            Gap(
                label,
                ref,
                Figure(
                    f"gap to {label}",
                    diff,
                    comp.currency,
                    f"yearly average {comp.average.shown()} − your {label} "
                    f"{money(ref, comp.currency)}",
                ),
            )
        )
    return tuple(out)


def compare(named: Sequence[tuple[str, Offer]], profile: Profile) -> Comparison:
    """Every offer in one currency, with its gaps to the target and walk-away."""
    currency = comparison_currency([o for _, o in named], profile)
    converter = Converter(profile.rates)
    comps = tuple(converter.comp(compute(offer, name), currency) for name, offer in named)
    gaps = {c.name: gaps_for(c, profile) for c in comps}
    best = max(comps, key=lambda c: c.average.value).name if comps else None
    notes = []
    if profile.target_total is None:
        notes.append("No target set: add one to see each offer's gap to it.")
    if profile.walk_away_total is None:
        notes.append("No walk-away set: decide the lowest yearly total you would accept.")
    return Comparison(currency, comps, gaps, best, tuple(notes))


def vesting_table(vesting: Vesting) -> list[str]:
    """The share vesting per year, as shown in tables (``25%``)."""
    return [share_text(s) for s in yearly_shares(vesting, max(YEARS, vesting.years))]
