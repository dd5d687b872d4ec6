"""Checks on a STAR story: each finding names the problem, the fix, and quotes the story's words.

Every check reads a ``StarLayout`` (a written story's parts, or a free answer after the
splitter), so stored stories and practice answers are judged alike. Evidence offsets index the
layout's text: ``layout.text[e.start:e.end] == e.quote``.

Checks (ids are stable; tests/star/test_checks.py has a golden story for each):

- ``missing-part``: a part has no sentence at all;
- ``thin-part``: a part is there but too short to carry its job (words below ``THIN_WORDS``);
- ``no-measurable-result``: the result has no number, amount, time or before-and-after;
- ``we-not-i``: the action says "we" more than "I" (counts given, "we" sentences quoted);
- ``action-too-short``: the action is under ``MIN_ACTION_SHARE`` of the story, or shorter than
  the situation (shares given against the 20/10/60/10 aim);
- ``too-long``: more than ``MAX_SPOKEN_WORDS`` words, about two minutes at 150 words a minute;
- ``vague-verbs``: "helped", "worked on", "was involved in" … in the action or result (quoted);
- ``no-reflection``: nothing says what was learned or what would be done differently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from mockprep.star.layout import LabelledSentence, StarLayout, story_layout
from mockprep.star.review import STAR_PARTS, TARGET_SHARES, StarEvidence, StarFinding, StarPart
from mockprep.star.story import StoryDraft

S, T, A, R = STAR_PARTS

THIN_WORDS: dict[StarPart, int] = {S: 12, T: 6, A: 25, R: 8}
"""Fewer words than this and a part is thin (the action needs room for several steps)."""
MIN_ACTION_SHARE = 0.40
"""The aim is 60%; under 40% the action is too short for interviewers to judge it."""
WORDS_PER_MINUTE = 150
MAX_SPOKEN_WORDS = 300
"""About two minutes spoken at 150 words a minute."""

PROBLEM = "problem"
WARNING = "warning"

CHECK_IDS: tuple[str, ...] = (
    "missing-part",
    "thin-part",
    "no-measurable-result",
    "we-not-i",
    "action-too-short",
    "too-long",
    "vague-verbs",
    "no-reflection",
)

_MEASURE = re.compile(
    r"\d|%|\b(?:percent|per cent|half|halved|doubled|tripled|twice|thrice|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen|"
    r"zero|none|no longer|every|all)\b|\bfrom \w+(?: \w+)? to\b",
    re.IGNORECASE,
)
_I_WORDS = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|me|my|myself|mine)\b", re.IGNORECASE)
_WE_WORDS = re.compile(
    r"\b(?:we|we're|we've|we'd|we'll|us|our|ours|ourselves)\b|\bthe team\b", re.IGNORECASE
)
VAGUE_VERBS = re.compile(
    r"\b(?:helped(?: (?:out|with))?|help(?:ing)? (?:out|with)|worked on|work(?:ing)? on|"
    r"was involved(?: in)?|were involved(?: in)?|got involved|handled|dealt with|"
    r"took care of|assisted(?: with)?|supported|participated(?: in)?|contributed(?: to)?|"
    r"looked into|facilitated|made sure|did some|was part of|touched|played a (?:\w+ )?role|"
    r"sorted (?:it )?out|tried to)\b",
    re.IGNORECASE,
)
_REFLECTION = re.compile(
    r"\b(?:learn(?:ed|t)|lessons?|takeaway|taught me|realis(?:ed|e)|realiz(?:ed|e)|"
    r"in hindsight|looking back|next time|would (?:do|have done|now)|"
    r"(?:i|we) now always|now i (?:always|make|start|check|ask)|since then i|"
    r"do (?:it )?differently|came away|reminded me|showed me|changed how i)\b",
    re.IGNORECASE,
)


def _evidence(
    sentence: LabelledSentence, start: int | None = None, end: int | None = None
) -> StarEvidence:
    a = sentence.start if start is None else sentence.start + start
    b = sentence.end if end is None else sentence.start + end
    return StarEvidence(
        part=sentence.part,
        start=a,
        end=b,
        quote=sentence.text[a - sentence.start : b - sentence.start],
    )


def _quote(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def check_parts(layout: StarLayout) -> list[StarFinding]:
    """Missing parts, then thin ones."""
    found: list[StarFinding] = []
    for part in STAR_PARTS:
        if not layout.of(part):
            found.append(
                StarFinding(
                    check="missing-part",
                    severity=PROBLEM,
                    part=part,
                    message=f"There is no {part.label.lower()}. {_MISSING_FIX[part]}",
                )
            )
    for part in STAR_PARTS:
        sentences = layout.of(part)
        words = layout.words(part)
        if sentences and words < THIN_WORDS[part]:
            found.append(
                StarFinding(
                    check="thin-part",
                    severity=WARNING,
                    part=part,
                    message=f"The {part.label.lower()} is thin ({words} words): {_THIN_FIX[part]}",
                    evidence=[_evidence(s) for s in sentences],
                )
            )
    return found


_MISSING_FIX = {
    S: "Open with one or two sentences of context: where, when, and what was at stake.",
    T: 'Say what you personally had to do or decide ("My job was to …").',
    A: 'Describe the steps you took, in order, with "I" as the subject.',
    R: "End with what happened because of you, in numbers if you can, and what you learned.",
}
_THIN_FIX = {
    S: "give the interviewer enough context to follow (who, what, why it mattered).",
    T: "make your own responsibility explicit.",
    A: "this is the heart of the story; give two or three concrete steps you took.",
    R: "say what changed, by how much, and what you took away.",
}


def check_measurable_result(layout: StarLayout) -> list[StarFinding]:
    result = layout.of(R)
    if not result or any(_MEASURE.search(s.text) for s in result):
        return []
    return [
        StarFinding(
            check="no-measurable-result",
            severity=PROBLEM,
            part=R,
            message="The result has nothing measurable: add a number, an amount of time or money, "
            'or a before-and-after ("tickets fell from 300 to 40 a week").',
            evidence=[_evidence(s) for s in result],
        )
    ]


def pronoun_counts(sentences: Iterable[LabelledSentence]) -> tuple[int, int]:
    """("I" words, "we" words) in the sentences."""
    i_count = we_count = 0
    for s in sentences:
        i_count += len(_I_WORDS.findall(s.text))
        we_count += len(_WE_WORDS.findall(s.text))
    return i_count, we_count


def check_ownership(layout: StarLayout) -> list[StarFinding]:
    action = layout.of(A)
    i_count, we_count = pronoun_counts(action)
    if we_count < 2 or we_count <= i_count:
        return []
    we_sentences = [s for s in action if _WE_WORDS.search(s.text) and not _I_WORDS.search(s.text)]
    return [
        StarFinding(
            check="we-not-i",
            severity=PROBLEM,
            part=A,
            message=f'The action says "we" {we_count} times and "I" {i_count} '
            f"time{'' if i_count == 1 else 's'}: interviewers hire you, not the team. Say what "
            'you did yourself ("I wrote …", "I convinced …").',
            evidence=[_evidence(s) for s in we_sentences or action],
        )
    ]


def _shares_text(layout: StarLayout) -> str:
    shares = layout.shares()
    return "/".join(f"{round(shares[p] * 100)}" for p in STAR_PARTS)


def check_balance(layout: StarLayout) -> list[StarFinding]:
    action = layout.of(A)
    if not action or not layout.total_words:
        return []
    shares = layout.shares()
    if shares[A] >= MIN_ACTION_SHARE and layout.words(A) >= layout.words(S):
        return []
    situation = layout.of(S)
    long_scene = layout.words(S) > layout.words(A) or shares[S] > TARGET_SHARES[S] + 0.1
    advice = (
        "Cut the scene-setting and spend the words on what you did."
        if long_scene
        else "Say more about what you did: the steps, the choices and who you had to convince."
    )
    return [
        StarFinding(
            check="action-too-short",
            severity=PROBLEM,
            part=A,
            message=f"The action is {shares[A]:.0%} of the story and the situation "
            f"{shares[S]:.0%} (S/T/A/R now {_shares_text(layout)}; aim roughly 20/10/60/10). "
            + advice,
            evidence=[_evidence(s) for s in (situation if long_scene and situation else action)],
        )
    ]


def spoken_minutes(words: int) -> float:
    return words / WORDS_PER_MINUTE


def check_length(layout: StarLayout) -> list[StarFinding]:
    words = layout.total_words
    if words <= MAX_SPOKEN_WORDS:
        return []
    seconds = round(spoken_minutes(words) * 60)
    shares = layout.shares()
    over = max(STAR_PARTS, key=lambda p: shares[p] - TARGET_SHARES[p])
    return [
        StarFinding(
            check="too-long",
            severity=WARNING,
            part=over,
            message=f"About {words} words: roughly {seconds // 60}:{seconds % 60:02d} spoken at "
            f"{WORDS_PER_MINUTE} words a minute; aim for two minutes (about {MAX_SPOKEN_WORDS} "
            f"words). The {over.label.lower()} is longest against its aim: trim it first.",
            evidence=[_evidence(s) for s in layout.of(over)],
        )
    ]


def check_vague_verbs(layout: StarLayout) -> list[StarFinding]:
    evidence: list[StarEvidence] = []
    for s in layout.sentences:
        if s.part not in (A, R):
            continue
        for match in VAGUE_VERBS.finditer(s.text):
            evidence.append(_evidence(s, match.start(), match.end()))
    if not evidence:
        return []
    verbs = ", ".join(dict.fromkeys(f'"{e.quote}"' for e in evidence))
    return [
        StarFinding(
            check="vague-verbs",
            severity=WARNING,
            part=A,
            message=f'Vague verbs: {verbs}. Say exactly what you did ("I wrote the eval '
            'script", "I negotiated the deadline").',
            evidence=evidence,
        )
    ]


def check_reflection(layout: StarLayout) -> list[StarFinding]:
    if not layout.sentences or any(_REFLECTION.search(s.text) for s in layout.sentences):
        return []
    last = layout.sentences[-1]
    return [
        StarFinding(
            check="no-reflection",
            severity=WARNING,
            part=R,
            message="Nothing says what you learned. Close with one sentence on what you took "
            'away or would do differently ("I learned …", "Next time I …"). The story '
            f'now ends: "{_quote(last.text)}"',
            evidence=[_evidence(last)],
        )
    ]


def check_layout(layout: StarLayout) -> list[StarFinding]:
    """Every check, in a stable order."""
    return [
        *check_parts(layout),
        *check_measurable_result(layout),
        *check_ownership(layout),
        *check_balance(layout),
        *check_length(layout),
        *check_vague_verbs(layout),
        *check_reflection(layout),
    ]


def check_story(story: StoryDraft) -> list[StarFinding]:
    """Every check on a written story (its parts as written)."""
    return check_layout(story_layout(story))
