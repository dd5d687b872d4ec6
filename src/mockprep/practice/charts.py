"""Progress you can see: terminal charts (rich) and a chart file to keep or share (matplotlib).

``progress_report(stats)`` is what ``mockprep progress`` prints: a summary, scores over time
(a sparkline and a bar per day or week), mastery by category as horizontal bars, mastery by
kind, the key points most often missed and the next reviews due.

``export_chart(stats, path)`` draws scores over time and mastery by category with matplotlib
(no pyplot, so no GUI backend is ever touched) and writes ``.png``, ``.svg`` or ``.html`` (a
standalone page with the SVG inline and its own CSS: no script, no CDN, nothing fetched).
"""

from __future__ import annotations

import html
import io
from collections.abc import Sequence
from datetime import UTC
from pathlib import Path

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from mockprep.errors import InputError
from mockprep.grading.models import PASS_SCORE, Band, band_for
from mockprep.practice.stats import GroupStats, ProgressStats, TrendPoint

CHART_FORMATS = (".png", ".svg", ".html")
SPARKS = "▁▂▃▄▅▆▇█"
EIGHTHS = " ▏▎▍▌▋▊▉"
BAR_WIDTH = 30
MAX_DAILY_BARS = 14
MAX_WEEKLY_BARS = 12
BAND_COLOURS = {  # terminal style, chart colour
    Band.STRONG: ("bold green", "#2e7d32"),
    Band.ADEQUATE: ("green", "#66bb6a"),
    Band.WEAK: ("yellow", "#f9a825"),
    Band.OFF_TARGET: ("red", "#c62828"),
}


# -- small pieces -----------------------------------------------------------------------------
def score_style(score: float) -> str:
    """The terminal style of a 0-10 score: its band's colour."""
    return BAND_COLOURS[band_for(score)][0]


def sparkline(values: Sequence[float], *, low: float = 0.0, high: float = 10.0) -> str:
    """One block character per value, from ▁ (``low``) to █ (``high``)."""
    span = high - low
    out = []
    for value in values:
        share = 0.0 if span <= 0 else (min(max(value, low), high) - low) / span
        out.append(SPARKS[min(len(SPARKS) - 1, int(share * (len(SPARKS) - 1) + 0.5))])
    return "".join(out)


def bar(fraction: float, width: int = BAR_WIDTH) -> str:
    """A horizontal bar of ``fraction`` (0-1) of ``width`` cells, in eighths of a cell."""
    fraction = min(max(fraction, 0.0), 1.0)
    eighths = round(fraction * width * 8)
    full, rest = divmod(eighths, 8)
    text = "█" * full + (EIGHTHS[rest] if rest else "")
    return text.ljust(width)


def _duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _trend_points(stats: ProgressStats) -> tuple[str, list[TrendPoint]]:
    if len(stats.daily) > MAX_DAILY_BARS:
        return "week", stats.weekly[-MAX_WEEKLY_BARS:]
    return "day", stats.daily


# -- terminal -----------------------------------------------------------------------------------
def summary_text(stats: ProgressStats) -> Text:
    """The headline numbers, one per line."""
    text = Text()
    follow = f" and {stats.follow_ups} follow-ups" if stats.follow_ups else ""
    text.append(
        f"Answers: {stats.answers}{follow} · graded {stats.graded} · "
        f"questions practised {stats.questions_practised} of {stats.questions_total}\n"
    )
    if stats.mean_score is not None:
        text.append("Mean score ")
        text.append(f"{stats.mean_score:.1f}/10", style=score_style(stats.mean_score))
        text.append(f" · mastery {_percent(stats.mastery)}\n")
    streak = stats.streak
    days = "day" if streak.current == 1 else "days"
    today = " · practised today" if streak.practised_today else ""
    text.append(f"Streak: {streak.current} {days} (longest {streak.longest}){today}\n")
    text.append(f"Time practised: {_duration(stats.time_practised_seconds)}\n")
    text.append(f"Reviews due now: {stats.due_now} · within a week: {stats.due_this_week}")
    return text


def scores_chart(stats: ProgressStats) -> RenderableType:
    """Scores over time: a sparkline of every day, and a bar per recent day (or week)."""
    unit, points = _trend_points(stats)
    table = Table(
        title=f"Scores by {unit}  {sparkline([p.mean_score for p in stats.daily])}",
        title_justify="left",
        box=None,
        padding=(0, 1),
    )
    table.add_column(unit, no_wrap=True)
    table.add_column("mean score (0-10)", no_wrap=True)
    table.add_column("", justify="right")
    table.add_column("answers", justify="right")
    for point in points:
        label = point.start.isoformat() if unit == "day" else f"week of {point.start.isoformat()}"
        style = score_style(point.mean_score)
        table.add_row(
            label,
            Text(bar(point.mean_score / 10.0), style=style),
            Text(f"{point.mean_score:.1f}", style=style),
            str(point.answers),
        )
    return table


def mastery_chart(groups: Sequence[GroupStats], *, title: str) -> RenderableType:
    """Mastery per group as horizontal bars, with how many of its questions were practised."""
    table = Table(title=title, title_justify="left", box=None, padding=(0, 1))
    table.add_column("", no_wrap=True)
    table.add_column("mastery", no_wrap=True)
    table.add_column("", justify="right")
    table.add_column("practised", justify="right")
    table.add_column("mean score", justify="right")
    for group in groups:
        mastery = group.mastery
        style = score_style(mastery * 10) if mastery is not None else "dim"
        table.add_row(
            escape(group.name),
            Text(bar(mastery or 0.0), style=style),
            Text(_percent(mastery), style=style),
            f"{group.questions_practised}/{group.questions_total}",
            "—" if group.mean_score is None else f"{group.mean_score:.1f}",
        )
    return table


def missed_table(stats: ProgressStats) -> RenderableType:
    table = Table(title="Key points most often missed", title_justify="left")
    table.add_column("question", no_wrap=True)
    table.add_column("key point")
    table.add_column("missed", justify="right")
    for point in stats.most_missed:
        table.add_row(
            escape(point.question_id),
            escape(point.label),
            f"{point.missed} of {point.seen}",
        )
    return table


def due_table(stats: ProgressStats) -> RenderableType:
    table = Table(title="Next reviews", title_justify="left")
    table.add_column("due", no_wrap=True)
    table.add_column("question")
    table.add_column("recall", justify="right")
    table.add_column("last score", justify="right")
    for item in stats.next_due:
        when = item.due.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
        table.add_row(
            Text(f"{when} (now)" if item.overdue else when, style="bold" if item.overdue else ""),
            escape(item.question or item.question_id),
            _percent(item.retrievability),
            "—" if item.last_score is None else f"{item.last_score:.1f}",
        )
    return table


def progress_report(stats: ProgressStats) -> RenderableType:
    """Everything ``mockprep progress`` shows in the terminal."""
    if stats.attempts == 0:
        return Text(
            "No answers yet. Start a mock interview with `mockprep practice`; your progress "
            "appears here after the first graded answer."
        )
    parts: list[RenderableType] = [summary_text(stats), Text("")]
    if stats.has_scores:
        parts += [scores_chart(stats), Text("")]
        practised = [g for g in stats.by_category if g.questions_practised]
        parts += [mastery_chart(practised, title="Mastery by category"), Text("")]
        kinds = [g for g in stats.by_kind if g.questions_practised]
        parts += [mastery_chart(kinds, title="Mastery by kind"), Text("")]
    if stats.most_missed:
        parts += [missed_table(stats), Text("")]
    if stats.next_due:
        parts.append(due_table(stats))
    return Group(*parts)


# -- files ------------------------------------------------------------------------------------
def _figure(stats: ProgressStats) -> Figure:
    categories = list(stats.by_category)
    fig = Figure(figsize=(10, 4.5 + 0.32 * max(4, len(categories))), layout="constrained")
    FigureCanvasAgg(fig)
    top, bottom = fig.subplots(2, 1, height_ratios=[1, max(1.0, len(categories) / 8)])
    top.set_title("Scores over time (mean per day)")
    top.set_ylim(0, 10.2)
    top.set_ylabel("score (0-10)")
    top.axhline(PASS_SCORE, color="#999999", linestyle="--", linewidth=1, label="pass mark")
    if stats.daily:
        days = [p.start for p in stats.daily]
        means = [p.mean_score for p in stats.daily]
        top.plot(days, means, color="#1565c0", linewidth=1.5, marker="o", label="daily mean")
        if len(stats.weekly) > 1:
            top.step(
                [p.start for p in stats.weekly],
                [p.mean_score for p in stats.weekly],
                where="post",
                color="#ef6c00",
                linewidth=1,
                label="weekly mean",
            )
        top.legend(loc="lower right", fontsize="small")
        locator = AutoDateLocator(minticks=3, maxticks=10)  # type: ignore[no-untyped-call]
        top.xaxis.set_major_locator(locator)
        top.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    else:
        top.text(0.5, 0.5, "No graded answers yet", ha="center", va="center")
        top.set_xticks([])
    bottom.set_title("Mastery by category (recent scores × recall)")
    bottom.set_xlim(0, 100)
    bottom.set_xlabel("mastery (%)")
    names = [g.name for g in categories]
    values = [100 * (g.mastery or 0.0) for g in categories]
    colours = [
        BAND_COLOURS[band_for(10 * g.mastery)][1] if g.mastery is not None else "#dddddd"
        for g in categories
    ]
    positions = list(range(len(names)))
    bottom.barh(positions, values, color=colours)
    bottom.set_yticks(positions, labels=names)
    bottom.invert_yaxis()
    for pos, group in zip(positions, categories, strict=True):
        label = (
            f"{group.mastery:.0%} · {group.questions_practised}/{group.questions_total} practised"
            if group.mastery is not None
            else "not practised yet"
        )
        bottom.text(
            min(values[pos], 60) + 1, pos, label, va="center", fontsize="small", color="#333333"
        )
    fig.suptitle(
        f"mockprep progress · {stats.generated_at.astimezone(UTC):%Y-%m-%d} · "
        f"{stats.answers} answers · mean {stats.mean_score or 0:.1f}/10"
    )
    return fig


def _svg(fig: Figure) -> str:
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "mockprep", "svg.fonttype": "path"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _html(stats: ProgressStats, svg: str) -> str:
    inline = svg[svg.index("<svg") :]
    rows = "".join(
        f"<tr><td>{html.escape(g.name)}</td><td>{_percent(g.mastery)}</td>"
        f"<td>{g.questions_practised}/{g.questions_total}</td>"
        f"<td>{'—' if g.mean_score is None else f'{g.mean_score:.1f}'}</td></tr>"
        for g in stats.by_category
    )
    summary = html.escape(summary_text(stats).plain).replace("\n", "<br>")
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>mockprep progress</title>\n"
        "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
        "padding:0 1rem;color:#222}svg{max-width:100%;height:auto}"
        "table{border-collapse:collapse}td,th{padding:.2rem .8rem;border-bottom:1px solid #ddd;"
        "text-align:left}</style>\n</head>\n<body>\n"
        "<h1>Your progress</h1>\n"
        f"<p>{summary}</p>\n"
        f"<figure>{inline}</figure>\n"
        "<h2>By category</h2>\n"
        "<table><thead><tr><th>category</th><th>mastery</th><th>practised</th>"
        f"<th>mean score</th></tr></thead><tbody>{rows}</tbody></table>\n"
        "</body>\n</html>\n"
    )


def check_chart_path(path: Path) -> str:
    """The chart format ``path`` asks for (its extension), or an ``InputError`` naming the choices."""
    suffix = path.suffix.lower()
    if suffix not in CHART_FORMATS:
        shown = f"extension {path.suffix}" if path.suffix else "no extension"
        raise InputError(
            f"cannot export a chart to {path.name} ({shown})",
            fix=f"Name the file with one of: {', '.join(CHART_FORMATS)}.",
        )
    return suffix


def export_chart(stats: ProgressStats, path: Path) -> Path:
    """Write the progress chart to ``path``; its extension picks the format.

    Raises:
        InputError: the extension is not .png, .svg or .html, or the file cannot be written.
    """
    suffix = check_chart_path(path)
    fig = _figure(stats)
    try:
        if suffix == ".png":
            fig.savefig(path, format="png", dpi=120)
        elif suffix == ".svg":
            path.write_text(_svg(fig), encoding="utf-8")
        else:
            path.write_text(_html(stats, _svg(fig)), encoding="utf-8")
    except OSError as exc:
        raise InputError(
            f"cannot write {path} ({exc.strerror or exc})",
            fix="Choose a path in an existing, writable folder.",
        ) from exc
    return path
