"""Progress charts as small inline SVG, drawn from our own statistics (no script, no library).

Each chart is an ``<svg role="img">`` with a title and a description a screen reader reads,
``<title>`` tooltips on its marks, and the pages show the same numbers as a table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from mockprep.grading.models import PASS_SCORE
from mockprep.practice.stats import GroupStats, TrendPoint

MAX_POINTS = 30


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def score_trend_svg(points: Sequence[TrendPoint], *, title: str = "Score trend") -> Markup:
    """A line of mean scores (0-10) per day or week, the pass mark dashed across."""
    shown = list(points)[-MAX_POINTS:]
    width, height, left, right, top, bottom = 420, 200, 30, 10, 12, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    if not shown:
        return Markup(
            '<p class="empty-chart">No graded answers yet: the trend appears after your first.</p>'
        )

    def x(i: int) -> float:
        return left + (plot_w / 2 if len(shown) == 1 else plot_w * i / (len(shown) - 1))

    def y(score: float) -> float:
        return top + plot_h * (1 - max(0.0, min(10.0, score)) / 10)

    first, last = shown[0], shown[-1]
    desc = (
        f"{len(shown)} points from {first.start.isoformat()} to {last.start.isoformat()}; "
        f"latest mean {last.mean_score:.1f} of 10."
    )
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="trend-title trend-desc" preserveAspectRatio="xMidYMid meet">',
        f'<title id="trend-title">{escape(title)}</title><desc id="trend-desc">{escape(desc)}</desc>',
    ]
    for tick in (0, 5, 10):
        parts.append(
            f'<line class="gridline" x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>'
            f'<text class="axis" x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick}</text>'
        )
    parts.append(
        f'<line class="pass-line" x1="{left}" x2="{width - right}" '
        f'y1="{y(PASS_SCORE):.1f}" y2="{y(PASS_SCORE):.1f}"><title>pass mark {PASS_SCORE:g}</title></line>'
    )
    coords = " ".join(f"{x(i):.1f},{y(p.mean_score):.1f}" for i, p in enumerate(shown))
    parts.append(f'<polyline class="trend" points="{coords}"/>')
    for i, p in enumerate(shown):
        label = f"{p.start.isoformat()}: mean {p.mean_score:.1f}, best {p.best_score:.1f}, {p.answers} answer(s)"
        parts.append(
            f'<circle class="point" cx="{x(i):.1f}" cy="{y(p.mean_score):.1f}" r="4">'
            f"<title>{escape(label)}</title></circle>"
        )
    for i in sorted({0, len(shown) - 1}):
        parts.append(
            f'<text class="axis" x="{x(i):.1f}" y="{height - 8}" text-anchor="middle">'
            f"{escape(shown[i].start.strftime('%d %b'))}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def mastery_svg(groups: Sequence[GroupStats], *, title: str = "Mastery by category") -> Markup:
    """A bar per group (mastery, 0-100%) under its name, with coverage written beside it."""
    rows = list(groups)
    if not rows:
        return Markup('<p class="empty-chart">No categories yet.</p>')
    width, text_h, bar_h, gap = 420, 18, 12, 12
    row_h = text_h + bar_h + gap
    height = len(rows) * row_h
    desc = "; ".join(
        f"{g.name}: {'not practised' if g.mastery is None else f'{g.mastery:.0%} mastery'}, "
        f"{g.coverage:.0%} of questions practised"
        for g in rows
    )
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="mastery-title mastery-desc" preserveAspectRatio="xMidYMid meet">',
        f'<title id="mastery-title">{escape(title)}</title><desc id="mastery-desc">{escape(desc)}</desc>',
    ]
    for i, g in enumerate(rows):
        top = i * row_h
        share = g.mastery or 0.0
        value = "not yet" if g.mastery is None else f"{g.mastery:.0%}"
        parts.append(
            f'<text class="label" x="0" y="{top + 13}">{escape(g.name)}</text>'
            f'<text class="value" x="{width}" y="{top + 13}" text-anchor="end">'
            f"{escape(value)} · {g.coverage:.0%} seen</text>"
            f'<rect class="track" x="0" y="{top + text_h}" width="{width}" height="{bar_h}" rx="3"/>'
            f'<rect class="bar" x="0" y="{top + text_h}" width="{width * share:.1f}" '
            f'height="{bar_h}" rx="3"><title>{escape(g.name)}: {escape(value)} mastery, '
            f"{g.questions_practised}/{g.questions_total} questions practised</title></rect>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
