"""The offers file a user keeps: offers and the negotiation profile, as YAML or JSON.

::

    format: mockprep-offers
    version: 1
    exported_at: 2026-11-29T10:00:00+00:00
    profile: {currency: USD, target_total: 250000, walk_away_total: 200000, market: [...]}
    offers:
      - company: Acme
        role: ML engineer
        currency: USD
        base_salary: 180000
        equity: {kind: rsu, grant_value: 200000, vesting: {preset: even}}

Whole money amounts are written as numbers and others as strings, so nothing passes through a
float. ``read_offers_file`` accepts this file, or a single offer mapping (for ``new --file``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from mockprep.errors import InputError
from mockprep.negotiation.offer import Offer, Profile, parse_model, parse_offer, parse_profile

FORMAT = "mockprep-offers"
VERSION = 1
SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class OffersFile:
    profile: Profile | None
    offers: tuple[Offer, ...]


def plain_data(value: Any) -> Any:
    """Model dumps made file-friendly: whole Decimals as int, others as str, dates as ISO text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain_data(v) for v in value]
    return value


def offer_data(offer: Offer) -> dict[str, Any]:
    data: dict[str, Any] = plain_data(offer.model_dump(exclude_defaults=True))
    return data


def profile_data(profile: Profile) -> dict[str, Any]:
    data: dict[str, Any] = plain_data(profile.model_dump(exclude_defaults=True))
    return data


def dump_offers(
    offers: Sequence[Offer], profile: Profile | None, *, fmt: str, now: datetime | None = None
) -> str:
    """The file's text, ``fmt`` being ``yaml`` or ``json``."""
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
        "profile": profile_data(profile) if profile is not None else {},
        "offers": [offer_data(o) for o in offers],
    }
    if fmt == "json":
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)


def load_text(text: str, source: str) -> Any:
    """YAML or JSON text (JSON is YAML) as Python data, with the line of a syntax error."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise InputError(
            f"{source} is not valid YAML or JSON{where}",
            fix="Fix the syntax there (an export from `mockprep negotiate export` is valid).",
        ) from exc


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"cannot read {path} ({exc})", fix="Give a UTF-8 YAML or JSON file."
        ) from exc


def parse_offers_text(text: str, source: str) -> OffersFile:
    """An offers file, or one offer on its own; every offer validated (nothing half-read)."""
    data = load_text(text, source)
    if not isinstance(data, dict):
        raise InputError(
            f"{source} holds no offer",
            fix="Write a mapping with company, role, currency, base_salary … or an offers file.",
        )
    if "offers" not in data and "format" not in data:
        return OffersFile(None, (parse_offer(data),))
    if data.get("format", FORMAT) != FORMAT or data.get("version", VERSION) != VERSION:
        raise InputError(
            f"{source} is not a version-{VERSION} {FORMAT} file",
            fix="Use a file written by `mockprep negotiate export`.",
        )
    raw_offers = data.get("offers") or []
    if not isinstance(raw_offers, list):
        raise InputError(f"{source}: offers must be a list", fix="Write offers as a YAML list.")
    offers = []
    for i, raw in enumerate(raw_offers, start=1):
        try:
            offers.append(parse_offer(raw))
        except InputError as exc:
            exc.message = f"{source}, offer {i}: {exc.message}"
            exc.args = (str(exc),)
            raise
    raw_profile = data.get("profile")
    profile = parse_profile(raw_profile) if raw_profile else None
    return OffersFile(profile, tuple(offers))


def read_offers_file(path: Path) -> OffersFile:
    return parse_offers_text(read_text(path), path.name)


def merge_offer(offer: Offer, changes: dict[str, Any]) -> Offer:
    """``offer`` with top-level fields replaced (nested ones merged), validated again."""
    data = offer.model_dump(exclude_defaults=True)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            merged = {**data[key], **value}
            vesting = value.get("vesting")
            if key == "equity" and isinstance(vesting, dict):
                fresh = vesting.get("preset") or vesting.get("percentages")
                old = data[key].get("vesting") or {}
                merged["vesting"] = vesting if fresh else {**old, **vesting}
                if not fresh:
                    merged["vesting"].pop("preset", None)
            data[key] = merged
        else:
            data[key] = value
    return parse_model(Offer, data, what="offer")
