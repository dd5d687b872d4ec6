"""Compensation by year per offer, as an inline SVG (grouped bars; no script, no library).

The SVG has a title and a description a screen reader reads, a ``<title>`` tooltip on every
bar, and a legend; the page shows the same numbers in a table beside it. Text is escaped.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from mockprep.negotiation.compensation import Comparison
from mockprep.negotiation.currency import amount, money

COLOURS = ("#1746a2", "#c2410c", "#166534", "#7e22ce", "#0e7490", "#a16207", "#be123c", "#4a5563")


def _nice_max(value: Decimal) -> Decimal:
    """A round top for the axis (1, 1.5, 2, 3, 4, 5, 6 or 8 times a power of ten), >= ``value``."""
    if value <= 0:
        return Decimal(1)
    power = Decimal(10) ** (len(str(int(value))) - 1)
    for factor in ("1", "1.5", "2", "3", "4", "5", "6", "8", "10"):
        if Decimal(factor) * power >= value:
            return Decimal(factor) * power
    return 10 * power


def compensation_svg(comparison: Comparison) -> str:
    """Grouped bars: for each year, one bar per offer (total compensation in one currency)."""
    comps = comparison.offers
    if not comps:
        return '<p class="empty-chart">No offers yet: add one to see the chart.</p>'
    ccy = comparison.currency
    years = len(comps[0].years)
    top = _nice_max(max(max(c.year_totals()) for c in comps))
    width, left, right, top_pad, bottom = 640, 78, 12, 14, 34
    legend_h = 22 * len(comps)
    plot_h = 240
    height = top_pad + plot_h + bottom + legend_h
    plot_w = width - left - right
    group_w = plot_w / years
    bar_w = min(44.0, (group_w - 16) / len(comps))

    def y(value: Decimal) -> float:
        return top_pad + plot_h * (1 - float(value / top))

    desc = "; ".join(
        f"{c.name}: " + ", ".join(f"year {y.year} {money(y.total.value, ccy)}" for y in c.years)
        for c in comps
    )
    parts = [
        f'<svg class="chart offers-chart" viewBox="0 0 {width} {height}" role="img" '
        'aria-labelledby="comp-title comp-desc" preserveAspectRatio="xMidYMid meet" '
        'data-testid="offers-chart">',
        f'<title id="comp-title">Total compensation by year ({escape(ccy)})</title>'
        f'<desc id="comp-desc">{escape(desc)}</desc>',
    ]
    for i in range(5):
        tick = top * i / 4
        ty = y(tick)
        parts.append(
            f'<line class="gridline" x1="{left}" x2="{width - right}" y1="{ty:.1f}" y2="{ty:.1f}"/>'
            f'<text class="axis" x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end">'
            f"{escape(amount(tick))}</text>"
        )
    for yi in range(years):
        gx = left + group_w * yi
        inner = (group_w - bar_w * len(comps)) / 2
        for ci, c in enumerate(comps):
            value = c.years[yi].total.value
            x = gx + inner + bar_w * ci
            by = y(value)
            label = f"{c.name}, year {yi + 1}: {money(value, ccy)}"
            parts.append(
                f'<rect class="offer-bar s{ci % len(COLOURS)}" x="{x:.1f}" y="{by:.1f}" width="{bar_w - 2:.1f}" '
                f'height="{top_pad + plot_h - by:.1f}" fill="{COLOURS[ci % len(COLOURS)]}">'
                f"<title>{escape(label)}</title></rect>"
            )
        parts.append(
            f'<text class="axis" x="{gx + group_w / 2:.1f}" y="{top_pad + plot_h + 20}" '
            f'text-anchor="middle">Year {yi + 1}</text>'
        )
    for ci, c in enumerate(comps):
        ly = top_pad + plot_h + bottom + 22 * ci
        parts.append(
            f'<rect class="offer-bar s{ci % len(COLOURS)}" x="{left}" y="{ly}" width="14" height="14" '
            f'fill="{COLOURS[ci % len(COLOURS)]}"/>'
            f'<text class="label" x="{left + 20}" y="{ly + 12}">{escape(c.name)} · average '
            f"{escape(money(c.average.value, ccy))} a year</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
