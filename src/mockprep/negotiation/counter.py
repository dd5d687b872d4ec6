"""The recommended counter-offer: an ask anchored on the user's own data, and why.

Anchors, all converted into the offer's currency with the user's rates:

- the user's target (a yearly total);
- the highest yearly-total market point the user supplied for this role (source and date kept);
- the best competing offer's yearly average.

The ask is the highest anchor above the offer's yearly average. The gap is split between base
and equity: up to the user's top base-salary market point when there is one, otherwise in the
offer's own mix of base to total; the rest goes to equity (a larger grant, scaled by how much
of a grant vests within four years), or to the sign-on when there is no equity worth counting.
A sign-on covers what year one still falls short of the ask. Asks are rounded up to a whole
thousand. With no anchor above the offer there is no number to ask for, and the reasoning says
how to get one. Nothing here adds a figure the user did not give or the maths did not derive.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction
from typing import Literal

from mockprep.negotiation.compensation import (
    YEARS,
    Converter,
    Figure,
    OfferComp,
    compute,
    exact,
)
from mockprep.negotiation.currency import money, percent, plain
from mockprep.negotiation.offer import Equity, MarketPoint, Offer, Profile
from mockprep.negotiation.vesting import yearly_shares

STEP = Decimal(1000)


def round_up(value: Decimal, step: Decimal = STEP) -> Decimal:
    """Up to the next whole ``step`` (asks are round numbers, never below the maths)."""
    return (value / step).to_integral_value(rounding=ROUND_CEILING) * step


@dataclass(frozen=True)
class Anchor:
    kind: Literal["target", "market", "competing"]
    value: Decimal
    text: str
    """Names the source: ``your target 250,000 USD``, ``Acme's offer (yearly average …)``."""


@dataclass(frozen=True)
class MarketUse:
    point: MarketPoint
    value: Decimal
    """The point's value in the offer's currency."""

    def describe(self, currency: str) -> str:
        p = self.point
        what = "yearly total compensation" if p.component == "total" else "base salary"
        shown = money(p.value, p.currency)
        if p.currency != currency:
            shown += f" (= {money(self.value, currency)})"
        return (
            f"{p.percentile}th percentile {what} of {shown} for {p.role}"
            f"{' ' + p.level if p.level else ''}{' in ' + p.location if p.location else ''} "
            f"from {p.source}, {p.as_of.isoformat()}"
        )


@dataclass(frozen=True)
class Counter:
    name: str
    offer: Offer
    currency: str
    current: OfferComp
    anchor: Anchor | None
    anchors: tuple[Anchor, ...]
    market: tuple[MarketUse, ...]
    competing: tuple[tuple[str, Decimal], ...]
    shortfall_to_walk_away: Figure | None
    reasoning: tuple[str, ...]
    trades: tuple[str, ...]
    ask_total: Figure | None = None
    """The yearly total asked for: the anchor, rounded up to a whole thousand (``None``: no
    anchor, so no ask; every ask field below is then ``None`` too)."""
    ask_base: Figure | None = None
    ask_equity: Figure | None = None
    """The extra equity grant value asked for (options: its value at today's spread)."""
    ask_options: Decimal | None = None
    """Options only: how many more options the extra value is."""
    ask_sign_on: Figure | None = None
    proposed: OfferComp | None = None
    """The offer as it would be with every ask granted."""
    fallback_sign_on: Figure | None = None
    fallback_equity: Figure | None = None

    @property
    def has_ask(self) -> bool:
        return self.proposed is not None


def _equity_worth_counting(equity: Equity | None) -> bool:
    return equity is not None and not equity.under_water


def _four_year_share(offer: Offer) -> Fraction:
    assert offer.equity is not None
    return sum(yearly_shares(offer.equity.vesting, YEARS), Fraction(0))


def _with_more_equity(offer: Offer, extra: Decimal) -> tuple[Offer, Decimal | None]:
    equity = offer.equity
    assert equity is not None
    if equity.kind == "rsu":
        grant = equity.grant_total() + extra
        new = equity.model_copy(update={"grant_value": grant, "shares": None, "share_price": None})
        return offer.model_copy(update={"equity": new}), None
    assert equity.current_value is not None and equity.strike is not None
    spread = equity.current_value - equity.strike
    count = (extra / spread).to_integral_value(rounding=ROUND_CEILING)
    new = equity.model_copy(update={"shares": (equity.shares or Decimal(0)) + count})
    return offer.model_copy(update={"equity": new}), count


def recommend(
    name: str,
    offer: Offer,
    profile: Profile,
    others: Sequence[tuple[str, Offer]] = (),
) -> Counter:
    """The counter-offer for ``offer`` given the user's profile and their other offers."""
    ccy = offer.currency
    conv = Converter(profile.rates)
    current = compute(offer, name)
    avg = current.average.value
    reasoning: list[str] = [
        f"{name} is worth {current.average.shown()} a year on average over four years "
        f"({current.average.basis})."
    ]

    anchors: list[Anchor] = []
    if profile.target_total is not None and profile.currency:
        value = conv.amount(profile.target_total, profile.currency, ccy)
        anchors.append(
            Anchor(
                "target",
                value,
                f"your target of {money(profile.target_total, profile.currency)}"
                + (f" (= {money(value, ccy)})" if profile.currency != ccy else ""),
            )
        )
    market = tuple(
        MarketUse(p, conv.amount(p.value, p.currency, ccy))
        for p in profile.market
        if p.matches(offer)
    )
    totals = [m for m in market if m.point.component == "total"]
    if totals:
        top = max(totals, key=lambda m: (m.value, m.point.percentile))
        anchors.append(Anchor("market", top.value, f"the {top.describe(ccy)}"))
    competing = tuple(
        (other_name, conv.amount(compute(other).average.value, other.currency, ccy))
        for other_name, other in others
    )
    if competing:
        best_name, best_value = max(competing, key=lambda c: c[1])
        anchors.append(
            Anchor(
                "competing",
                best_value,
                f"the {best_name} offer, worth {money(best_value, ccy)} a year on average",
            )
        )
    for considered in anchors:
        reasoning.append(f"Anchor considered: {considered.text}.")
    above = [a for a in anchors if a.value > avg]
    anchor = max(above, key=lambda a: a.value) if above else None

    shortfall = None
    if profile.walk_away_total is not None and profile.currency:
        walk = conv.amount(profile.walk_away_total, profile.currency, ccy)
        if avg < walk:
            shortfall = Figure(
                "below walk-away",
                walk - avg,
                ccy,
                f"your walk-away {money(walk, ccy)} − yearly average {current.average.shown()}",
            )
            reasoning.append(
                f"This offer is {shortfall.shown()} a year below your walk-away: unless the "
                "company closes at least that much, decline it politely."
            )

    trades = _trades(offer)
    if anchor is None:
        if anchors:
            reasoning.append(
                "The offer already meets or beats every anchor you have, so there is no number "
                "to ask for from your data; ask about the band and negotiate terms instead."
            )
        else:
            reasoning.append(
                "You have no target, market data or competing offer to anchor an ask on. Get "
                "data first: ask the recruiter for the salary band of this level and where the "
                "offer sits in it, and collect published salary surveys or offers people in "
                "this role share; add each with its source and date."
            )
        return Counter(
            name=name,
            offer=offer,
            currency=ccy,
            current=current,
            anchor=None,
            anchors=tuple(anchors),
            market=market,
            competing=competing,
            shortfall_to_walk_away=shortfall,
            reasoning=tuple(reasoning),
            trades=trades,
        )

    gap = anchor.value - avg
    reasoning.append(
        f"Ask anchors on {anchor.text}: {money(gap, ccy)} a year above this offer "
        f"({money(anchor.value, ccy)} − {current.average.shown()})."
    )
    bonus_factor = Fraction(1)
    if offer.bonus_percent is not None:
        bonus_factor += Fraction(offer.bonus_percent) / 100
    has_equity = _equity_worth_counting(offer.equity)
    bases = [m for m in market if m.point.component == "base"]
    base = offer.base_salary
    if bases:
        top_base = max(bases, key=lambda m: (m.value, m.point.percentile))
        room = max(Decimal(0), top_base.value - base)
        base_part = min(exact(Fraction(gap)), exact(Fraction(room) * bonus_factor))
        reasoning.append(
            f"Base: asked up to the {top_base.describe(ccy)}, no further."
            if room
            else f"Base: already at or above the {top_base.describe(ccy)}; the ask goes elsewhere."
        )
    elif has_equity:
        base_part = exact(Fraction(gap) * Fraction(base) / Fraction(avg))
        reasoning.append(
            "Base: you have no base-salary market point, so the gap is split in this offer's "
            f"own mix (base {money(base, ccy)} of {current.average.shown()} a year)."
        )
    else:
        base_part = gap
        reasoning.append("Base: there is no equity worth counting, so base carries the ask.")
    raise_ = exact(Fraction(base_part) / bonus_factor)
    ask_base_value = round_up(base + raise_) if raise_ > 0 else base
    proposed = offer.model_copy(update={"base_salary": ask_base_value})
    extra_sign_on = Decimal(0)
    year_one = compute(proposed).years[0].total.value
    if year_one < anchor.value:
        extra_sign_on = round_up(anchor.value - year_one)
        reasoning.append(
            f"Sign-on: year one would be {money(anchor.value - year_one, ccy)} short of the ask "
            f"({money(year_one, ccy)}: the first year pays least), so a sign-on of "
            f"{money(extra_sign_on, ccy)} more covers it."
        )
    rest = gap - base_part - extra_sign_on / YEARS
    ask_equity = None
    ask_options = None
    if rest > 0 and has_equity:
        share = _four_year_share(offer)
        extra = round_up(exact(Fraction(rest) * YEARS / share))
        proposed, ask_options = _with_more_equity(proposed, extra)
        ask_equity = Figure(
            "more equity",
            extra,
            ccy,
            f"what remains of the gap, {money(rest, ccy)} a year, × 4 years ÷ the "
            f"{percent(exact(share * 100))} of a grant that vests within four years",
        )
        reasoning.append(
            f"Equity: a grant {money(extra, ccy)} larger covers what remains of the gap."
            + (
                f" That is {plain(ask_options)} more options at today's spread."
                if ask_options
                else ""
            )
        )
    elif rest > 0:
        more = round_up(rest * YEARS)
        extra_sign_on += more
        reasoning.append(
            f"Sign-on: with no equity worth counting, what remains of the gap ({money(rest, ccy)} "
            f"a year) over four years is added to the sign-on: {money(more, ccy)}."
        )
    ask_sign_on = None
    if extra_sign_on:
        total_sign_on = offer.sign_on + extra_sign_on
        proposed = proposed.model_copy(update={"sign_on": total_sign_on})
        ask_sign_on = Figure(
            "sign-on",
            total_sign_on,
            ccy,
            f"offered sign_on {money(offer.sign_on, ccy)} + {money(extra_sign_on, ccy)}",
        )
    ask_base = None
    fallback_sign_on = fallback_equity = None
    if ask_base_value > base:
        diff = ask_base_value - base
        ask_base = Figure(
            "base",
            ask_base_value,
            ccy,
            f"base_salary {money(base, ccy)} + {money(raise_, ccy)}, rounded up to a thousand",
        )
        fallback_sign_on = Figure(
            "sign-on instead of base",
            diff,
            ccy,
            f"one year of the base increase {money(diff, ccy)}, paid once",
        )
        if has_equity:
            fallback_equity = Figure(
                "equity instead of base",
                round_up(exact(Fraction(diff) * YEARS / _four_year_share(offer))),
                ccy,
                f"the base increase {money(diff, ccy)} a year × 4 years as grant value",
            )
    proposed_comp = compute(proposed, name)
    reasoning.append(
        f"With every ask granted the offer is worth {proposed_comp.average.shown()} a year on "
        "average."
    )
    return Counter(
        name=name,
        offer=offer,
        currency=ccy,
        current=current,
        anchor=anchor,
        anchors=tuple(anchors),
        market=market,
        competing=competing,
        ask_total=Figure(
            "ask (yearly total)",
            round_up(anchor.value),
            ccy,
            f"{anchor.text}, rounded up to a thousand",
        ),
        ask_base=ask_base,
        ask_equity=ask_equity,
        ask_options=ask_options,
        ask_sign_on=ask_sign_on,
        proposed=proposed_comp,
        fallback_sign_on=fallback_sign_on,
        fallback_equity=fallback_equity,
        shortfall_to_walk_away=shortfall,
        reasoning=tuple(reasoning),
        trades=trades,
    )


def _trades(offer: Offer) -> tuple[str, ...]:
    """What the candidate can give or take instead of money (words only, no invented figures)."""
    out = [
        "If base cannot move, take the difference as sign-on or equity instead of dropping it.",
        "Ask whether the level can be reviewed: a higher level moves the whole band."
        if offer.level
        else "Ask which level the offer is at; a higher level moves the whole band.",
        "Ask for an early compensation review once you have shown results.",
    ]
    if offer.start_date:
        out.append(
            f"Offer flexibility on the start date ({offer.start_date.isoformat()}) in return "
            "for a better package."
        )
    if offer.sign_on_clawback_months:
        out.append("Ask for the sign-on claw-back to be shortened or pro-rated.")
    if offer.equity is not None:
        out.append("Ask for the refresher policy in writing, and for a front-loaded schedule.")
    return tuple(out)
