"""The offer and the negotiation profile, as validated pydantic models.

Money is ``Decimal`` (never float). Every problem is reported at once, each naming its field
(``equity.vesting.percentages: they add up to 95, not 100``), by ``parse_offer`` and
``parse_profile``, which turn pydantic's errors into one ``InputError``.

A deadline in the past is refused when an offer is entered or its deadline changed
(``check_deadline``), not when a saved offer is read back: an offer kept after its deadline
stays readable.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from mockprep.errors import InputError
from mockprep.negotiation.currency import normalise_currency
from mockprep.negotiation.vesting import Vesting

MAX_MONEY = Decimal("1000000000000")
"""A trillion: far above any pay package, low enough to refuse a typo of many zeros."""


def _loose(value: Any) -> Any:
    """Numbers written as people write them: ``185,000``, ``185_000``, ``185k``."""
    if isinstance(value, str):
        cleaned = value.strip().replace(",", "").replace("_", "").replace(" ", "")
        if cleaned[-1:].lower() == "k" and cleaned[:-1]:
            try:
                return Decimal(cleaned[:-1]) * 1000
            except InvalidOperation:
                return value
        return cleaned
    return value


def _money(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError("must be a number")
    if value < 0:
        raise ValueError(f"must not be negative (you gave {value}); enter 0 or a positive amount")
    if value > MAX_MONEY:
        raise ValueError(f"{value} is implausibly large; check the number of zeros")
    return value


def _percent(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError("must be a number")
    if value < 0:
        raise ValueError(f"must not be negative (you gave {value})")
    if value > 1000:
        raise ValueError(f"{value}% is implausibly large; give a percentage such as 15")
    return value


def _text(value: str) -> str:
    if "\x00" in value:
        raise ValueError("contains a NUL character")
    return value.strip()


Money = Annotated[Decimal, BeforeValidator(_loose), AfterValidator(_money)]
Percent = Annotated[Decimal, BeforeValidator(_loose), AfterValidator(_percent)]
Currency = Annotated[str, AfterValidator(normalise_currency)]
Name = Annotated[str, Field(min_length=1, max_length=120), AfterValidator(_text)]
Label = Annotated[str, Field(max_length=120), AfterValidator(_text)]
Note = Annotated[str, Field(max_length=2000), AfterValidator(_text)]

_FROZEN = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Benefit(BaseModel):
    """Another benefit, with the yearly money value the user puts on it."""

    model_config = _FROZEN

    name: Name
    yearly_value: Money


class Equity(BaseModel):
    """RSUs (a grant value, or a share count and price) or options (count, strike, value)."""

    model_config = _FROZEN

    kind: Literal["rsu", "options"] = "rsu"
    grant_value: Money | None = Field(default=None, description="RSUs: the grant's total value.")
    shares: Money | None = Field(default=None, description="RSU shares or option count.")
    share_price: Money | None = Field(default=None, description="RSUs: value of one share.")
    strike: Money | None = Field(default=None, description="Options: exercise price per share.")
    current_value: Money | None = Field(
        default=None, description="Options: what one share is worth now."
    )
    vesting: Vesting
    refresher_value: Money = Field(
        default=Decimal(0),
        description="Expected refresher grant value each year (granted at each anniversary, "
        "vesting on the same schedule).",
    )

    @model_validator(mode="after")
    def _complete(self) -> Equity:
        if self.kind == "rsu":
            by_count = self.shares is not None or self.share_price is not None
            if self.grant_value is not None and by_count:
                raise ValueError(
                    "grant_value: give the RSU grant value OR shares with share_price, not both"
                )
            if self.grant_value is None and (self.shares is None or self.share_price is None):
                missing = "share_price" if self.shares is not None else "shares"
                raise ValueError(
                    f"{missing}: RSUs need grant_value, or both shares and share_price"
                )
            if self.strike is not None or self.current_value is not None:
                raise ValueError("strike: only options have a strike and current_value")
        else:
            absent = [
                name
                for name in ("shares", "strike", "current_value")
                if getattr(self, name) is None
            ]
            if absent:
                raise ValueError(
                    f"{', '.join(absent)}: options need shares (the count), strike and "
                    "current_value (per share)"
                )
            if self.grant_value is not None or self.share_price is not None:
                raise ValueError(
                    "grant_value: options are valued from shares, strike and current_value"
                )
        if self.grant_total() > MAX_MONEY:
            raise ValueError(
                f"shares: the grant would be worth {self.grant_total()}, implausibly large; "
                "check the share count and price"
            )
        return self

    def grant_total(self) -> Decimal:
        """The grant's value today: RSU value, or option count × max(0, value − strike)."""
        if self.kind == "rsu":
            if self.grant_value is not None:
                return self.grant_value
            assert self.shares is not None and self.share_price is not None
            return self.shares * self.share_price
        assert self.shares is not None and self.current_value is not None
        assert self.strike is not None
        return self.shares * max(Decimal(0), self.current_value - self.strike)

    @property
    def under_water(self) -> bool:
        return (
            self.kind == "options"
            and self.current_value is not None
            and self.strike is not None
            and self.current_value <= self.strike
        )


class Offer(BaseModel):
    """One job offer, as the candidate received it."""

    model_config = _FROZEN

    company: Name
    role: Name
    level: Label = ""
    location: Label = ""
    currency: Currency
    base_salary: Money = Field(description="Yearly base salary.")
    bonus_percent: Percent | None = Field(default=None, description="Target bonus, % of base.")
    bonus_amount: Money | None = Field(default=None, description="Target bonus, yearly amount.")
    sign_on: Money = Field(default=Decimal(0), description="Sign-on bonus paid in year one.")
    sign_on_year2: Money = Field(default=Decimal(0), description="Sign-on paid in year two.")
    sign_on_clawback_months: int | None = Field(
        default=None, ge=0, le=60, description="Months you must stay or repay the sign-on."
    )
    equity: Equity | None = None
    retirement_match_percent: Percent | None = Field(
        default=None, description="Employer retirement match, % of base."
    )
    retirement_match_cap: Money | None = Field(
        default=None, description="Most the match pays in a year."
    )
    benefits: tuple[Benefit, ...] = Field(default=(), max_length=30)
    start_date: date | None = None
    deadline: date | None = None
    notes: Note = ""

    @model_validator(mode="after")
    def _consistent(self) -> Offer:
        if self.base_salary == 0:
            raise ValueError("base_salary: must be more than 0")
        if self.bonus_percent is not None and self.bonus_amount is not None:
            raise ValueError("bonus_percent: give the target bonus as a percent OR an amount")
        if self.retirement_match_cap is not None and self.retirement_match_percent is None:
            raise ValueError("retirement_match_cap: give retirement_match_percent too")
        if self.start_date and self.deadline and self.deadline > self.start_date:
            raise ValueError(f"deadline: {self.deadline} is after the start date {self.start_date}")
        return self

    @property
    def label(self) -> str:
        return f"{self.company} ({self.role})"


class MarketPoint(BaseModel):
    """One market data point the user found: a percentile with its source's name and date."""

    model_config = _FROZEN

    role: Name
    level: Label = ""
    location: Label = ""
    component: Literal["total", "base"] = Field(
        default="total", description="Yearly total compensation, or base salary."
    )
    percentile: int = Field(ge=1, le=99)
    value: Money
    currency: Currency
    source: Name = Field(description="Where the figure comes from (a survey, a site, a person).")
    as_of: date = Field(description="When the source published or gave the figure.")

    def matches(self, offer: Offer) -> bool:
        """Same role; and same level and location when the point names them."""

        def same(a: str, b: str) -> bool:
            return a.casefold() == b.casefold()

        return (
            same(self.role, offer.role)
            and (not self.level or same(self.level, offer.level))
            and (not self.location or same(self.location, offer.location))
        )


class ExchangeRate(BaseModel):
    """1 ``from_currency`` = ``rate`` ``to_currency``, as the user gives it (never invented)."""

    model_config = _FROZEN

    from_currency: Currency
    to_currency: Currency
    rate: Decimal = Field(gt=0, lt=Decimal("1000000"), allow_inf_nan=False)
    source: Label = ""
    as_of: date | None = None

    @model_validator(mode="after")
    def _distinct(self) -> ExchangeRate:
        if self.from_currency == self.to_currency:
            raise ValueError("to_currency: a rate needs two different currencies")
        return self


class Profile(BaseModel):
    """The user's own numbers: target, walk-away, market data, exchange rates, leverage."""

    model_config = _FROZEN

    currency: Currency | None = Field(
        default=None, description="Currency of the target and walk-away, and of comparisons."
    )
    target_total: Money | None = Field(
        default=None, description="The yearly total compensation you aim for."
    )
    walk_away_total: Money | None = Field(
        default=None, description="Below this yearly total you decline."
    )
    market: tuple[MarketPoint, ...] = Field(default=(), max_length=200)
    rates: tuple[ExchangeRate, ...] = Field(default=(), max_length=50)
    leverage: tuple[Note, ...] = Field(
        default=(),
        max_length=20,
        description="Other leverage in your words (e.g. your current employer's counter).",
    )

    @model_validator(mode="after")
    def _consistent(self) -> Profile:
        if (self.target_total is not None or self.walk_away_total is not None) and not (
            self.currency
        ):
            raise ValueError("currency: say which currency your target and walk-away are in")
        if (
            self.target_total is not None
            and self.walk_away_total is not None
            and self.walk_away_total > self.target_total
        ):
            raise ValueError(
                f"walk_away_total: {self.walk_away_total} is above your target "
                f"{self.target_total}; the walk-away is the lowest you accept"
            )
        return self


M = TypeVar("M", bound=BaseModel)


def _where(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        elif not part.startswith(("function-", "decimal", "date", "literal", "int")):
            parts.append(("." if parts else "") + part)
    return "".join(parts)


def validation_problems(exc: ValidationError) -> list[str]:
    """One line per problem, each starting with the field it concerns."""
    problems = []
    for err in exc.errors():
        where = _where(tuple(err.get("loc", ())))
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        if ": " in msg and re.match(r"^[a-z_0-9., ]+: ", msg):  # our message names the field
            field, _, rest = msg.partition(": ")
            where = f"{where}.{field}" if where else field
            msg = rest
        problems.append(f"{where or 'offer'}: {msg}")
    return problems


def parse_model(model: type[M], data: Any, *, what: str) -> M:
    """Validate ``data`` as ``model``; every problem in one ``InputError`` naming the fields."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = validation_problems(exc)
        error = InputError(
            f"the {what} is not valid:\n" + "\n".join(f"  {p}" for p in problems),
            fix="Correct the field(s) named above and try again; nothing was saved.",
        )
        error.problems = problems  # type: ignore[attr-defined]
        raise error from None


def parse_offer(data: Any) -> Offer:
    return parse_model(Offer, data, what="offer")


def parse_profile(data: Any) -> Profile:
    return parse_model(Profile, data, what="negotiation profile")


def check_deadline(offer: Offer, today: date) -> None:
    """Refuse a deadline that has already passed (on entry, not when reading a saved offer)."""
    if offer.deadline is not None and offer.deadline < today:
        raise InputError(
            f"deadline: {offer.deadline.isoformat()} is in the past (today is {today.isoformat()})",
            fix="Give the date the company expects your answer (today or later), or leave the "
            "deadline out.",
        )


def parse_amount(text: str, field: str) -> Decimal:
    """A number the user typed: ``185000``, ``185,000``, ``185_000`` or ``185k``."""
    cleaned = text.strip().replace(",", "").replace("_", "").replace(" ", "")
    factor = Decimal(1)
    if cleaned[-1:].lower() == "k":
        cleaned, factor = cleaned[:-1], Decimal(1000)
    try:
        value = Decimal(cleaned) * factor
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise InputError(
            f"{field}: {text!r} is not a number", fix="Write it like 185000 or 185,000 or 185k."
        )
    return value
