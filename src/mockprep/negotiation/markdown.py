"""The Markdown report: profile, comparison, each offer year by year with sources, counters and
scripts. Everything in it comes from the same functions the CLI and the web page use."""

from __future__ import annotations

from collections.abc import Sequence

from mockprep.negotiation.compensation import Comparison, OfferComp
from mockprep.negotiation.counter import Counter
from mockprep.negotiation.currency import money, plain
from mockprep.negotiation.offer import Profile
from mockprep.negotiation.script import Script


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _profile(profile: Profile) -> list[str]:
    out = ["## Your numbers", ""]
    ccy = profile.currency or ""
    out.append(
        f"- Target: {money(profile.target_total, ccy) if profile.target_total is not None else 'not set'}"
    )
    out.append(
        "- Walk-away: "
        + (
            money(profile.walk_away_total, ccy)
            if profile.walk_away_total is not None
            else "not set"
        )
    )
    for r in profile.rates:
        extra = ", ".join(x for x in (r.source, r.as_of.isoformat() if r.as_of else "") if x)
        out.append(
            f"- Exchange rate: 1 {r.from_currency} = {plain(r.rate)} {r.to_currency}"
            + (f" ({extra})" if extra else "")
        )
    for text in profile.leverage:
        out.append(f"- Leverage: {text}")
    out += ["", "### Market data", ""]
    if profile.market:
        out += ["| role | level | location | component | percentile | value | source | date |"]
        out += ["|---|---|---|---|---|---|---|---|"]
        for p in profile.market:
            out.append(
                f"| {_cell(p.role)} | {_cell(p.level)} | {_cell(p.location)} | {p.component} | "
                f"{p.percentile} | {money(p.value, p.currency)} | {_cell(p.source)} | "
                f"{p.as_of.isoformat()} |"
            )
    else:
        out.append(
            "None yet. Ask recruiters for the band of the level, and collect published surveys "
            "with their source and date."
        )
    return [*out, ""]


def _comparison(comparison: Comparison) -> list[str]:
    ccy = comparison.currency
    out = [f"## Comparison ({ccy})", ""]
    out.append(
        "| offer | year 1 | year 2 | year 3 | year 4 | four-year total | yearly average | vs target | vs walk-away |"
    )
    out.append("|---|---|---|---|---|---|---|---|---|")
    for c in comparison.offers:
        gaps = {g.label: g.gap.shown() for g in comparison.gaps.get(c.name, ())}
        out.append(
            f"| {_cell(c.name)} | "
            + " | ".join(money(v, ccy) for v in c.year_totals())
            + f" | {c.four_year_total.shown()} | {c.average.shown()} | "
            f"{gaps.get('target', '–')} | {gaps.get('walk-away', '–')} |"
        )
    out += [""] + [f"- {n}" for n in comparison.notes]
    return [*out, ""]


def _offer(comp: OfferComp) -> list[str]:
    o = comp.offer
    out = [f"### {comp.name}: {o.role}" + (f", {o.level}" if o.level else ""), ""]
    if o.location:
        out.append(f"Location: {o.location}. ")
    out += ["| year | part | amount | from |", "|---|---|---|---|"]
    for y in comp.years:
        for p in y.parts:
            out.append(f"| {y.year} | {p.label} | {p.shown()} | {_cell(p.basis)} |")
        out.append(f"| {y.year} | **total** | **{y.total.shown()}** | {_cell(y.total.basis)} |")
    out += ["", f"Yearly average: {comp.average.shown()} ({comp.average.basis})."]
    out += [f"- {n}" for n in comp.notes]
    return [*out, ""]


def _counter(c: Counter, script: Script | None) -> list[str]:
    out = [f"### Counter-offer for {c.name}", ""]
    out += [f"- {r}" for r in c.reasoning]
    out += ["", "What to trade:", ""] + [f"- {t}" for t in c.trades]
    if script is not None:
        out += ["", f"#### Script ({script.tone})", "", script.text().replace("# ", "##### ")]
    return [*out, ""]


def report(
    profile: Profile,
    comparison: Comparison,
    counters: Sequence[tuple[Counter, Script | None]],
) -> str:
    """The whole report as Markdown."""
    lines = ["# Offers and negotiation", ""]
    lines += _profile(profile)
    lines += _comparison(comparison)
    if comparison.offers:
        lines += ["## Offers year by year", ""]
        for comp in comparison.offers:
            lines += _offer(comp)
    if counters:
        lines += ["## Counter-offers and scripts", ""]
        for counter, script in counters:
            lines += _counter(counter, script)
    return "\n".join(lines).rstrip() + "\n"
