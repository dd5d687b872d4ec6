"""The behavioural coach: STAR shape, relevance, specificity and ownership composed into the grade,
feedback that names the part to strengthen, and the reminder of a matching story."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mockprep.bank.catalog import bundled_questions
from mockprep.bank.schema import Kind, Question
from mockprep.grading.agreement import spearman
from mockprep.grading.grader import Grader
from mockprep.grading.models import Grade, band_for
from mockprep.nlp.embeddings import load_embedding_model
from mockprep.nlp.text import split_sentences
from mockprep.star.coach import composed_score, prepare_review, review_behavioural
from mockprep.star.review import StarPart
from mockprep.star.splitter import anchors
from mockprep.star.story import StoryDraft

WE_ANSWER = (
    "At my last company two senior engineers disagreed about whether to fine-tune a model or use "
    "retrieval for the support assistant, and the argument had stalled the project for weeks. "
    "We needed to make a decision. We looked at the options together and we talked to the team. "
    "We agreed on retrieval in the end and we shipped it. It went fine."
)
I_ANSWER = (
    "At my last company a colleague and I disagreed about whether to fine-tune a model or use "
    "retrieval for our support assistant. My role was tech lead, so I had to get us to a decision. "
    "I proposed that we stop arguing and build an eval set of 100 real tickets. I built the "
    "retrieval prototype, she built the fine-tuned one, and I ran both on the set and shared the "
    "table with her before anyone else. Retrieval won by 12 points and cost less, so we shipped "
    "it in three weeks. I learned that a small eval set settles arguments faster than debate."
)


@dataclass(frozen=True)
class Saved:
    id: int
    draft: StoryDraft


def _question(behavioural: list[Question], qid: str) -> Question:
    return next(q for q in behavioural if q.id == qid)


def test_composed_score_follows_the_documented_rule() -> None:
    assert composed_score(8.0, 10.0) == 8.0
    assert composed_score(8.0, 0.0) == 6.8
    assert composed_score(6.0, 5.0) == round(6.0 * (0.85 + 0.15 * 0.5), 1)


def test_review_attaches_star_and_recomputes_band(
    grader: Grader, behavioural: list[Question]
) -> None:
    q = _question(behavioural, "behavioural-conflict-colleague")
    base = grader.grade(q, I_ANSWER)
    graded = review_behavioural(base, q, I_ANSWER, (), grader.cache)
    assert graded.star is not None
    assert graded.star.content_score == base.score
    assert graded.score == composed_score(base.score, graded.star.score)
    assert graded.band == band_for(graded.score)
    assert Grade.model_validate_json(graded.model_dump_json()) == graded
    assert graded.star.ownership >= 0.6 and graded.star.i_count > graded.star.we_count
    assert not any(f.check == "we-not-i" for f in graded.star.findings)


def test_we_answer_is_told_to_strengthen_the_action_with_quotes(
    grader: Grader, behavioural: list[Question]
) -> None:
    q = _question(behavioural, "behavioural-conflict-colleague")
    graded = review_behavioural(grader.grade(q, WE_ANSWER), q, WE_ANSWER, (), grader.cache)
    assert graded.star is not None
    assert graded.star.strengthen is StarPart.ACTION
    assert graded.star.we_count > graded.star.i_count
    [we] = [f for f in graded.star.findings if f.check == "we-not-i"]
    assert all(WE_ANSWER[e.start : e.end] == e.quote for e in we.evidence)
    assert "strengthen your action" in graded.feedback
    mine = review_behavioural(grader.grade(q, I_ANSWER), q, I_ANSWER, (), grader.cache)
    assert mine.star is not None and mine.star.score > graded.star.score
    assert mine.star.ownership > graded.star.ownership


def test_reminds_of_the_linked_story_before_a_competency_match(
    grader: Grader, behavioural: list[Question]
) -> None:
    q = _question(behavioural, "behavioural-conflict-colleague")
    stories = [
        Saved(
            3,
            StoryDraft(
                title="Pricing spat", action="I ran the numbers.", competencies=["conflict"]
            ),
        ),
        Saved(7, StoryDraft(title="Eval set truce", action="I built an eval.", questions=[q.id])),
        Saved(9, StoryDraft(title="Unrelated", action="I shipped.", competencies=["ethics"])),
    ]
    graded = review_behavioural(grader.grade(q, I_ANSWER), q, I_ANSWER, stories, grader.cache)
    assert graded.star is not None and graded.star.reminder is not None
    assert graded.star.reminder.story_id == 7
    assert "Eval set truce" in graded.feedback
    only_competency = review_behavioural(
        grader.grade(q, I_ANSWER), q, I_ANSWER, [stories[0], stories[2]], grader.cache
    )
    assert only_competency.star is not None and only_competency.star.reminder is not None
    assert only_competency.star.reminder.story_id == 3
    assert "conflict" in only_competency.star.reminder.reason
    none = review_behavioural(grader.grade(q, I_ANSWER), q, I_ANSWER, [stories[2]], grader.cache)
    assert none.star is not None and none.star.reminder is None


def test_other_questions_are_left_alone(grader: Grader) -> None:
    q = next(q for q in bundled_questions() if q.kind is not Kind.BEHAVIOURAL)
    grade = grader.grade(q, q.model_answer)
    assert review_behavioural(grade, q, q.model_answer, (), grader.cache) is grade


def test_bank_samples_rank_no_worse_with_the_composed_score(
    grader: Grader, behavioural: list[Question]
) -> None:
    """The brief: the composed score must not rank the 64 behavioural samples worse than the
    content score does. Measured 0.8654 -> 0.8656 (benchmarks/bench_star.py); the grader is tuned
    separately, so a 0.005 allowance keeps this from failing on a rounding flip."""
    items = [(q, s.answer) for q in behavioural for s in q.samples]
    intended = [s.score for q in behavioural for s in q.samples]
    grades = grader.grade_many(items)
    composed = [
        review_behavioural(g, q, a, (), grader.cache)
        for (q, a), g in zip(items, grades, strict=True)
    ]
    before = spearman([g.score for g in grades], intended)
    after = spearman([g.score for g in composed], intended)
    print(f"Spearman vs intended: content {before:.4f}, composed {after:.4f}")
    assert len(items) == 64
    assert after >= before - 0.005
    strong = [g for g, (q, a) in zip(composed, items, strict=True) if a == q.samples[0].answer]
    assert all(g.star is not None for g in composed)
    assert sum(g.star.score for g in strong if g.star) / len(strong) > 6.0


def test_prepare_review_embeds_the_probe_and_anchors_ahead_and_changes_no_review(
    behavioural: list[Question],
) -> None:
    question = behavioural[0]
    cold = Grader(load_embedding_model())
    expected = review_behavioural(
        cold.grade(question, I_ANSWER), question, I_ANSWER, (), cold.cache
    )
    warm = Grader(load_embedding_model())
    prepare_review(question, warm.cache)
    prepared = warm.cache.stats.misses
    assert prepared == 1 + sum(len(v) for v in anchors().values())
    grade = warm.grade(question, I_ANSWER)
    assert review_behavioural(grade, question, I_ANSWER, (), warm.cache) == expected
    # only the answer itself and its sentences were new to the cache; the probe and anchors were not
    sentences = {s.text for s in split_sentences(I_ANSWER)}
    assert warm.cache.stats.misses - prepared == len(sentences) + 1
    concept = next(q for q in bundled_questions() if q.kind is not Kind.BEHAVIOURAL)
    prepare_review(concept, warm.cache)  # nothing to prepare for other kinds
    assert warm.cache.stats.misses - prepared == len(sentences) + 1


def test_the_answer_leaves_nothing_in_the_cache_folder(
    grader: Grader, behavioural: list[Question], tmp_path: Path
) -> None:
    """The cache folder keeps vectors of the bank's texts, never of what a user wrote: it would
    grow with every answer and hold a trace of answers the user may have deleted."""
    q = _question(behavioural, "behavioural-conflict-colleague")
    cached = Grader(grader.model, cache_dir=tmp_path)
    cached.prepare(q)
    prepare_review(q, cached.cache)  # the rubric, the probe and the anchors may be kept on disk
    before = sorted(tmp_path.rglob("*.npy"))
    assert before, "the warm-up writes the bank's own texts to the folder"
    graded = review_behavioural(cached.grade(q, I_ANSWER), q, I_ANSWER, (), cached.cache)
    assert graded.star is not None
    assert sorted(tmp_path.rglob("*.npy")) == before
    plain = review_behavioural(grader.grade(q, I_ANSWER), q, I_ANSWER, (), grader.cache)
    assert graded == plain
