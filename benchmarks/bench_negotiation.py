"""Negotiation maths speed: comparing many offers, and building a counter-offer with all three
script tones, as the /offers page and `mockprep negotiate export --out report.md` do.

Prints figures; asserts nothing. Run with `make bench` or `python benchmarks/bench_negotiation.py`.
"""

from __future__ import annotations

import time

from mockprep.negotiation.compensation import compare
from mockprep.negotiation.counter import recommend
from mockprep.negotiation.markdown import report
from mockprep.negotiation.offer import Offer, parse_offer, parse_profile
from mockprep.negotiation.script import TONES, build_script

PRESETS = ("even", "monthly-cliff", "front-loaded", "back-loaded", "ramp")
N_OFFERS = 20


def offers(n: int) -> list[tuple[str, Offer]]:
    out = []
    for i in range(n):
        equity = (
            {"kind": "rsu", "grant_value": 100000 + 5000 * i, "refresher_value": 20000}
            if i % 2 == 0
            else {"kind": "options", "shares": 5000 + 100 * i, "strike": 4, "current_value": 9}
        )
        equity["vesting"] = {"preset": PRESETS[i % len(PRESETS)]}
        out.append(
            (
                f"Company {i}",
                parse_offer(
                    {
                        "company": f"Company {i}",
                        "role": "ML engineer",
                        "currency": "USD",
                        "base_salary": 150000 + 1000 * i,
                        "bonus_percent": 10,
                        "sign_on": 10000,
                        "equity": equity,
                    }
                ),
            )
        )
    return out


def main() -> None:
    named = offers(N_OFFERS)
    profile = parse_profile(
        {
            "currency": "USD",
            "target_total": 260000,
            "walk_away_total": 200000,
            "market": [
                {
                    "role": "ML engineer",
                    "percentile": p,
                    "value": v,
                    "currency": "USD",
                    "source": "bench survey",
                    "as_of": "2026-01-01",
                }
                for p, v in ((25, 190000), (50, 220000), (75, 250000))
            ],
        }
    )
    runs = 20
    t0 = time.perf_counter()
    for _ in range(runs):
        result = compare(named, profile)
    t_compare = (time.perf_counter() - t0) / runs
    t0 = time.perf_counter()
    counters = []
    for name, offer in named:
        others = [(n, o) for n, o in named if n != name]
        c = recommend(name, offer, profile, others)
        for tone in TONES:
            build_script(c, tone)  # type: ignore[arg-type]
        counters.append((c, build_script(c, "neutral")))
    t_scripts = time.perf_counter() - t0
    t0 = time.perf_counter()
    text = report(profile, result, counters)
    t_report = time.perf_counter() - t0
    print(f"compare {N_OFFERS} offers over four years: {t_compare * 1000:.1f} ms")
    print(
        f"counter-offer + three script tones per offer: {t_scripts / N_OFFERS * 1000:.1f} ms "
        f"per offer ({N_OFFERS} offers, each against the other {N_OFFERS - 1})"
    )
    print(
        f"Markdown report of {N_OFFERS} offers: {t_report * 1000:.1f} ms, {len(text):,} characters"
    )


if __name__ == "__main__":
    main()
