"""Offers and a profile the negotiation tests share; golden values are computed from these."""

from __future__ import annotations

from typing import Any

ACME: dict[str, Any] = {
    "company": "Acme",
    "role": "ML engineer",
    "level": "L5",
    "currency": "USD",
    "base_salary": 180000,
    "bonus_percent": 10,
    "sign_on": 20000,
    "sign_on_clawback_months": 12,
    "equity": {
        "kind": "rsu",
        "grant_value": 200000,
        "vesting": {"preset": "back-loaded"},
        "refresher_value": 40000,
    },
    "start_date": "2030-02-01",
    "deadline": "2030-01-10",
}
BETA: dict[str, Any] = {
    "company": "Beta",
    "role": "ML engineer",
    "currency": "USD",
    "base_salary": 200000,
    "equity": {
        "kind": "options",
        "shares": 10000,
        "strike": 5,
        "current_value": 12,
        "vesting": {"preset": "monthly-cliff"},
    },
}
PROFILE: dict[str, Any] = {
    "currency": "USD",
    "target_total": 300000,
    "walk_away_total": 250000,
    "market": [
        {
            "role": "ML engineer",
            "percentile": 75,
            "value": 290000,
            "currency": "USD",
            "source": "Bay Area AI pay survey",
            "as_of": "2026-09-01",
        }
    ],
}
