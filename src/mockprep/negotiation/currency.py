"""ISO 4217 currency codes, and how money and percentages are shown.

The maths keeps ``Decimal`` (and exact fractions inside vesting); only what is shown is
rounded, by the functions here, so every number a user reads is produced in one place.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

# Active ISO 4217 codes (plus a few widely used fund units are left out on purpose: nobody is
# paid a salary in them). Written out here so nothing is fetched at run time.
ISO_4217: frozenset[str] = frozenset(
    """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP
    BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP
    GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR
    KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK
    MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR
    SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS
    UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG
    """.split()  # noqa: SIM905 - a block of codes reads better than a 160-item literal
)
COMMON = ("USD", "EUR", "GBP", "CAD", "CHF", "INR", "JPY", "AUD", "SGD")
WHOLE = Decimal("1")
CENTS = Decimal("0.01")


def normalise_currency(code: str) -> str:
    """The upper-case code, or ``ValueError`` naming the fix (pydantic adds the field name)."""
    cleaned = code.strip().upper()
    if cleaned not in ISO_4217:
        raise ValueError(
            f"{code!r} is not an ISO 4217 currency code; use a three-letter code such as "
            f"{', '.join(COMMON[:4])}"
        )
    return cleaned


def amount(value: Decimal) -> str:
    """A money amount for display: whole units, thousands separated (``185,000``)."""
    return f"{value.quantize(WHOLE, rounding=ROUND_HALF_UP):,}"


def money(value: Decimal, currency: str) -> str:
    """``185,000 USD``: the one way money is written on screen, in scripts and exports."""
    return f"{amount(value)} {currency}"


def price(value: Decimal, currency: str) -> str:
    """A per-share price keeps its cents (``12.50 USD``)."""
    return f"{value.quantize(CENTS, rounding=ROUND_HALF_UP):,} {currency}"


def percent(value: Decimal) -> str:
    """``12.5%`` (trailing zeros dropped)."""
    text = f"{value.quantize(CENTS, rounding=ROUND_HALF_UP):f}".rstrip("0").rstrip(".")
    return f"{text}%"


def plain(value: Decimal) -> str:
    """A count or rate without trailing zeros (``1500`` shares, rate ``1.08``)."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
