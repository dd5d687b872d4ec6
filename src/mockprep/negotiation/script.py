"""The words to say: a call script, an email and a checklist before signing, in three tones.

Every number in them is either something the user entered (an offer's figures, a market point,
a date) or a figure the maths derived (the counter-offer); ``Script.figures`` lists each one
the script relies on, and the text contains no placeholder. Counting words ("four years",
"year one") are written out so that every digit in a script is a traceable figure. Where the
user has no market data, the script says how to get it and what to ask instead of inventing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, get_args

from mockprep.errors import InputError
from mockprep.negotiation.compensation import Figure
from mockprep.negotiation.counter import Counter
from mockprep.negotiation.currency import money, percent, plain, price

Tone = Literal["warm", "neutral", "firm"]
TONES: tuple[str, ...] = get_args(Tone)


def check_tone(value: str) -> Tone:
    cleaned = value.strip().lower()
    if cleaned not in TONES:
        raise InputError(f"tone: no tone {value!r}", fix=f"Choose one of: {', '.join(TONES)}.")
    return cleaned  # type: ignore[return-value]


@dataclass(frozen=True)
class Section:
    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Script:
    name: str
    tone: Tone
    call: tuple[Section, ...]
    email_subject: str
    email_body: str
    checklist: tuple[str, ...]
    figures: tuple[tuple[str, str], ...]
    """(what it is, how it is written) for every number the script relies on."""

    def call_text(self) -> str:
        out = []
        for section in self.call:
            out.append(f"## {section.title}")
            out.extend(section.lines)
            out.append("")
        return "\n".join(out).strip()

    def email_text(self) -> str:
        return f"Subject: {self.email_subject}\n\n{self.email_body}"

    def checklist_text(self) -> str:
        return "\n".join(f"- [ ] {item}" for item in self.checklist)

    def text(self) -> str:
        return (
            f"# Call script\n\n{self.call_text()}\n\n# Email\n\n{self.email_text()}\n\n"
            f"# Before you sign\n\n{self.checklist_text()}"
        )


OPENING: dict[str, str] = {
    "warm": "Thank you so much for the offer to join {company} as {role}. I'm excited about the "
    "team and the work, and I'd love to find a package that lets me say yes with confidence.",
    "neutral": "Thank you for the offer for the {role} role at {company}. I've gone through it "
    "in detail and I'd like to discuss the compensation before I decide.",
    "firm": "Thank you for the offer for the {role} role at {company}. I'm interested, and one "
    "thing needs to be settled before I can accept: the compensation.",
}
ASK: dict[str, str] = {
    "warm": "Would you be able to {items}?",
    "neutral": "I'd like to ask you to {items}.",
    "firm": "To accept, I need you to {items}.",
}
BEST_OFFER: dict[str, str] = {
    "warm": "I appreciate you being open with me, and I understand there are limits.",
    "neutral": "Understood. Let's look at whether the parts can move even if the total can't.",
    "firm": "I understand that is your position. My numbers haven't changed, so let's look at "
    "the parts.",
}
BAND_FIXED: dict[str, str] = {
    "warm": "That makes sense, and thank you for explaining it.",
    "neutral": "Understood: if base is capped by the band, other parts can carry the difference.",
    "firm": "If the band fixes base, the difference has to come from somewhere else.",
}
DEADLINE: dict[str, str] = {
    "warm": "Thank you for telling me the timing; I want to respect it.",
    "neutral": "I understand the timing.",
    "firm": "I understand the timing, and I'll decide quickly once I have the final numbers.",
}
CLOSING: dict[str, str] = {
    "warm": "Thank you for working on this with me. If we can get there, I'm ready to accept "
    "and get started.",
    "neutral": "If we can agree on this, I'm ready to move forward. Could you send the revised "
    "offer in writing?",
    "firm": "If you can meet this, I will accept. Please send the revised offer in writing.",
}
SIGN_OFF: dict[str, str] = {"warm": "Warm regards,", "neutral": "Best regards,", "firm": "Regards,"}
HOW_TO_GET_DATA = (
    "You have no market data for this role yet, so the script asks for it instead of naming a "
    "number. Before the call: ask the recruiter for the salary band of this level and where "
    "the offer sits in it; collect published salary surveys and offers people in this role "
    "share, and add each figure with its source and date (mockprep negotiate market add, or "
    "the Offers page)."
)
ASK_FOR_BAND = (
    "Could you share the salary band for this level, and where this offer sits within it? "
    "That will help me compare it fairly."
)


class _Figures:
    """Collects every figure written into the script, so a test can trace each one."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def add(self, what: str, shown: str) -> str:
        if (what, shown) not in self.items:
            self.items.append((what, shown))
        return shown

    def fig(self, figure: Figure) -> str:
        return self.add(figure.label, figure.shown())


def _justification(c: Counter, f: _Figures) -> list[str]:
    lines = []
    ccy = c.currency
    for anchor in c.anchors:
        if anchor.kind == "competing" and anchor.value > c.current.average.value:
            name, value = max(c.competing, key=lambda x: x[1])
            lines.append(
                f"I also have an offer from {name}, which comes to "
                f"{f.add('competing offer average', money(value, ccy))} a year on average."
            )
        elif anchor.kind == "market":
            top = max(
                (m for m in c.market if m.point.component == "total"),
                key=lambda m: (m.value, m.point.percentile),
            )
            p = top.point
            f.add("market percentile", str(p.percentile))
            f.add("market value", money(p.value, p.currency))
            f.add("market date", p.as_of.isoformat())
            lines.append(
                f"For this role, {p.source} ({p.as_of.isoformat()}) puts the {p.percentile}th "
                f"percentile of total compensation at {money(p.value, p.currency)}."
            )
    if c.anchor is not None and c.anchor.kind == "target" and not lines:
        lines.append(
            "Based on my research and the experience I bring, I'm looking for "
            f"{f.add('target', money(c.anchor.value, ccy))} a year in total compensation."
        )
    return lines


def _ask_items(c: Counter, f: _Figures) -> list[str]:
    items = []
    if c.ask_base is not None:
        items.append(f"raise the base salary to {f.fig(c.ask_base)}")
    if c.ask_equity is not None:
        extra = f"increase the equity grant by {f.fig(c.ask_equity)}"
        if c.ask_options is not None:
            extra += f" ({f.add('more options', plain(c.ask_options))} more options)"
        items.append(extra)
    if c.ask_sign_on is not None:
        items.append(f"make the sign-on bonus {f.fig(c.ask_sign_on)}")
    return items


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def build_script(c: Counter, tone: Tone = "neutral") -> Script:
    """The call script, the email and the checklist for ``c``'s offer, in ``tone``."""
    tone = check_tone(tone)
    o = c.offer
    ccy = c.currency
    f = _Figures()
    opening = OPENING[tone].format(company=o.company, role=o.role)
    offered = (
        f"As offered, the package is worth {f.fig(c.current.average)} a year on average over "
        f"the first four years, with a base salary of "
        f"{f.add('base salary', money(o.base_salary, ccy))}."
    )
    asks = _ask_items(c, f)
    justification = _justification(c, f)
    notes: list[str] = []
    if c.has_ask:
        assert c.proposed is not None and c.ask_total is not None
        ask = [
            *justification,
            ASK[tone].format(items=_join(asks)),
            f"That brings the package to {f.fig(c.proposed.average)} a year on average.",
        ]
        expectations = (
            f"I'm looking for about {f.fig(c.ask_total)} "
            "a year in total compensation"
            + (", in line with what I've described." if justification else ".")
        )
    else:
        ask = [*justification, ASK_FOR_BAND]
        if not c.anchors:
            notes.append(HOW_TO_GET_DATA)
        else:
            ask.append(
                "The numbers are in line with what I expected; before I sign I'd like to talk "
                "about the terms around them."
            )
        expectations = (
            "I'd rather understand the band for this level first. " + ASK_FOR_BAND
            if not c.anchors
            else "I'd like to understand the band for this level first; within it, this offer "
            "is close to what I'm looking for."
        )
    if c.shortfall_to_walk_away is not None:
        notes.append(
            "Note for you, not to say: this offer is "
            f"{f.fig(c.shortfall_to_walk_away)} a year below your walk-away. If the company "
            "cannot close that, decline politely."
        )

    fallback = []
    if c.fallback_sign_on is not None:
        fallback.append(f"a one-off sign-on of {f.fig(c.fallback_sign_on)}")
    if c.fallback_equity is not None:
        fallback.append(f"an equity grant {f.fig(c.fallback_equity)} larger")
    fallback_line = (
        f"If base can't move, could we close the difference with {' or '.join(fallback)}?"
        if fallback
        else "Which parts of the offer can move: sign-on, equity, level or start date?"
    )
    if o.deadline is not None:
        when = f.add("deadline", o.deadline.isoformat())
        deadline_line = (
            f"My understanding is that you need my answer by {when}. I'll meet that once I "
            "have the revised numbers in writing."
        )
    else:
        deadline_line = (
            "Could we agree on a date that gives me time to finish my other conversations? "
            "I'll commit to an answer by then."
        )
    if c.competing:
        others = _join([name for name, _ in c.competing])
        deadline_line += f" I'm also weighing the offer from {others}, so a little time helps."
    best_lines = [BEST_OFFER[tone], fallback_line]
    if o.start_date is not None:
        best_lines.append(
            f"I'm also flexible on the start date ({f.add('start date', o.start_date.isoformat())}) "
            "if that helps on your side."
        )
    level_line = (
        f"Could the level ({o.level}) be reviewed? A higher level would move the band."
        if o.level
        else "Which level is this offer at, and could a higher level be considered?"
    )
    replies = (
        Section('If they say "this is our best offer"', tuple(best_lines)),
        Section(
            'If they say "the band is fixed"',
            (
                BAND_FIXED[tone],
                "What is the top of the band for this level?",
                fallback_line,
                level_line,
            ),
        ),
        Section('If they say "we need an answer by Friday"', (DEADLINE[tone], deadline_line)),
        Section('If they ask "what are your expectations?"', (expectations,)),
    )
    recap = f"To recap: {_join(asks)}." if asks else ""
    call = (
        Section(
            "Before the call",
            (*notes, "What you can trade, if money is stuck: " + " ".join(c.trades)),
        ),
        Section("Opening", (opening, offered)),
        Section("The ask", tuple(ask)),
        *replies,
        Section("Closing", tuple(x for x in (recap, CLOSING[tone]) if x)),
    )
    email_lines = ["Hello,", "", opening, "", offered]
    if c.has_ask:
        email_lines += ["", *ask]
    else:
        email_lines += ["", *ask]
    email_lines += ["", CLOSING[tone], "", SIGN_OFF[tone]]
    subject = f"{o.role} offer at {o.company}: compensation"
    return Script(
        name=c.name,
        tone=tone,
        call=call,
        email_subject=subject,
        email_body="\n".join(email_lines),
        checklist=tuple(checklist(c, f)),
        figures=tuple(f.items),
    )


def checklist(c: Counter, f: _Figures) -> list[str]:
    """What to check in the written offer before signing."""
    o = c.offer
    ccy = c.currency
    items = [
        f"Base salary of {f.add('base salary', money(o.base_salary, ccy))} a year, in {ccy}, "
        "stated in the written offer."
    ]
    if o.bonus_percent is not None:
        items.append(
            f"Target bonus of {f.add('bonus percent', percent(o.bonus_percent))} of base: ask "
            "how it is decided, when it is paid and what was paid out in recent years."
        )
    elif o.bonus_amount is not None:
        items.append(
            f"Target bonus of {f.add('bonus amount', money(o.bonus_amount, ccy))}: ask how it "
            "is decided and when it is paid."
        )
    if o.sign_on or o.sign_on_year2:
        line = f"Sign-on of {f.add('sign-on', money(o.sign_on, ccy))}"
        if o.sign_on_year2:
            line += f" plus {f.add('sign-on year two', money(o.sign_on_year2, ccy))} in year two"
        if o.sign_on_clawback_months:
            months = f.add("claw-back months", str(o.sign_on_clawback_months))
            line += f"; know what you would repay if you leave within {months} months"
        items.append(line + ".")
    e = o.equity
    if e is not None:
        schedule = e.vesting.describe()
        if e.kind == "rsu":
            grant = f.add("grant value", money(e.grant_total(), ccy))
            items.append(
                f"Equity grant worth {grant} vesting {schedule}: confirm the schedule, the cliff "
                "and the first vesting date in the grant agreement."
            )
        else:
            assert e.strike is not None and e.current_value is not None
            count = f.add("options", plain(e.shares or Decimal(0)))
            strike = f.add("strike", price(e.strike, ccy))
            value = f.add("current value", price(e.current_value, ccy))
            items.append(
                f"{count} options at a strike of {strike} (current value {value} a share), "
                f"vesting {schedule}: ask how long you have to exercise after leaving and how "
                "the current value was set."
            )
            if e.under_water:
                items.append(
                    "The options are under water (the strike is not below the current value): "
                    "they are counted as worth nothing today."
                )
        if e.refresher_value:
            items.append(
                f"Refreshers of {f.add('refresher', money(e.refresher_value, ccy))} a year are "
                "an expectation, not a promise: ask for the refresher policy in writing."
            )
    if o.retirement_match_percent is not None:
        items.append(
            f"Retirement match of {f.add('match', percent(o.retirement_match_percent))} of base: "
            "check the vesting of the match and what you must contribute to get it."
        )
    for b in o.benefits:
        items.append(
            f"{b.name}: you valued it at {f.add(b.name, money(b.yearly_value, ccy))} a year; "
            "check it is in the written offer."
        )
    if o.start_date is not None:
        items.append(f"Start date {f.add('start date', o.start_date.isoformat())} agreed.")
    if o.deadline is not None:
        items.append(f"Answer due by {f.add('deadline', o.deadline.isoformat())}.")
    if c.shortfall_to_walk_away is not None:
        items.append(
            f"This offer is {f.fig(c.shortfall_to_walk_away)} a year below your walk-away: do "
            "not sign unless that gap is closed."
        )
    if not c.market:
        items.append(
            "Market data: ask the recruiter for the band of this level and collect published "
            "surveys (with source and date) so your next decision rests on data."
        )
    items.append("Every change agreed on the call appears in a revised written offer.")
    return items
