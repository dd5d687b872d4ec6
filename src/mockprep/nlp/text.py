"""Text utilities: sentences and tokens with character offsets, light normalisation.

Everything here is pure and deterministic. Offsets are Python string indices into the original
text, so ``text[s.start:s.end] == s.text`` for every sentence and token returned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_STOPWORDS_TEXT = """a about above after again against all am an and any are aren't as at be because been before
    being below between both but by can can't cannot could couldn't did didn't do does doesn't doing
    don't down during each few for from further had hadn't has hasn't have haven't having he he'd
    he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in into
    is isn't it it's its itself let's me more most mustn't my myself no nor not of off on once only or
    other ought our ours ourselves out over own same shan't she she'd she'll she's should shouldn't so
    some such than that that's the their theirs them themselves then there there's these they they'd
    they'll they're they've this those through to too under until up very was wasn't we we'd we'll
    we're we've were weren't what what's when when's where where's which while who who's whom why
    why's with won't would wouldn't you you'd you'll you're you've your yours yourself yourselves
    also just like will would may might must shall us yes yeah ok okay um uh er erm hmm well really
    actually basically thing things something get gets got make makes made use used uses using way
    one two lot lots kind sort bit"""
STOPWORDS: frozenset[str] = frozenset(_STOPWORDS_TEXT.split())
"""Function words and fillers: never evidence that a point was made."""

_ABBREVIATIONS_TEXT = (
    "e.g i.e etc vs mr mrs ms dr prof fig eq no approx al cf st inc ltd jr sr resp"
)
_ABBREVIATIONS: frozenset[str] = frozenset(_ABBREVIATIONS_TEXT.split())
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)|\n\s*\n|\n(?=\s*(?:[-*•]|\d+[.)])\s)")
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’.\-+/][A-Za-z0-9]+)*")
_MAX_SENTENCE_WORDS = 60


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of a text and where it sits: ``text[start:end] == span.text``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Token:
    """One word: its surface form, its normalised form and its offsets."""

    text: str
    norm: str
    start: int
    end: int

    @property
    def is_stopword(self) -> bool:
        return self.text.lower() in STOPWORDS


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    return Span(text[start:end], start, end)


def _is_abbreviation(text: str, dot_at: int) -> bool:
    match = re.search(r"([A-Za-z.]+)$", text[:dot_at])
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _split_long(text: str, span: Span) -> list[Span]:
    """Cut a run-on sentence at clause punctuation so each piece stays readable and embeddable."""
    words = list(re.finditer(r"\S+", span.text))
    if len(words) <= _MAX_SENTENCE_WORDS:
        return [span]
    pieces: list[Span] = []
    piece_start = 0
    count = 0
    for i, word in enumerate(words):
        count += 1
        at_clause = word.group().endswith((",", ";", ":", "—", "-")) and count >= 12
        if at_clause or count >= _MAX_SENTENCE_WORDS or i == len(words) - 1:
            end = word.end() if i < len(words) - 1 else len(span.text)
            piece = _trimmed(text, span.start + piece_start, span.start + end)
            if piece:
                pieces.append(piece)
            piece_start = end
            count = 0
    return pieces


def split_sentences(text: str) -> list[Span]:
    """Sentences (and list items, and clauses of run-on sentences) with character offsets."""
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if match.group().startswith(".") and _is_abbreviation(text, match.start()):
            continue
        if re.fullmatch(r"\.", match.group()) and re.search(r"\d$", text[: match.start()]):
            following = text[end : end + 2].strip()
            if following[:1].isdigit():
                continue
        piece = _trimmed(text, start, end)
        if piece:
            spans.append(piece)
        start = end
    last = _trimmed(text, start, len(text))
    if last:
        spans.append(last)
    out: list[Span] = []
    for span in spans:
        if _TOKEN.search(span.text):
            out.extend(_split_long(text, span))
    return out


def normalise(word: str) -> str:
    """Lower-case and strip common English inflections (a light stemmer, not a lemmatiser).

    Forms of one word meet: ``retrieve``, ``retrieved``, ``retrieving`` and ``retrieves`` all give
    ``retriev``; ``optimise`` and ``optimized`` give ``optimiz``.
    """
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 3 or not w.isalpha():
        return w
    w = re.sub(r"is(e|ed|es|ing|ation|ations)$", r"iz\1", w)
    if w.endswith("ies") and len(w) >= 5:
        w = w[:-3] + "y"
    elif w.endswith("sses") or (w.endswith("es") and len(w) >= 5):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("ing") and len(w) >= 6:
        w = w[:-3]
    elif (w.endswith("ed") and len(w) >= 5) or (w.endswith("ly") and len(w) >= 6):
        w = w[:-2]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz" and w[-1].isalpha():
        w = w[:-1]
    if len(w) > 4 and w.endswith("e"):
        w = w[:-1]
    return w


def tokenize(text: str) -> list[Token]:
    """Words with offsets and normalised forms; punctuation is dropped."""
    return [
        Token(m.group(), normalise(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)
    ]


def content_terms(text: str) -> list[str]:
    """Normalised words that carry meaning (no function words, no single characters)."""
    return [t.norm for t in tokenize(text) if not t.is_stopword and len(t.norm) > 1]


def word_count(text: str) -> int:
    """Words as a reader counts them."""
    return len(_TOKEN.findall(text))


def acronym(words: list[str]) -> str:
    """Initials of the content words: ``retrieval augmented generation`` gives ``rag``."""
    return "".join(w[0] for w in words if w and w.lower() not in STOPWORDS)
