"""``mockprep negotiate``: offers in, an honest comparison and a negotiation script out.

``new`` and ``edit`` work from flags or from a YAML/JSON file; ``compare``, ``show``,
``counter`` and ``script`` compute from what you entered; ``export`` writes your offers file
(YAML/JSON, read back by ``import``) or a Markdown report. ``profile``, ``market`` and ``rate``
hold your target, walk-away, market data and exchange rates.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from mockprep.cli.context import Context, open_context
from mockprep.errors import InputError
from mockprep.negotiation import portfolio
from mockprep.negotiation.compensation import Comparison, OfferComp
from mockprep.negotiation.counter import Counter
from mockprep.negotiation.currency import amount, money, plain
from mockprep.negotiation.markdown import report
from mockprep.negotiation.offer import parse_amount, parse_model, parse_offer
from mockprep.negotiation.offer_file import (
    SUFFIXES,
    dump_offers,
    merge_offer,
    offer_data,
    profile_data,
    read_offers_file,
    read_text,
)
from mockprep.negotiation.script import TONES, build_script, check_tone
from mockprep.negotiation.vesting import PRESETS
from mockprep.store.offers_repository import OfferRepository

negotiate_app = typer.Typer(
    help="Compare job offers from your own numbers and get a negotiation script.",
    no_args_is_help=True,
)
market_app = typer.Typer(help="Market data you collected (percentiles with source and date).")
negotiate_app.add_typer(market_app, name="market")
console = Console(highlight=False)

Opt = typer.Option
MoneyOpt = Annotated[str | None, Opt(help="An amount: 185000, 185,000 or 185k.")]


def _today() -> date:
    return datetime.now(UTC).date()


def _date(value: str | None, field: str) -> date | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError(
            f"{field}: {value!r} is not a date", fix="Write it as YYYY-MM-DD."
        ) from exc


def _amount(value: str | None, field: str) -> Decimal | None:
    return None if value is None else parse_amount(value, field)


def _vesting(vesting: str | None, period: str | None, cliff: int | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if vesting is not None:
        if vesting.strip().lower() in PRESETS:
            out["preset"] = vesting.strip().lower()
        else:
            parts = [p for p in vesting.replace("/", ",").split(",") if p.strip()]
            out["percentages"] = [parse_amount(p, "vesting") for p in parts]
    if period is not None:
        out["period"] = period
    if cliff is not None:
        out["cliff_months"] = cliff
    return out


def _benefits(items: list[str] | None) -> list[dict[str, Any]] | None:
    if items is None:
        return None
    out = []
    for item in items:
        name, sep, value = item.rpartition("=")
        if not sep or not name.strip():
            raise InputError(
                f"benefit: {item!r} is not NAME=VALUE", fix='Write e.g. --benefit "health=6000".'
            )
        out.append({"name": name.strip(), "yearly_value": parse_amount(value, "benefit")})
    return out


def _changes(flags: dict[str, Any]) -> dict[str, Any]:
    """The offer fields the flags set (None means "not given")."""
    money_fields = {
        "base": "base_salary",
        "bonus": "bonus_amount",
        "sign_on": "sign_on",
        "sign_on_year2": "sign_on_year2",
        "match_cap": "retirement_match_cap",
    }
    changes: dict[str, Any] = {}
    for flag, field in money_fields.items():
        if flags[flag] is not None:
            changes[field] = parse_amount(flags[flag], field)
    for flag, field in (
        ("bonus_percent", "bonus_percent"),
        ("match_percent", "retirement_match_percent"),
    ):
        if flags[flag] is not None:
            changes[field] = parse_amount(flags[flag], field)
    for field in ("company", "role", "level", "location", "currency", "notes"):
        if flags[field] is not None:
            changes[field] = flags[field]
    if flags["clawback_months"] is not None:
        changes["sign_on_clawback_months"] = flags["clawback_months"]
    for flag, field in (("start", "start_date"), ("deadline", "deadline")):
        if flags[flag] is not None:
            changes[field] = _date(flags[flag], field)
    benefits = _benefits(flags["benefit"])
    if benefits is not None:
        changes["benefits"] = benefits
    equity: dict[str, Any] = {}
    for flag, field in (
        ("grant_value", "grant_value"),
        ("shares", "shares"),
        ("share_price", "share_price"),
        ("strike", "strike"),
        ("current_value", "current_value"),
        ("refresher", "refresher_value"),
    ):
        if flags[flag] is not None:
            equity[field] = parse_amount(flags[flag], f"equity.{field}")
    vesting = _vesting(flags["vesting"], flags["vest_period"], flags["cliff_months"])
    if vesting:
        equity["vesting"] = vesting
    kind = flags["equity"]
    if kind == "none":
        changes["equity"] = None
    elif kind is not None or equity:
        if kind is not None:
            equity["kind"] = kind
        changes["equity"] = equity
    for field in flags["clear"] or []:
        changes[field.strip().replace("-", "_")] = None
    return changes


def _ctx_offers(ctx: Context) -> tuple[list[portfolio.SavedOffer], Any]:
    with ctx.db.read() as s:
        repo = OfferRepository(s)
        return portfolio.saved_offers(repo, ctx.user_id), portfolio.load_profile(repo, ctx.user_id)


def _print_offer(comp: OfferComp, offer_id: int | None = None) -> None:
    o = comp.offer
    head = f"{comp.name}: {o.role}" + (f", {o.level}" if o.level else "")
    if o.location:
        head += f" · {o.location}"
    if offer_id is not None:
        head = f"[{offer_id}] " + head
    table = Table(title=escape(head), title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("year", justify="right")
    table.add_column("part")
    table.add_column("amount", justify="right", no_wrap=True)
    table.add_column("from", overflow="fold")
    for y in comp.years:
        for p in y.parts:
            table.add_row(str(y.year), p.label, p.shown(), escape(p.basis))
        table.add_row(
            str(y.year), "[bold]total[/]", f"[bold]{y.total.shown()}[/]", "", end_section=True
        )
    console.print(table)
    console.print(f"Yearly average {comp.average.shown()} ({comp.average.basis}).")
    for note in comp.notes:
        console.print(note, style="yellow")


def new(
    file: Annotated[
        Path | None, Opt("--file", "-f", help="Read the offer (or an offers file) from YAML/JSON.")
    ] = None,
    company: Annotated[str | None, Opt(help="The company.")] = None,
    role: Annotated[str | None, Opt(help="The role's title.")] = None,
    level: Annotated[str | None, Opt(help="Level, e.g. L5 or Senior.")] = None,
    location: Annotated[str | None, Opt(help="City or remote.")] = None,
    currency: Annotated[str | None, Opt(help="ISO 4217 code, e.g. USD.")] = None,
    base: MoneyOpt = None,
    bonus_percent: Annotated[str | None, Opt(help="Target bonus, % of base.")] = None,
    bonus: Annotated[str | None, Opt(help="Target bonus as a yearly amount.")] = None,
    sign_on: Annotated[str | None, Opt(help="Sign-on bonus paid in year one.")] = None,
    sign_on_year2: Annotated[str | None, Opt(help="Sign-on paid in year two.")] = None,
    clawback_months: Annotated[
        int | None, Opt(help="Months you must stay or repay the sign-on.")
    ] = None,
    equity: Annotated[str | None, Opt(help="rsu, options or none.")] = None,
    grant_value: Annotated[str | None, Opt(help="RSUs: total grant value.")] = None,
    shares: Annotated[str | None, Opt(help="RSU shares or option count.")] = None,
    share_price: Annotated[str | None, Opt(help="RSUs: value of one share.")] = None,
    strike: Annotated[str | None, Opt(help="Options: strike price per share.")] = None,
    current_value: Annotated[str | None, Opt(help="Options: current value per share.")] = None,
    vesting: Annotated[
        str | None, Opt(help=f"Preset ({', '.join(PRESETS)}) or yearly %, e.g. 10,20,30,40.")
    ] = None,
    vest_period: Annotated[str | None, Opt(help="monthly, quarterly or yearly.")] = None,
    cliff_months: Annotated[int | None, Opt(help="Nothing vests before this month.")] = None,
    refresher: Annotated[str | None, Opt(help="Expected refresher grant value each year.")] = None,
    match_percent: Annotated[str | None, Opt(help="Retirement match, % of base.")] = None,
    match_cap: Annotated[str | None, Opt(help="Most the match pays in a year.")] = None,
    benefit: Annotated[
        list[str] | None, Opt(help='Another benefit: "NAME=YEARLY VALUE" (repeat).')
    ] = None,
    start: Annotated[str | None, Opt(help="Start date, YYYY-MM-DD.")] = None,
    deadline: Annotated[str | None, Opt(help="Answer due, YYYY-MM-DD.")] = None,
    notes: Annotated[str | None, Opt(help="Anything else to remember.")] = None,
    as_json: Annotated[bool, Opt("--json", help="Print the saved offer as JSON.")] = False,
) -> None:
    """Save a new offer (from flags, or from a file with --file; flags override the file)."""
    changes = _changes(dict(locals()) | {"clear": None})
    offers = []
    if file is not None:
        content = read_offers_file(file)
        offers = (
            [merge_offer(o, changes) for o in content.offers] if changes else list(content.offers)
        )
    else:
        offers = [parse_offer(changes)]
    with open_context() as ctx, ctx.db.write() as s:
        repo = OfferRepository(s)
        saved = [portfolio.add_offer(repo, ctx.user_id, o, today=_today()) for o in offers]
    if as_json:
        print(json.dumps([{"id": x.id, **offer_data(x.offer)} for x in saved], indent=2))
        return
    for x in saved:
        console.print(f"Saved offer {x.id} ({escape(x.name)}).")
    console.print(
        "Compare with `mockprep negotiate compare`; get a script with "
        f"`mockprep negotiate script {saved[-1].id}`."
    )


def edit(
    ref: Annotated[str, typer.Argument(help="Offer id or company.")],
    file: Annotated[
        Path | None, Opt("--file", "-f", help="Fields to change, as YAML/JSON.")
    ] = None,
    company: Annotated[str | None, Opt()] = None,
    role: Annotated[str | None, Opt()] = None,
    level: Annotated[str | None, Opt()] = None,
    location: Annotated[str | None, Opt()] = None,
    currency: Annotated[str | None, Opt()] = None,
    base: MoneyOpt = None,
    bonus_percent: Annotated[str | None, Opt()] = None,
    bonus: Annotated[str | None, Opt()] = None,
    sign_on: Annotated[str | None, Opt()] = None,
    sign_on_year2: Annotated[str | None, Opt()] = None,
    clawback_months: Annotated[int | None, Opt()] = None,
    equity: Annotated[str | None, Opt(help="rsu, options or none.")] = None,
    grant_value: Annotated[str | None, Opt()] = None,
    shares: Annotated[str | None, Opt()] = None,
    share_price: Annotated[str | None, Opt()] = None,
    strike: Annotated[str | None, Opt()] = None,
    current_value: Annotated[str | None, Opt()] = None,
    vesting: Annotated[str | None, Opt(help=f"Preset ({', '.join(PRESETS)}) or yearly %.")] = None,
    vest_period: Annotated[str | None, Opt()] = None,
    cliff_months: Annotated[int | None, Opt()] = None,
    refresher: Annotated[str | None, Opt()] = None,
    match_percent: Annotated[str | None, Opt()] = None,
    match_cap: Annotated[str | None, Opt()] = None,
    benefit: Annotated[
        list[str] | None, Opt(help='"NAME=VALUE" (repeat; replaces the list).')
    ] = None,
    start: Annotated[str | None, Opt()] = None,
    deadline: Annotated[str | None, Opt()] = None,
    notes: Annotated[str | None, Opt()] = None,
    clear: Annotated[
        list[str] | None, Opt(help="Remove a field, e.g. --clear deadline (repeat).")
    ] = None,
) -> None:
    """Change an offer: only the fields you give change (flags, or --file with some fields)."""
    flags = dict(locals())
    changes: dict[str, Any] = {}
    if file is not None:
        data = json.loads(json.dumps(_file_mapping(file), default=str))
        changes.update(data)
    changes.update(_changes(flags))
    if not changes:
        raise InputError("nothing to change", fix="Give a flag such as --base 190000, or --file.")
    with open_context() as ctx, ctx.db.write() as s:
        repo = OfferRepository(s)
        current = portfolio.find(portfolio.saved_offers(repo, ctx.user_id), ref)
        updated = merge_offer(current.offer, changes)
        saved = portfolio.replace_offer(repo, ctx.user_id, current.id, updated, today=_today())
    console.print(f"Updated offer {saved.id} ({escape(saved.name)}).")


def _file_mapping(path: Path) -> dict[str, Any]:
    from mockprep.negotiation.offer_file import load_text

    data = load_text(read_text(path), path.name)
    if not isinstance(data, dict):
        raise InputError(f"{path.name} holds no fields", fix="Write a mapping of offer fields.")
    return data


def list_offers(as_json: Annotated[bool, Opt("--json")] = False) -> None:
    """Your offers, with the yearly average of each."""
    from mockprep.negotiation.compensation import compute

    with open_context() as ctx:
        offers, _ = _ctx_offers(ctx)
    rows = [(s, compute(s.offer, s.name)) for s in offers]
    if as_json:
        print(
            json.dumps(
                [
                    {
                        "id": s.id,
                        "name": s.name,
                        "company": s.offer.company,
                        "role": s.offer.role,
                        "currency": s.offer.currency,
                        "yearly_average": str(c.average.value),
                    }
                    for s, c in rows
                ],
                indent=2,
            )
        )
        return
    if not rows:
        console.print("No offers yet: add one with `mockprep negotiate new --company … --base …`.")
        return
    table = Table(
        "id", "company", "role", "level", "yearly average", "deadline", box=box.SIMPLE_HEAD
    )
    for s, c in rows:
        o = s.offer
        table.add_row(
            str(s.id),
            escape(s.name),
            escape(o.role),
            escape(o.level),
            c.average.shown(),
            o.deadline.isoformat() if o.deadline else "",
        )
    console.print(table)


def show(
    ref: Annotated[str, typer.Argument(help="Offer id or company.")],
    as_json: Annotated[bool, Opt("--json")] = False,
) -> None:
    """One offer year by year, each figure with the inputs that made it."""
    from mockprep.negotiation.compensation import compute

    with open_context() as ctx:
        offers, _ = _ctx_offers(ctx)
    saved = portfolio.find(offers, ref)
    comp = compute(saved.offer, saved.name)
    if as_json:
        print(json.dumps({"id": saved.id, **comp_json(comp)}, indent=2, ensure_ascii=False))
        return
    _print_offer(comp, saved.id)


def comp_json(comp: OfferComp) -> dict[str, Any]:
    def fig(f: Any) -> dict[str, str]:
        return {"label": f.label, "value": str(f.value), "currency": f.currency, "basis": f.basis}

    return {
        "name": comp.name,
        "currency": comp.currency,
        "years": [
            {"year": y.year, "parts": [fig(p) for p in y.parts], "total": fig(y.total)}
            for y in comp.years
        ],
        "four_year_total": fig(comp.four_year_total),
        "average": fig(comp.average),
        "notes": list(comp.notes),
    }


def comparison_json(c: Comparison) -> dict[str, Any]:
    return {
        "currency": c.currency,
        "best": c.best,
        "offers": [
            {
                **comp_json(o),
                "gaps": {
                    g.label: {
                        "reference": str(g.reference),
                        "gap": str(g.gap.value),
                        "basis": g.gap.basis,
                    }
                    for g in c.gaps.get(o.name, ())
                },
            }
            for o in c.offers
        ],
        "notes": list(c.notes),
    }


def compare_cmd(as_json: Annotated[bool, Opt("--json")] = False) -> None:
    """Every offer side by side in one currency, with the gaps to your target and walk-away."""
    with open_context() as ctx:
        offers, profile = _ctx_offers(ctx)
    result = portfolio.comparison(offers, profile)
    if as_json:
        print(json.dumps(comparison_json(result), indent=2, ensure_ascii=False))
        return
    if not offers:
        console.print("No offers yet: add one with `mockprep negotiate new`.")
        return
    ccy = result.currency
    table = Table(
        title=f"Total compensation ({ccy})",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    table.add_column("")
    for comp in result.offers:
        table.add_column(escape(comp.name), justify="right", no_wrap=True)
    for i in range(len(result.offers[0].years)):
        table.add_row(f"year {i + 1}", *(amount(c.year_totals()[i]) for c in result.offers))
    table.add_row("four-year total", *(amount(c.four_year_total.value) for c in result.offers))
    table.add_row(
        "[bold]yearly average[/]", *(f"[bold]{amount(c.average.value)}[/]" for c in result.offers)
    )
    for label in ("target", "walk-away"):
        cells = []
        for comp in result.offers:
            gap = next((g for g in result.gaps.get(comp.name, ()) if g.label == label), None)
            if gap is None:
                cells.append("–")
            else:
                v = gap.gap.value
                style = "green" if v >= 0 else "red"
                cells.append(f"[{style}]{'+' if v >= 0 else '−'}{amount(abs(v))}[/]")
        table.add_row(f"vs {label}", *cells)
    console.print(table)
    if result.best and len(result.offers) > 1:
        console.print(f"Highest yearly average: {escape(result.best)}.")
    for comp in result.offers:
        for note in comp.notes:
            console.print(f"{escape(comp.name)}: {escape(note)}", style="yellow")
    for note in result.notes:
        console.print(note, style="dim")
    console.print("Each figure's sources: `mockprep negotiate show ID`.", style="dim")


def _counter(ctx: Context, ref: str) -> Counter:
    offers, profile = _ctx_offers(ctx)
    return portfolio.counter_for(portfolio.find(offers, ref), offers, profile)


def counter(ref: Annotated[str, typer.Argument(help="Offer id or company.")]) -> None:
    """The recommended counter-offer for one offer, with its reasoning."""
    with open_context() as ctx:
        c = _counter(ctx, ref)
    console.print(f"[bold]Counter-offer for {escape(c.name)}[/]")
    for line in c.reasoning:
        console.print(f"• {escape(line)}")
    console.print("[bold]What to trade[/]")
    for line in c.trades:
        console.print(f"• {escape(line)}")


def script(
    ref: Annotated[str, typer.Argument(help="Offer id or company.")],
    tone: Annotated[str, Opt(help=f"{', '.join(TONES)}.")] = "neutral",
    part: Annotated[str, Opt(help="call, email, checklist or all.")] = "all",
) -> None:
    """The call script, the email and the checklist before signing, from your own numbers."""
    chosen = check_tone(tone)
    parts = {"all", "call", "email", "checklist"}
    if part not in parts:
        raise InputError(
            f"part: no part {part!r}", fix=f"Choose one of: {', '.join(sorted(parts))}."
        )
    with open_context() as ctx:
        c = _counter(ctx, ref)
    result = build_script(c, chosen)
    text = {
        "all": result.text(),
        "call": result.call_text(),
        "email": result.email_text(),
        "checklist": result.checklist_text(),
    }[part]
    print(text)


def _fmt(out: Path | None, fmt: str | None) -> str:
    if fmt is not None:
        if fmt not in ("yaml", "json", "md"):
            raise InputError(f"format: no format {fmt!r}", fix="Use yaml, json or md.")
        return fmt
    if out is None:
        return "yaml"
    suffix = out.suffix.lower()
    if suffix == ".md":
        return "md"
    if suffix in SUFFIXES:
        return "json" if suffix == ".json" else "yaml"
    raise InputError(
        f"cannot tell the format of {out.name}",
        fix="End the name in .yaml, .json or .md, or pass --format.",
    )


def export(
    out: Annotated[
        Path | None,
        Opt("--out", "-o", help="Write here (.yaml, .json or .md); default: print YAML."),
    ] = None,
    fmt: Annotated[str | None, Opt("--format", help="yaml, json or md.")] = None,
    tone: Annotated[str, Opt(help="Tone of the scripts in a Markdown report.")] = "neutral",
) -> None:
    """Your offers and profile as a file you keep (YAML/JSON, read back by `import`), or a
    Markdown report with the comparison, counter-offers and scripts."""
    kind = _fmt(out, fmt)
    chosen = check_tone(tone)
    with open_context() as ctx:
        offers, profile = _ctx_offers(ctx)
    if kind == "md":
        comparison = portfolio.comparison(offers, profile)
        counters = []
        for s in offers:
            c = portfolio.counter_for(s, offers, profile)
            counters.append((c, build_script(c, chosen)))
        text = report(profile, comparison, counters)
    else:
        text = dump_offers([s.offer for s in offers], profile, fmt=kind)
    if out is None:
        print(text, end="")
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(
            f"cannot write {out} ({exc})", fix="Choose a writable --out path."
        ) from exc
    console.print(f"Wrote {len(offers)} offer(s) to {out}.")


def import_cmd(
    file: Annotated[Path, typer.Argument(help="An offers file (YAML/JSON) from `export`.")],
    replace: Annotated[
        bool, Opt("--replace", help="Replace your offers and profile instead of adding.")
    ] = False,
) -> None:
    """Read an offers file back: every offer is checked first; nothing is saved if one is bad."""
    content = read_offers_file(file)
    with open_context() as ctx, ctx.db.write() as s:
        added, profile = portfolio.import_file(
            OfferRepository(s), ctx.user_id, content, replace=replace
        )
    what = "replaced your offers with" if replace else "added"
    console.print(
        f"Imported {file.name}: {what} {added} offer(s)"
        + (
            "; profile saved."
            if profile
            else "; your existing profile was kept."
            if content.profile
            else "."
        )
    )


def delete(ref: Annotated[str, typer.Argument(help="Offer id or company.")]) -> None:
    """Delete one offer (export first if you may want it back)."""
    with open_context() as ctx, ctx.db.write() as s:
        repo = OfferRepository(s)
        saved = portfolio.find(portfolio.saved_offers(repo, ctx.user_id), ref)
        repo.delete(ctx.user_id, saved.id)
    console.print(f"Deleted offer {saved.id} ({escape(saved.name)}).")


def _print_profile(p: Any) -> None:
    ccy = p.currency or ""
    console.print(f"Currency: {p.currency or 'not set'}")
    console.print(
        "Target: " + (money(p.target_total, ccy) if p.target_total is not None else "not set")
    )
    console.print(
        "Walk-away: "
        + (money(p.walk_away_total, ccy) if p.walk_away_total is not None else "not set")
    )
    for r in p.rates:
        console.print(
            f"Rate: 1 {r.from_currency} = {plain(r.rate)} {r.to_currency}"
            + (f" ({escape(r.source)})" if r.source else "")
        )
    for text in p.leverage:
        console.print(f"Leverage: {escape(text)}")
    console.print(f"Market data points: {len(p.market)} (see `mockprep negotiate market list`).")


def profile(
    currency: Annotated[
        str | None, Opt(help="Currency of target, walk-away and comparisons.")
    ] = None,
    target: Annotated[str | None, Opt(help="The yearly total compensation you aim for.")] = None,
    walk_away: Annotated[str | None, Opt(help="Below this yearly total you decline.")] = None,
    leverage: Annotated[
        list[str] | None, Opt(help="Other leverage in your words (repeat; replaces).")
    ] = None,
    clear: Annotated[
        list[str] | None, Opt(help="Remove target, walk-away, currency or leverage.")
    ] = None,
) -> None:
    """Show or set your negotiation numbers."""
    changes: dict[str, Any] = {}
    if currency is not None:
        changes["currency"] = currency
    if target is not None:
        changes["target_total"] = parse_amount(target, "target_total")
    if walk_away is not None:
        changes["walk_away_total"] = parse_amount(walk_away, "walk_away_total")
    if leverage is not None:
        changes["leverage"] = leverage
    names = {
        "target": "target_total",
        "walk-away": "walk_away_total",
        "currency": "currency",
        "leverage": "leverage",
    }
    for item in clear or []:
        if item not in names:
            raise InputError(f"clear: no field {item!r}", fix=f"Choose from {', '.join(names)}.")
        changes[names[item]] = None
    with open_context() as ctx, ctx.db.write() as s:
        repo = OfferRepository(s)
        p = (
            portfolio.update_profile(repo, ctx.user_id, changes)
            if changes
            else portfolio.load_profile(repo, ctx.user_id)
        )
    _print_profile(p)


def rate(
    source: Annotated[str, typer.Argument(help="From currency, e.g. EUR.")],
    target: Annotated[str, typer.Argument(help="To currency, e.g. USD.")],
    value: Annotated[str | None, typer.Argument(help="1 FROM = VALUE TO.")] = None,
    where: Annotated[str, Opt("--source", help="Where the rate comes from.")] = "",
    as_of: Annotated[str | None, Opt("--date", help="Date of the rate, YYYY-MM-DD.")] = None,
    remove: Annotated[bool, Opt("--remove", help="Remove that rate.")] = False,
) -> None:
    """Set (or --remove) your own exchange rate; offers in other currencies need one to compare."""
    from mockprep.negotiation.offer import ExchangeRate

    with open_context() as ctx, ctx.db.write() as s:
        repo = OfferRepository(s)
        p = portfolio.load_profile(repo, ctx.user_id)
        key = (source.strip().upper(), target.strip().upper())
        kept = [r for r in p.rates if (r.from_currency, r.to_currency) != key]
        if not remove:
            if value is None:
                raise InputError(
                    "no rate given",
                    fix=f"Write e.g. `mockprep negotiate rate {key[0]} {key[1]} 1.08`.",
                )
            new_rate = parse_model(
                ExchangeRate,
                {
                    "from_currency": source,
                    "to_currency": target,
                    "rate": parse_amount(value, "rate"),
                    "source": where,
                    "as_of": _date(as_of, "as_of"),
                },
                what="exchange rate",
            )
            kept.append(new_rate)
        elif len(kept) == len(p.rates):
            raise InputError(
                f"no rate from {key[0]} to {key[1]}",
                fix="See them with `mockprep negotiate profile`.",
            )
        portfolio.save_profile(repo, ctx.user_id, p.model_copy(update={"rates": tuple(kept)}))
    console.print(
        f"Removed the {key[0]}→{key[1]} rate."
        if remove
        else f"Saved: 1 {key[0]} = {value} {key[1]}."
    )


@market_app.command("add")
def market_add(
    role: Annotated[str, Opt(help="The role the figure is for.")],
    percentile: Annotated[int, Opt(help="e.g. 50 for the median.")],
    value: Annotated[str, Opt(help="The figure (yearly).")],
    currency: Annotated[str, Opt(help="ISO 4217 code.")],
    source: Annotated[str, Opt(help="Where it comes from: a survey, a site, a person.")],
    as_of: Annotated[str, Opt("--date", help="When the source gave it, YYYY-MM-DD.")],
    component: Annotated[str, Opt(help="total (yearly total compensation) or base.")] = "total",
    level: Annotated[str, Opt()] = "",
    location: Annotated[str, Opt()] = "",
) -> None:
    """Add a market data point you collected (it is never made up for you)."""
    from mockprep.negotiation.offer import MarketPoint

    point = parse_model(
        MarketPoint,
        {
            "role": role,
            "percentile": percentile,
            "value": parse_amount(value, "value"),
            "currency": currency,
            "source": source,
            "as_of": _date(as_of, "as_of"),
            "component": component,
            "level": level,
            "location": location,
        },
        what="market data point",
    )
    with open_context() as ctx, ctx.db.write() as s:
        repo = OfferRepository(s)
        p = portfolio.load_profile(repo, ctx.user_id)
        portfolio.save_profile(
            repo, ctx.user_id, p.model_copy(update={"market": (*p.market, point)})
        )
    console.print(
        f"Added point {len(p.market) + 1}: {point.percentile}th percentile "
        f"{money(point.value, point.currency)} ({escape(point.source)}, {point.as_of})."
    )


@market_app.command("list")
def market_list(as_json: Annotated[bool, Opt("--json")] = False) -> None:
    """Your market data points, numbered."""
    with open_context() as ctx:
        _, p = _ctx_offers(ctx)
    if as_json:
        print(json.dumps(profile_data(p).get("market", []), indent=2))
        return
    if not p.market:
        console.print(
            "No market data yet. Ask recruiters for the band; collect published surveys; "
            "add each with `mockprep negotiate market add`."
        )
        return
    table = Table(
        "#",
        "role",
        "level",
        "location",
        "component",
        "pct",
        "value",
        "source",
        "date",
        box=box.SIMPLE_HEAD,
    )
    for i, m in enumerate(p.market, start=1):
        table.add_row(
            str(i),
            escape(m.role),
            escape(m.level),
            escape(m.location),
            m.component,
            str(m.percentile),
            money(m.value, m.currency),
            escape(m.source),
            m.as_of.isoformat(),
        )
    console.print(table)


@market_app.command("remove")
def market_remove(
    number: Annotated[int, typer.Argument(help="The point's number in `market list`.")],
) -> None:
    """Remove one market data point."""
    with open_context() as ctx, ctx.db.write() as s:
        repo = OfferRepository(s)
        p = portfolio.load_profile(repo, ctx.user_id)
        if not 1 <= number <= len(p.market):
            raise InputError(
                f"no market point {number}",
                fix="See the numbers with `mockprep negotiate market list`.",
            )
        kept = p.market[: number - 1] + p.market[number:]
        portfolio.save_profile(repo, ctx.user_id, p.model_copy(update={"market": kept}))
    console.print(f"Removed market point {number}.")


negotiate_app.command("new")(new)
negotiate_app.command("edit")(edit)
negotiate_app.command("list")(list_offers)
negotiate_app.command("show")(show)
negotiate_app.command("compare")(compare_cmd)
negotiate_app.command("counter")(counter)
negotiate_app.command("script")(script)
negotiate_app.command("export")(export)
negotiate_app.command("import")(import_cmd)
negotiate_app.command("delete")(delete)
negotiate_app.command("profile")(profile)
negotiate_app.command("rate")(rate)


def register(app: typer.Typer) -> None:
    """Add ``negotiate`` and its subcommands to the app."""
    app.add_typer(negotiate_app, name="negotiate")
