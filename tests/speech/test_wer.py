"""Word error rate: the normaliser treats both sides alike and forgives only what no listener
would call a mistake."""

from __future__ import annotations

import pytest

from mockprep.speech.wer import (
    common_spelling,
    edit_distance,
    join_compounds,
    normalise_words,
    spoken_numbers_to_digits,
    word_errors,
)


def test_edit_distance_counts_substitutions_insertions_and_deletions() -> None:
    assert edit_distance(["a", "b", "c"], ["a", "b", "c"]) == 0
    assert edit_distance(["a", "b", "c"], ["a", "x", "c"]) == 1
    assert edit_distance(["a", "b", "c"], ["a", "b", "c", "d"]) == 1
    assert edit_distance(["a", "b", "c"], ["b", "c"]) == 1
    assert edit_distance([], ["a", "b"]) == 2
    assert edit_distance(["a", "b"], []) == 2


def test_punctuation_case_fillers_and_contractions() -> None:
    assert normalise_words("Um, so, uh, it's fine; we're DONE!") == [
        "so",
        "it",
        "is",
        "fine",
        "we",
        "are",
        "done",
    ]
    assert normalise_words("I won't, can't and shouldn't.") == [
        "i",
        "will",
        "not",
        "can",
        "not",
        "and",
        "should",
        "not",
    ]
    assert normalise_words("Let's go [laughs] now") == ["let", "us", "go", "now"]


@pytest.mark.parametrize(
    ("british", "american_form"),
    [
        ("colour", "color"),
        ("odours", "odors"),
        ("favourite", "favorite"),
        ("behavioural", "behavioral"),
        ("organise", "organise"),
        ("organize", "organise"),
        ("optimization", "optimisation"),
        ("analyze", "analyse"),
        ("centre", "center"),
        ("kilometres", "kilometers"),
        ("modelling", "modeling"),
        ("labelled", "labeled"),
        ("programme", "program"),
        ("grey", "gray"),
    ],
)
def test_british_and_american_spellings_meet(british: str, american_form: str) -> None:
    assert common_spelling(british) == common_spelling(american_form)


@pytest.mark.parametrize(
    "word",
    [
        "four",
        "hour",
        "your",
        "flour",
        "contour",
        "detour",
        "size",
        "prize",
        "seize",
        "acre",
        "genre",
        "filling",
        "telling",
        "feeling",
        "more",
        "were",
        "there",
    ],
)
def test_distinct_words_are_not_respelled(word: str) -> None:
    assert common_spelling(word) == word


def test_spoken_numbers_become_figures() -> None:
    def digits(text: str) -> str:
        return " ".join(spoken_numbers_to_digits(text.split()))

    assert digits("twenty five requests") == "25 requests"
    assert digits("two hundred and fifty three") == "253"
    assert digits("one hundred thousand users") == "100000 users"
    assert digits("three point five seconds") == "3.5 seconds"
    assert digits("the twenty first row") == "the 21st row"
    assert digits("five six") == "5 6"
    assert digits("a hundred") == "a hundred"  # a lone scale word stays a word
    assert digits("salt and pepper") == "salt and pepper"


def test_figures_symbols_and_spelled_numbers_compare_equal() -> None:
    assert (
        word_errors(
            "It costs five dollars, 25 percent less.", "It costs $5, twenty-five % less"
        ).errors
        == 0
    )
    assert (
        word_errors(
            "We had 1,000 users in twenty twenty-four.", "we had one thousand users in 2024"
        ).errors
        == 0
    )


def test_compounds_written_apart_or_together_are_one_word() -> None:
    assert join_compounds(["the", "roll", "back", "plan"], {"rollback"}) == [
        "the",
        "rollback",
        "plan",
    ]
    # both parts are words of the other side too: nothing to join
    assert join_compounds(["roll", "back"], {"rollback", "roll", "back"}) == ["roll", "back"]
    result = word_errors(
        "A re-ranker reads the roll-back plan.", "a reranker reads the rollback plan"
    )
    assert result.errors == 0 and result.reference_words == 6


def test_real_mistakes_still_count_the_same_both_ways() -> None:
    ref, hyp = (
        "Latency went down after we cached queries.",
        "Late and see went down after we cashed queries",
    )
    forward, backward = word_errors(ref, hyp), word_errors(hyp, ref)
    assert forward.errors == 4 and forward.reference_words == 7
    assert backward.errors == forward.errors
    assert forward.rate == pytest.approx(4 / 7)
    assert word_errors("", "").rate == 0.0
