"""The free-text splitter: accuracy on the hand-labelled stories is reported and pinned, offsets
index the text, and the pure ``split_answer`` works with and without an embedding model."""

from __future__ import annotations

from mockprep.grading.grader import Grader
from mockprep.star.review import StarPart
from mockprep.star.splitter import evaluate_splitter, labelled_stories, split_answer

TEST_ACCURACY_FLOOR = 0.90
"""Measured (benchmarks/bench_star.py): 93.8% of the 97 sentences of the 14 held-out ("test")
stories with embeddings, 93.8% with cues and position only; 97.7% on the 12 "dev" stories the
cues were chosen on. The floor leaves room for about four sentences to change."""
CUES_ONLY_FLOOR = 0.88


def test_there_are_enough_labelled_stories_in_both_splits() -> None:
    stories = labelled_stories()
    assert sum(s.split == "dev" for s in stories) >= 10
    assert sum(s.split == "test" for s in stories) >= 12
    labels = {p for s in stories for p, _ in s.sentences}
    assert labels == set(StarPart)


def test_accuracy_on_held_out_stories_is_pinned(grader: Grader) -> None:
    held_out = [s for s in labelled_stories() if s.split == "test"]
    report = evaluate_splitter(held_out, grader.cache)
    print(f"splitter accuracy on held-out stories: {report.accuracy:.1%} ({report.sentences})")
    assert report.sentences >= 90
    assert report.accuracy >= TEST_ACCURACY_FLOOR
    assert all(v >= 0.75 for v in report.per_part.values()), report.per_part


def test_cues_alone_still_split_most_sentences() -> None:
    report = evaluate_splitter([s for s in labelled_stories() if s.split == "test"], None)
    assert report.accuracy >= CUES_ONLY_FLOOR


def test_split_answer_gives_offsets_into_the_text(grader: Grader) -> None:
    text = (
        "Last year our chatbot kept citing an old refund policy.  My job was to stop it. "
        "I traced it to a stale index, and I scheduled a nightly rebuild with a check.\n\n"
        "Wrong answers about refunds fell from 40 a week to 2. I learned to test the data too."
    )
    layout = split_answer(text, grader.cache)
    assert [s.part for s in layout.sentences] == [
        StarPart.SITUATION,
        StarPart.TASK,
        StarPart.ACTION,
        StarPart.RESULT,
        StarPart.RESULT,
    ]
    for s in layout.sentences:
        assert text[s.start : s.end] == s.text
        assert 0 < s.confidence <= 1
    assert split_answer(text, grader.cache) == layout  # pure: same input, same output


def test_split_of_empty_text_is_empty() -> None:
    assert split_answer("   ").sentences == ()
