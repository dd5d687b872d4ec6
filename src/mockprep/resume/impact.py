"""Impact of the bullets: measurable results, strong openings, weak openings, repeated verbs."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from mockprep.resume.roles import Bullet

STRONG_VERBS = frozenset(
    [
        "accelerated",
        "achieved",
        "architected",
        "automated",
        "boosted",
        "built",
        "championed",
        "coached",
        "consolidated",
        "created",
        "cut",
        "decreased",
        "defined",
        "delivered",
        "deployed",
        "designed",
        "developed",
        "directed",
        "doubled",
        "drove",
        "eliminated",
        "enabled",
        "engineered",
        "established",
        "evaluated",
        "expanded",
        "founded",
        "generated",
        "grew",
        "halved",
        "hired",
        "implemented",
        "improved",
        "increased",
        "instrumented",
        "integrated",
        "introduced",
        "invented",
        "launched",
        "led",
        "lowered",
        "managed",
        "mentored",
        "migrated",
        "modernized",
        "modernised",
        "negotiated",
        "optimized",
        "optimised",
        "orchestrated",
        "owned",
        "pioneered",
        "prototyped",
        "published",
        "raised",
        "rebuilt",
        "redesigned",
        "reduced",
        "refactored",
        "replaced",
        "resolved",
        "restructured",
        "saved",
        "scaled",
        "secured",
        "shipped",
        "simplified",
        "spearheaded",
        "standardized",
        "standardised",
        "streamlined",
        "tripled",
        "trained",
        "transformed",
        "tuned",
        "unified",
        "won",
        "wrote",
        "benchmarked",
        "curated",
        "distilled",
        "fine-tuned",
        "finetuned",
        "productionized",
        "productionised",
        "quantized",
        "quantised",
        "authored",
        "analysed",
        "analyzed",
        "authored",
        "discovered",
        "detected",
        "diagnosed",
        "forecast",
        "forecasted",
        "personalized",
        "personalised",
    ]
)
WEAK_OPENINGS = (
    "responsible for",
    "was responsible for",
    "helped with",
    "helped",
    "assisted with",
    "assisted in",
    "assisted",
    "worked on",
    "worked with",
    "involved in",
    "was involved in",
    "participated in",
    "duties included",
    "tasked with",
    "in charge of",
    "took part in",
    "contributed to",
    "handled",
    "supported",
    "exposure to",
)
_METRIC = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:%|percent|pp\b|x\b|×)"
    r"|[$€£¥]\s?\d"
    r"|\d+(?:[.,]\d+)?\s*(?:k|m|bn|b|million|billion|thousand|users|customers|requests|qps|rps)\b"
    r"|\d+(?:[.,]\d+)?\s*(?:ms|milliseconds|seconds|secs?|minutes|mins?|hours|hrs?|days|weeks|months)\b"
    r"|\b(?:doubled|tripled|halved)\b"
    r"|\b\d{1,3}(?:,\d{3})+\b"
    r"|\b(?!(?:19|20)\d{2}\b)\d+(?:\.\d+)?\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class BulletImpact:
    line: int
    text: str
    verb: str
    metric: str
    """The measurable result found in the bullet ('' when there is none)."""
    strong: bool
    weak_opening: str


@dataclass(frozen=True)
class ImpactSummary:
    bullets: tuple[BulletImpact, ...]
    repeated: dict[str, tuple[int, ...]]
    """Opening verbs used three times or more, with the lines that use them."""

    @property
    def with_metrics(self) -> int:
        return sum(1 for b in self.bullets if b.metric)

    @property
    def strong(self) -> int:
        return sum(1 for b in self.bullets if b.strong)

    @property
    def weak(self) -> list[BulletImpact]:
        return [b for b in self.bullets if b.weak_opening]


def _opening(text: str) -> tuple[str, str]:
    lowered = text.lower().lstrip("•-*– ")
    weak = next((w for w in WEAK_OPENINGS if lowered.startswith(w + " ") or lowered == w), "")
    words = re.findall(r"[a-z][a-z\-]*", lowered)
    return (words[0] if words else ""), weak


def assess_bullets(bullets: tuple[Bullet, ...] | list[Bullet]) -> ImpactSummary:
    out: list[BulletImpact] = []
    verbs: dict[str, list[int]] = defaultdict(list)
    for bullet in bullets:
        verb, weak = _opening(bullet.text)
        metric = _METRIC.search(bullet.text)
        strong = not weak and verb in STRONG_VERBS
        out.append(
            BulletImpact(
                line=bullet.line,
                text=bullet.text,
                verb=verb,
                metric=metric.group(0).strip() if metric else "",
                strong=strong,
                weak_opening=weak,
            )
        )
        if verb and (verb in STRONG_VERBS or verb.endswith("ed")):
            verbs[verb].append(bullet.line)
    repeated = {v: tuple(lines) for v, lines in verbs.items() if len(lines) >= 3}
    return ImpactSummary(tuple(out), repeated)
