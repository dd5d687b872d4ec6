"""Negation scope at clause level."""

from __future__ import annotations

import pytest

from mockprep.nlp.negation import negated_words
from mockprep.nlp.text import tokenize


def _negated(text: str) -> list[str]:
    return [t.text for t, n in zip(tokenize(text), negated_words(text), strict=True) if n]


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("The bulb is in a closed path.", []),
        (
            "The bulb is not in a closed path.",
            ["The", "bulb", "is", "not", "in", "a", "closed", "path"],
        ),
        ("There is no gap", ["There", "is", "no", "gap"]),
        ("The terminals aren't connected", ["The", "terminals", "aren't", "connected"]),
        ("It never converges without a base case", []),  # two cues: the clause is affirmed
    ],
)
def test_a_clause_with_an_odd_number_of_cues_is_negated(text: str, negated: list[str]) -> None:
    assert _negated(text) == negated


def test_scope_ends_at_punctuation_and_at_a_new_clause() -> None:
    text = "The switch is not closed, so the bulb is off because current flows elsewhere"
    assert _negated(text) == ["The", "switch", "is", "not", "closed"]
    assert _negated("It is not cheap but it is fast") == ["It", "is", "not", "cheap"]
    assert _negated("Not stored; read from disk. No cache.") == ["Not", "stored", "No", "cache"]
    assert _negated("I learned that a demo isn't evidence") == [
        "that",
        "a",
        "demo",
        "isn't",
        "evidence",
    ]


def test_one_flag_per_token_even_for_empty_text() -> None:
    assert negated_words("") == []
    text = "Nothing here; something there"
    assert len(negated_words(text)) == len(tokenize(text))
