"""The candidate's answer as HTML with the evidence spans of covered key points marked.

Everything is escaped: the answer is shown as the text it is, whatever it contains (an answer
holding ``<script>`` shows those characters). The grade may come from an older grader or a
hand-edited import, so spans are checked against the answer and overlapping spans merged.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape


def evidence_spans(answer: str, grade: dict[str, Any] | None) -> list[tuple[int, int, str]]:
    """Merged ``(start, end, labels)`` spans of covered key points' evidence, in order."""
    raw: list[tuple[int, int, str]] = []
    points = (grade or {}).get("key_points")
    for point in points if isinstance(points, list) else []:
        if not isinstance(point, dict) or point.get("covered") is not True:
            continue
        label = str(point.get("label") or point.get("id") or "")
        evidence = point.get("evidence")
        for ev in evidence if isinstance(evidence, list) else []:
            if not isinstance(ev, dict):
                continue
            start, end = ev.get("start"), ev.get("end")
            if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(answer):
                raw.append((start, end, label))
    raw.sort()
    merged: list[tuple[int, int, str]] = []
    for start, end, label in raw:
        if merged and start <= merged[-1][1]:
            last_start, last_end, labels = merged[-1]
            names = labels if label in labels.split("; ") else f"{labels}; {label}"
            merged[-1] = (last_start, max(last_end, end), names)
        else:
            merged.append((start, end, label))
    return merged


def highlight_answer(answer: str, grade: dict[str, Any] | None) -> Markup:
    """``answer`` escaped, with ``<mark>`` around the evidence (its title names the key points)."""
    out: list[str] = []
    at = 0
    for start, end, labels in evidence_spans(answer, grade):
        out.append(str(escape(answer[at:start])))
        out.append(
            f'<mark class="evidence" title="{escape(labels)}">{escape(answer[start:end])}'
            f'<span class="visually-hidden"> (evidence for: {escape(labels)})</span></mark>'
        )
        at = end
    out.append(str(escape(answer[at:])))
    return Markup("".join(out))
