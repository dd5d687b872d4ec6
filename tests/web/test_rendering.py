"""Evidence highlighting and the SVG charts: escaped, well-formed, robust to odd stored grades."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from mockprep.practice.stats import GroupStats, TrendPoint
from mockprep.web.charts import mastery_svg, score_trend_svg
from mockprep.web.highlight import evidence_spans, highlight_answer


def point(covered: bool, *spans: tuple[int, int], label: str = "Point") -> dict[str, object]:
    return {
        "label": label,
        "covered": covered,
        "evidence": [{"start": s, "end": e, "text": "", "kind": "sentence"} for s, e in spans],
    }


def test_highlight_escapes_everything_and_marks_covered_evidence() -> None:
    answer = "<b>bold</b> & RAG retrieves <i>documents</i>."
    grade = {"key_points": [point(True, (14, 27), label="Retrieve <first>"), point(False, (0, 5))]}
    html = str(highlight_answer(answer, grade))
    assert "<b>" not in html and "<i>" not in html and "&lt;b&gt;bold&lt;/b&gt; &amp; " in html
    assert '<mark class="evidence" title="Retrieve &lt;first&gt;">RAG retrieves' in html
    assert html.count("<mark") == 1  # the missed point's span is not marked


def test_overlapping_spans_merge_and_bad_spans_are_ignored() -> None:
    answer = "0123456789"
    grade = {
        "key_points": [
            point(True, (0, 4), (2, 6), label="A"),
            point(True, (5, 8), label="B"),
            point(True, (8, 99), (-1, 3), (4, 4), label="C"),
            "not a dict",
            {"covered": True, "evidence": "nope"},
        ]
    }
    assert evidence_spans(answer, grade) == [(0, 8, "A; B")]
    assert evidence_spans(answer, None) == []
    assert str(highlight_answer(answer, {"key_points": "junk"})) == answer


def test_charts_are_well_formed_svg_with_text_alternatives() -> None:
    trend = score_trend_svg(
        [TrendPoint(date(2026, 11, d), 2, 4.0 + d / 10, 7.5) for d in range(1, 6)]
    )
    root = ET.fromstring(str(trend))
    assert root.get("role") == "img" and root.find("{*}title") is not None
    assert len(root.findall("{*}circle")) == 5
    group = GroupStats("a<&>b", 10, 2, 3, 3, 6.0, 0.42)
    bars = ET.fromstring(str(mastery_svg([group, GroupStats("empty", 4, 0, 0, 0, None, None)])))
    texts = [t.text for t in bars.iter("{http://www.w3.org/2000/svg}text")] or [
        t.text for t in bars.iter("text")
    ]
    assert "a<&>b" in texts and "42% · 20% seen" in texts and "not yet · 0% seen" in texts
    assert "No graded answers yet" in str(score_trend_svg([]))
