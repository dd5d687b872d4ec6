"""The behavioural coach: a practice answer judged as a STAR story, composed into its grade.

``review_behavioural(grade, question, answer, stories, embedder)`` is the one place the STAR
section is attached; practice (terminal and web), ``mockprep grade`` and ``POST /api/v1/grade``
all call it (through ``review_for_user`` when they have a database).

The STAR score (0-10) is ``10 × (0.4 shape + 0.2 relevance + 0.2 specificity + 0.2 ownership)``:

- **shape**: the four parts are there (S 0.2, T 0.15, A 0.4, R 0.25; a thin part counts half),
  times a balance factor that falls from 1 to 0.7 as the word shares move away from 20/10/60/10;
- **relevance**: the grader's share of on-topic sentences, averaged (with an embedder) with how
  close the answer is to the competency the question asks about;
- **specificity**: numbers, named systems and tools, and a measurable result, averaged with the
  grader's own specificity signal;
- **ownership**: the share of "I" among "I" and "we" in the action (smoothed).

The grade's score then becomes ``content × (0.85 + 0.15 × STAR / 10)`` (``SCORE_RULE``): the
rubric decides what was said, and the way it was told keeps from 85% (no STAR shape at all) to
all of it (a textbook story). It never lifts a score: a short non-answer is mostly "I" sentences
and on topic, so any rule that let STAR add points lifted exactly the answers the bank rates
lowest. The band and pass follow the new score. Measured on the bank's 64 behavioural samples,
Spearman against the intended scores is 0.8654 for the content score and 0.8656 composed; a
0.7/0.3 weighted sum fell to 0.85 (``benchmarks/bench_star.py`` prints the figures).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from mockprep.bank.schema import Kind, Question
from mockprep.grading.models import Grade, band_for, passes
from mockprep.nlp.embeddings import EmbeddingCache, TransientEmbedder
from mockprep.nlp.text import tokenize, word_count
from mockprep.star.checks import THIN_WORDS, check_layout, pronoun_counts
from mockprep.star.coverage import StoredStory, StoryMatch, stories_for_question
from mockprep.star.layout import StarLayout
from mockprep.star.review import (
    STAR_PARTS,
    TARGET_SHARES,
    PartShare,
    StarFinding,
    StarPart,
    StarReview,
    StoryReminder,
)
from mockprep.star.splitter import Embedder, anchors, split_answer
from mockprep.store.database import Database
from mockprep.store.stories_repository import StoryRepository

S, T, A, R = STAR_PARTS

STAR_FLOOR = 0.85
STAR_SPAN = 0.15
SCORE_RULE = (
    "score = content × (0.85 + 0.15 × STAR/10); "
    "STAR = 10 × (0.4 shape + 0.2 relevance + 0.2 specificity + 0.2 ownership)"
)
PART_WEIGHTS: dict[StarPart, float] = {S: 0.2, T: 0.15, A: 0.4, R: 0.25}
RELEVANCE_COSINE = (0.10, 0.50)
"""Cosine between answer and competency mapped linearly to 0-1 between these two values."""

_PRIORITY = (
    "missing-part",
    "we-not-i",
    "action-too-short",
    "no-measurable-result",
    "thin-part",
    "vague-verbs",
    "no-reflection",
    "too-long",
)
_MISSING_ORDER = (A, R, T, S)
_NUMBER = re.compile(
    r"\d|\b(?:percent|per cent|half|doubled|tripled|hundred|thousand|million)\b", re.I
)


def _clip(value: float) -> float:
    return max(0.0, min(1.0, value))


def shape_score(layout: StarLayout) -> float:
    """Parts present (thin ones count half), times a balance factor for the word shares."""
    presence = 0.0
    for part in STAR_PARTS:
        words = layout.words(part)
        if words >= THIN_WORDS[part]:
            presence += PART_WEIGHTS[part]
        elif words:
            presence += PART_WEIGHTS[part] / 2
    shares = layout.shares()
    distance = sum(abs(shares[p] - TARGET_SHARES[p]) for p in STAR_PARTS) / 2
    return round(_clip(presence * (1.0 - 0.3 * distance)), 3)


def _is_named(word: str) -> bool:
    """A capitalised word mid-sentence (a system, a tool, a team) or a code like GPT-4 or S3."""
    if word[:1].isupper() and word.lower() not in ("i", "i'm", "i've", "i'd", "i'll"):
        return True
    return any(ch.isdigit() for ch in word) and any(ch.isalpha() for ch in word)


def specificity_score(layout: StarLayout, grader_specificity: float) -> float:
    """Numbers, named things (capitalised or technical words mid-sentence), a measurable result."""
    words = max(layout.total_words, 1)
    numbers = len(_NUMBER.findall(layout.text))
    named = 0
    for sentence in layout.sentences:
        for token in tokenize(sentence.text)[1:]:
            named += _is_named(token.text)
    measurable = any(_NUMBER.search(s.text) for s in layout.of(R))
    per_100 = 100 / words
    own = (
        0.4 * _clip(numbers * per_100 / 3)
        + 0.3 * _clip(named * per_100 / 3)
        + 0.3 * (1.0 if measurable else 0.0)
    )
    return round((own + grader_specificity) / 2, 3)


def ownership_score(layout: StarLayout) -> tuple[float, int, int]:
    """Share of "I" among "I" and "we" in the action (the whole answer when there is no action)."""
    sentences = layout.of(A) or list(layout.sentences)
    i_count, we_count = pronoun_counts(sentences)
    if not sentences:
        return 0.0, 0, 0
    return round((i_count + 0.5) / (i_count + we_count + 1.0), 3), i_count, we_count


def competency_probe(question: Question) -> str:
    """The text an answer's relevance is measured against: the competency and the question."""
    return (
        f"A story that shows {question.competency or 'the skill asked about'}. {question.question}"
    )


def prepare_review(question: Question, embedder: Embedder) -> None:
    """Embed what every review of a behavioural question needs: its competency probe and the
    splitter's anchor sentences. A warm-up, so that no answer waits for them (they are cached)."""
    if question.kind is Kind.BEHAVIOURAL:
        embedder.embed([competency_probe(question)])
        for part in STAR_PARTS:
            embedder.embed(list(anchors()[part]))


def relevance_score(
    answer: str, question: Question, grader_relevance: float, embedder: Embedder | None
) -> float:
    if embedder is None or not answer.strip():
        return round(grader_relevance, 3)
    vectors = embedder.embed([answer, competency_probe(question)])
    cosine = float(np.dot(vectors[0], vectors[1]))
    lo, hi = RELEVANCE_COSINE
    return round((grader_relevance + _clip((cosine - lo) / (hi - lo))) / 2, 3)


def _strengthen(findings: list[StarFinding]) -> tuple[StarPart | None, str]:
    for check in _PRIORITY:
        found = [f for f in findings if f.check == check]
        if not found:
            continue
        if check == "missing-part":
            found.sort(key=lambda f: _MISSING_ORDER.index(f.part) if f.part else 9)
        first = found[0]
        return first.part, first.message
    return None, "A well-shaped story: all four parts, your own actions and a measurable result."


def choose_reminder(
    question: Question,
    answer: str,
    stories: Sequence[StoredStory],
    embedder: Embedder | None,
) -> StoryReminder | None:
    """The candidate's best-fitting story for ``question`` (linked first, then the closest)."""
    matches = stories_for_question(question, stories)
    if not matches:
        return None
    linked = [m for m in matches if m.reason == "linked"]
    pool: list[StoryMatch] = linked or matches
    best = pool[0]
    if len(pool) > 1 and embedder is not None:
        texts = {s.id: f"{s.draft.title}. {s.draft.situation} {s.draft.action}" for s in stories}
        vectors = embedder.embed(
            [f"{question.question} {answer}", *(texts[m.story_id] for m in pool)]
        )
        sims = vectors[1:] @ vectors[0]
        best = pool[int(np.argmax(sims))]
    reason = (
        "you linked it to this question"
        if best.reason == "linked"
        else f"it shows {question.competency}"
    )
    return StoryReminder(story_id=best.story_id, title=best.title, reason=reason)


def review_answer(
    grade: Grade,
    question: Question,
    answer: str,
    stories: Sequence[StoredStory] = (),
    embedder: Embedder | None = None,
) -> StarReview:
    """The STAR section for one behavioural answer (the grade's score is not changed here).

    The answer's vectors are kept in memory only: a shared cache writes nothing to disk for it.
    """
    if isinstance(embedder, EmbeddingCache):
        embedder = TransientEmbedder(embedder)
    layout = split_answer(answer, embedder)
    findings = check_layout(layout)
    shape = shape_score(layout)
    relevance = relevance_score(answer, question, grade.signals.relevance, embedder)
    specificity = specificity_score(layout, grade.signals.specificity)
    ownership, i_count, we_count = ownership_score(layout)
    if not layout.sentences or word_count(answer) == 0:
        shape = relevance = specificity = ownership = 0.0
    star = 10 * (0.4 * shape + 0.2 * relevance + 0.2 * specificity + 0.2 * ownership)
    part, advice = _strengthen(findings)
    shares = layout.shares()
    return StarReview(
        score=round(_clip(star / 10) * 10, 1),
        content_score=grade.score,
        shape=shape,
        relevance=relevance,
        specificity=specificity,
        ownership=ownership,
        competency=question.competency,
        shares=[
            PartShare(
                part=p, words=layout.words(p), share=round(shares[p], 3), target=TARGET_SHARES[p]
            )
            for p in STAR_PARTS
        ],
        i_count=i_count,
        we_count=we_count,
        strengthen=part,
        advice=advice,
        findings=findings,
        reminder=choose_reminder(question, answer, stories, embedder),
        rule=SCORE_RULE,
    )


def composed_score(content: float, star: float) -> float:
    """``SCORE_RULE``: the content score scaled by 85-100% with the STAR score."""
    score = content * (STAR_FLOOR + STAR_SPAN * max(0.0, min(10.0, star)) / 10)
    return round(max(0.0, min(content, score)), 1)


def _feedback(grade: Grade, review: StarReview) -> str:
    parts = [grade.feedback.rstrip()]
    if review.strengthen is not None:
        parts.append(f"STAR: strengthen your {review.strengthen.label.lower()}. {review.advice}")
    else:
        parts.append(f"STAR: {review.advice}")
    if review.reminder is not None:
        parts.append(
            f'You have a story for this in your bank: "{review.reminder.title}" '
            f"({review.reminder.reason})."
        )
    return " ".join(p for p in parts if p)


def review_behavioural(
    grade: Grade,
    question: Question,
    answer: str,
    stories: Sequence[StoredStory] = (),
    embedder: Embedder | None = None,
) -> Grade:
    """A new grade with the STAR section attached and the score composed (``SCORE_RULE``).

    Questions that are not behavioural come back unchanged.
    """
    if question.kind is not Kind.BEHAVIOURAL:
        return grade
    review = review_answer(grade, question, answer, stories, embedder)
    score = composed_score(grade.score, review.score)
    band = band_for(score)
    return grade.model_copy(
        update={
            "score": score,
            "band": band,
            "passed": passes(band),
            "feedback": _feedback(grade, review),
            "star": review,
        }
    )


def review_for_user(
    db: Database,
    user_id: int,
    grade: Grade,
    question: Question,
    answer: str,
    embedder: Embedder | None = None,
) -> Grade:
    """``review_behavioural`` with the user's own story bank (behavioural questions only)."""
    if question.kind is not Kind.BEHAVIOURAL:
        return grade
    with db.read() as session:
        stories = StoryRepository(session).list(user_id)
    return review_behavioural(grade, question, answer, stories, embedder)
