"""Negation scope: which words of a text sit in a negated clause.

A clause is negated when it holds an odd number of negation cues (``not``, ``no``, ``never``,
``n't``, ``without`` ...), so "the bulb is not in a closed path" is negated from its first word to
its last and "it is not true that it is not closed" is not. Clauses end at punctuation and at words
that start a new clause (``but``, ``because``, ``which`` ...). Pure and lexical, like a NegEx
scope at clause level: it reads polarity, not meaning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from mockprep.nlp.text import Token, tokenize

_CUES_TEXT = "not no never without neither nor none nothing nobody nowhere cannot can't won't"
NEGATION_CUES: frozenset[str] = frozenset(_CUES_TEXT.split())
"""Words that negate their clause (plus every word ending in ``n't``)."""
_BREAKERS_TEXT = """but because since although though whereas while unless however yet so therefore
    thus that which who whom whose where when if then"""
CLAUSE_BREAKERS: frozenset[str] = frozenset(_BREAKERS_TEXT.split())
"""Words that start a new clause: a negation before them does not reach past them, and one after
them does not reach back ("I learned that a demo isn't evidence" affirms "I learned")."""
_CLAUSE_PUNCTUATION = re.compile(r"[,;:.!?()\[\]\n]|\s[-–—]\s")


def is_negation_cue(token: Token) -> bool:
    word = token.text.lower().replace("’", "'")
    return word in NEGATION_CUES or word.endswith("n't")


def negated_words(text: str, tokens: Sequence[Token] | None = None) -> list[bool]:
    """For each word of ``tokenize(text)``: does it sit in a negated clause?"""
    words = list(tokens) if tokens is not None else tokenize(text)
    out = [False] * len(words)
    clause_start = 0
    cues = 0
    previous_end = 0

    def close(end: int) -> None:
        if cues % 2 == 1:
            for i in range(clause_start, end):
                out[i] = True

    for i, token in enumerate(words):
        gap = text[previous_end : token.start]
        if i > 0 and (_CLAUSE_PUNCTUATION.search(gap) or token.text.lower() in CLAUSE_BREAKERS):
            close(i)
            clause_start, cues = i, 0
        if is_negation_cue(token):
            cues += 1
        previous_end = token.end
    close(len(words))
    return out
