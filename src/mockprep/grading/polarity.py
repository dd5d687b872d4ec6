"""Polarity: which word pairs are opposites, and (from ``nlp.negation``) which words sit in a
negated clause.

A sentence can share nearly every word with a reference and still say the opposite ("the bulb is
not in a closed path" against "the bulb is in a closed path"; "connected to the positive
terminal" against "connected to the negative terminal"). Contextual word vectors barely register
the difference, so word alignment (``alignment.align``) discounts a match of two words when:

- one sits in a negated clause and the other does not (``nlp.negation.negated_words``);
- they are opposites (``are_opposites``): a short list of general English antonym pairs, and
  prefix negation (``complete``/``incomplete``, ``connected``/``disconnected``).

Everything here is pure and lexical; words are compared by the same match key as the lexical
matcher (which also refuses a rubric phrasing found in a clause of the other polarity).
"""

from __future__ import annotations

import re
from functools import lru_cache

from mockprep.grading.lexical import match_key
from mockprep.nlp.text import normalise

_OPPOSITES_TEXT = """
positive negative | increase decrease | increase reduce | rise fall | raise lower | gain loss
gain lose | higher lower | high low | upper lower | larger smaller | large small | big small
bigger smaller | greater smaller | less greater | fewer greater | maximum minimum
similar different | open closed | open close | open shut | connected separated
connect separate | attached detached | complete broken | inside outside | internal external
input output | top bottom | left right | north south | east west | first last | early late
earlier later | start stop | start end | begin end | beginning end | add remove
include exclude | accept reject | allow prevent | allow block | enable disable | true false
correct wrong | right wrong | success failure | succeed fail | pass fail | win lose | expand contract
expand shrink | strong weak | stronger weaker | heavy light | long short | longer shorter
wide narrow | thick thin | deep shallow | full empty | wet dry | hot cold | warm cool | heat cool
hotter colder | warmer cooler | fast slow | faster slower | quick slow | light dark | bright dim
black white | push pull | attract repel | present absent | alive dead | live dead | always never
always sometimes | static dynamic | synchronous asynchronous | online offline | local global
import export | sparse dense | overfit underfit | increasing decreasing | ascending descending
buy sell | send receive | entry exit | enter exit | arrive leave | safe unsafe | public private
major minor | rich poor | cheap expensive | easy hard | easy difficult | simple complex
accurate inaccurate | precise imprecise | conductor insulator | series parallel
"""
_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non")
_MIN_STEM = 5
"""Prefix negation needs the rest of the word to be this long (``incomplete`` but not ``inform``)."""


def _key(word: str) -> str:
    return match_key(normalise(word))


def _opposite_pairs(text: str) -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for pair in re.split(r"[|\n]", text):
        words = pair.split()
        if len(words) != 2:
            continue
        a, b = _key(words[0]), _key(words[1])
        if a != b:
            table.setdefault(a, set()).add(b)
            table.setdefault(b, set()).add(a)
    return {k: frozenset(v) for k, v in table.items()}


OPPOSITES: dict[str, frozenset[str]] = _opposite_pairs(_OPPOSITES_TEXT)
"""Match key to the match keys of its opposites."""


@lru_cache(maxsize=65_536)
def opposite_keys(word: str) -> frozenset[str]:
    """Match keys of the words that mean the opposite of ``word`` (a surface form)."""
    w = word.lower()
    found = set(OPPOSITES.get(_key(w), frozenset()))
    if w.isalpha():
        if len(w) >= _MIN_STEM:
            found.update(_key(prefix + w) for prefix in _PREFIXES)
        for prefix in _PREFIXES:
            if w.startswith(prefix) and len(w) - len(prefix) >= _MIN_STEM:
                found.add(_key(w[len(prefix) :]))
    found.discard(_key(w))
    return frozenset(found)


def are_opposites(a: str, b: str) -> bool:
    """True when two words (surface forms) mean opposite things."""
    return _key(b) in opposite_keys(a) or _key(a) in opposite_keys(b)
