"""Feedback a candidate can act on: what was good (in their words), the biggest gaps as hints
that do not give the answer away, one concrete tip, and a follow-up aimed at the biggest gap."""

from __future__ import annotations

from mockprep.bank.schema import KeyPoint, Question
from mockprep.grading.models import Flag, KeyPointResult, MissingPoint, Signals
from mockprep.nlp.text import split_sentences, tokenize

QUOTE_CHARS = 110

FLAG_TIPS: dict[Flag, str] = {
    Flag.EMPTY: "Write or say an answer first: one sentence that answers the question directly is a start.",
    Flag.TOO_LONG: "Keep a spoken answer to about two minutes: lead with the answer, then two or three points.",
    Flag.GIBBERISH: "Answer in full sentences; the grader reads meaning, not characters.",
    Flag.KEYWORD_LIST: "Turn keywords into sentences that explain what each term does and why it matters.",
    Flag.WORD_SALAD: "Explain the idea in your own connected sentences; jumbled terms earn no credit.",
    Flag.QUESTION_COPIED: "Do not restate the question; spend the time on your answer to it.",
    Flag.GRADER_INSTRUCTIONS: "Speak to the interviewer about the topic; instructions to the grader are ignored.",
    Flag.OFF_TOPIC: "Re-read the question and answer that question; say in your first sentence what it asks.",
    Flag.PADDING: "Cut everything that does not answer the question; padding hides your good points.",
    Flag.FILLER_ADJECTIVES: "Drop the adjectives ('robust', 'crucial'); replace each with a fact or an example.",
    Flag.REPETITION: "Say each point once, then move on to the next one.",
}


def _topic(kp: KeyPoint, question: Question) -> str:
    """Words that name what a point is about without stating it: those it shares with the question."""
    question_words = {t.norm for t in tokenize(question.question)}
    shared = [
        t.text.lower()
        for t in tokenize(kp.statement)
        if t.norm in question_words and not t.is_stopword
    ]
    unique = list(dict.fromkeys(shared))[:3]
    return " ".join(unique)


def _label(kp: KeyPoint) -> str:
    """A written point's rubric label as written (labels are noun phrases, verb phrases or names)."""
    return kp.label.strip().rstrip(".")


def area_of(kp: KeyPoint, question: Question) -> str | None:
    """What a point is about, without its content: the rubric label, quoted; for a point derived
    from a reference answer (whose label is its content), the question words it is about, if any."""
    if not kp.derived:
        return f'"{_label(kp)}"'
    return _topic(kp, question) or None


NOT_COVERED = "Not yet covered: "


def hint_for(kp: KeyPoint, question: Question) -> str:
    """A nudge towards a missing point that names its area but does not reveal it.

    A written point is named by its rubric label as written ("Not yet covered: Base weights
    frozen."): labels are noun phrases, verb phrases or names, and a colon reads right with all of
    them; a derived point (whose label is its content) by the question words it is about.
    """
    if not kp.derived:
        lead = f"{NOT_COVERED}{_label(kp)}."
    else:
        topic = _topic(kp, question)
        lead = f"{NOT_COVERED}the part about {topic}." if topic else ""
    probe = next((f.question for f in question.follow_ups if f.probes == kp.id), None)
    if lead and probe:
        return f"{lead} Ask yourself: {probe}"
    if lead:
        return lead
    if probe:
        return f"Think about this: {probe}"
    return "Part of the reference answer is missing: reread the question and answer each thing it asks."


def missing_points(question: Question, results: list[KeyPointResult]) -> list[MissingPoint]:
    """Uncovered key points, heaviest first (then weakest), each with a hint."""
    by_id = {kp.id: kp for kp in question.key_points}
    gaps = sorted(
        (r for r in results if not r.covered), key=lambda r: (-r.weight, r.strength, r.id)
    )
    return [
        MissingPoint(id=r.id, label=r.label, weight=r.weight, hint=hint_for(by_id[r.id], question))
        for r in gaps
    ]


def follow_up_for(
    question: Question, missing: list[MissingPoint], results: list[KeyPointResult]
) -> str | None:
    """The follow-up question to ask next.

    With bank follow-ups, always one of them: the one probing the biggest missing point, else the
    one probing the weakest-covered point. Without any, one built to name the biggest gap's area.
    """
    if question.follow_ups:
        for gap in missing:
            for follow_up in question.follow_ups:
                if follow_up.probes == gap.id:
                    return follow_up.question
        strength = {r.id: r.strength for r in results}
        weakest = min(
            question.follow_ups, key=lambda f: (strength.get(f.probes, 1.0), f.probes, f.question)
        )
        return weakest.question
    if not missing:
        return None
    kp = next(k for k in question.key_points if k.id == missing[0].id)
    area = area_of(kp, question)
    if area:
        return f"What would you add about {area}?"
    return "Which part of the question have you not answered yet, and what is your answer to it?"


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 3].rsplit(" ", 1)[0] + "..."


def tip_for(signals: Signals, flags: list[Flag], missing: list[MissingPoint]) -> str:
    """One concrete tip: the most pressing of the flags and signals."""
    for flag in flags:
        if flag in FLAG_TIPS:
            return FLAG_TIPS[flag]
    low, high = signals.expected_words
    if signals.length == "short":
        return f"Go deeper: aim for {low}-{high} words, stating each point with a reason or an example."
    if signals.length == "long":
        return f"Tighten it: {low}-{high} words is enough; lead with the answer and cut asides."
    if signals.filler_rate >= 3:
        return "Cut fillers ('um', 'basically', 'you know'): pause silently instead."
    if signals.hedging_rate >= 3:
        return "State what you know plainly; keep 'I think' and 'maybe' for real uncertainty."
    if signals.specificity < 0.2:
        return "Add one concrete example, number or named tool to make the answer specific."
    if signals.structure < 0.4:
        return "Structure it: a one-sentence answer first, then two or three supporting points."
    if missing:
        return "Before you finish, check the answer against the question's main aspects and add the one you skipped."
    return "Close with a trade-off or a limitation: it shows judgement, not just knowledge."


def compose(
    answer: str,
    results: list[KeyPointResult],
    missing: list[MissingPoint],
    signals: Signals,
    flags: list[Flag],
) -> str:
    """The feedback paragraph."""
    parts: list[str] = []
    covered = sorted(
        (r for r in results if r.covered and r.evidence), key=lambda r: (-r.strength, r.id)
    )
    if covered:
        best = covered[0]
        ev = next((e for e in best.evidence if e.kind == "sentence"), best.evidence[0])
        start, end = ev.start, ev.end
        if ev.kind == "phrase":  # quote the whole sentence the wording sits in
            around = next((s for s in split_sentences(answer) if s.start <= start < s.end), None)
            if around is not None:
                start, end = around.start, max(end, around.end)
        parts.append(f'Good: "{_quote(answer[start:end])}" covers "{best.label}".')
        if len(covered) > 1:
            parts.append(
                "You also covered " + ", ".join(f'"{r.label}"' for r in covered[1:3]) + "."
            )
    elif answer.strip():
        parts.append("The answer does not yet cover any of the points a strong answer makes.")
    gaps = missing[:2]
    if gaps:
        parts.append("Biggest gap: " + gaps[0].hint.removeprefix(NOT_COVERED))
        if len(gaps) > 1:
            parts.append("Also: " + gaps[1].hint.removeprefix(NOT_COVERED))
    parts.append("Tip: " + tip_for(signals, flags, missing))
    return " ".join(parts)
