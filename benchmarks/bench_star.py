"""STAR stories: splitter accuracy on the labelled stories, the composed behavioural score against
the bank's intended sample scores (Spearman before and after), and how fast checks and reviews run.

Prints figures; asserts nothing (tests/star pins the accuracy floor). Run with `make bench` or
`python benchmarks/bench_star.py`.
"""

from __future__ import annotations

import time

from mockprep.bank.catalog import bundled_questions
from mockprep.bank.schema import Kind
from mockprep.grading.agreement import spearman
from mockprep.grading.grader import Grader
from mockprep.nlp.embeddings import load_embedding_model
from mockprep.star.checks import check_story
from mockprep.star.coach import review_behavioural
from mockprep.star.splitter import evaluate_splitter, labelled_stories
from mockprep.star.story import StoryDraft


def splitter_figures(grader: Grader) -> None:
    stories = labelled_stories()
    for name, embedder in (("cues and position only", None), ("with embeddings", grader.cache)):
        for split in ("dev", "test", "all"):
            chosen = [s for s in stories if split in ("all", s.split)]
            acc = evaluate_splitter(chosen, embedder)
            parts = ", ".join(f"{p.letter} {v:.0%}" for p, v in acc.per_part.items())
            print(
                f"splitter {name:24s} {split:4s}: {acc.accuracy:.1%} of {acc.sentences} "
                f"sentences in {acc.stories} stories ({parts})"
            )


def ranking_figures(grader: Grader) -> None:
    questions = [q for q in bundled_questions() if q.kind is Kind.BEHAVIOURAL]
    items = [(q, s.answer) for q in questions for s in q.samples]
    intended = [s.score for q in questions for s in q.samples]
    grades = grader.grade_many(items)
    t0 = time.perf_counter()
    composed = [
        review_behavioural(g, q, a, (), grader.cache)
        for (q, a), g in zip(items, grades, strict=True)
    ]
    per_review = (time.perf_counter() - t0) / len(items)
    before = spearman([g.score for g in grades], intended)
    after = spearman([g.score for g in composed], intended)
    star_only = spearman([g.star.score if g.star else 0.0 for g in composed], intended)
    print(f"behavioural samples: {len(items)} answers to {len(questions)} questions")
    print(f"Spearman vs intended: content score {before:.4f} -> composed score {after:.4f}")
    print(f"Spearman vs intended of the STAR score alone: {star_only:.4f}")
    print(f"STAR review per answer (embeddings cached after grading): {per_review * 1000:.1f} ms")


def check_speed() -> None:
    stories = [
        StoryDraft(
            title=f"story {i}",
            situation="Our search service was slow and customers complained every week. " * 2,
            task="I was responsible for bringing latency down.",
            action="I profiled the service, I cached the embeddings and I rewrote the ranking "
            "step so that it ran once per query instead of once per document. " * 3,
            result="Latency fell from 900 ms to 120 ms. I learned to measure before I optimise.",
        )
        for i in range(200)
    ]
    t0 = time.perf_counter()
    for story in stories:
        check_story(story)
    took = time.perf_counter() - t0
    print(
        f"checks on {len(stories)} stories: {took * 1000:.0f} ms ({took / len(stories) * 1000:.2f} ms each)"
    )


def main() -> None:
    grader = Grader(load_embedding_model())
    splitter_figures(grader)
    ranking_figures(grader)
    check_speed()


if __name__ == "__main__":
    main()
