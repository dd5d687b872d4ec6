"""Lexical evidence: the rubric's terms, phrasings and acronyms found in an answer.

Words are compared by a *match key*: the light-stemmed form cut to seven letters, so
``hallucinate``/``hallucinations`` and ``retrieve``/``retrieval`` meet. Words of the question
itself are demoted: repeating the question is not evidence of knowing the answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from mockprep.bank.schema import Question
from mockprep.nlp.negation import is_negation_cue, negated_words
from mockprep.nlp.text import Token, acronym, content_terms, tokenize

KEY_LENGTH = 7
SHORT_PHRASING_WORDS = 6
"""Phrasings of up to this many words are matched as phrases; longer ones are other wordings of the
statement (embedded and compared by their terms)."""


def match_key(norm: str) -> str:
    """The key two words must share to count as the same term."""
    return norm[:KEY_LENGTH]


def keys_of(text: str) -> list[str]:
    """Match keys of a text's content words, in order."""
    return [match_key(t) for t in content_terms(text)]


@dataclass(frozen=True)
class PointTerms:
    """What the lexical matcher looks for, for one key point."""

    phrases: tuple[tuple[str, ...], ...]
    acronyms: tuple[str, ...]
    """Initials of long phrasings (``rag``); they match only a word written in capitals."""
    statements: tuple[frozenset[str], ...]
    """Term sets of the statement and of each long phrasing (question words removed)."""
    sequences: tuple[tuple[str, ...], ...] = ()
    """Phrasings with at most one content word (``first I``, ``as a result``, ``was on me``):
    matched word for word, function words included, since the content word alone (``first``) is
    common anywhere."""
    negated: frozenset[tuple[str, ...]] = frozenset()
    """Phrases written in a negated clause (``not connected``, ``no gap``): they match only a
    negated clause of the answer, and the other phrases and sequences only a clause that is not."""
    cued: frozenset[tuple[str, ...]] = frozenset()
    """Sequences that hold a negation cue themselves (``now I never``): matched word for word,
    cue included, whatever the polarity of the answer's clause."""


@dataclass(frozen=True)
class RubricTerms:
    """The lexical side of a question's rubric, compiled once per rubric."""

    points: tuple[PointTerms, ...]
    question_keys: frozenset[str]
    answer_keys: frozenset[str]
    """Keys of the model and reference answers."""
    rubric_keys: frozenset[str]
    """Keys of every statement, phrasing and label."""
    answer_bigrams: frozenset[tuple[str, str]]
    verbatim: tuple[tuple[str, ...], ...] = ()
    """Every phrasing and label of the written (not derived) key points, word for word
    (normalised, function words kept): what a list of the rubric's own words is made of."""


def is_long_phrasing(phrasing: str) -> bool:
    return len(phrasing.split()) > SHORT_PHRASING_WORDS


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(keys_of(text))


def _bigrams(keys: Sequence[str]) -> set[tuple[str, str]]:
    return set(pairwise(keys))


def compile_terms(question: Question) -> RubricTerms:
    """Compile the rubric's phrases and term sets (pure; cache by ``question.rubric_hash()``)."""
    question_keys = frozenset(keys_of(question.question))
    points: list[PointTerms] = []
    rubric_keys: set[str] = set()
    verbatim: set[tuple[str, ...]] = set()
    for kp in question.key_points:
        if not kp.derived:
            for text in (*kp.phrasings, kp.label):
                said = tuple(t.norm for t in tokenize(text))
                if said:
                    verbatim.add(said)
        phrases: set[tuple[str, ...]] = set()
        sequences: set[tuple[str, ...]] = set()
        negated: set[tuple[str, ...]] = set()
        cued: set[tuple[str, ...]] = set()
        acronyms: set[str] = set()
        statements: list[frozenset[str]] = []
        for text in (kp.statement, *[p for p in kp.phrasings if is_long_phrasing(p)]):
            keys = set(keys_of(text))
            rubric_keys |= keys
            kept = keys - question_keys
            statements.append(frozenset(kept if len(kept) >= 2 else keys))
        for text in [p for p in kp.phrasings if not is_long_phrasing(p)] + (
            [] if kp.derived else [kp.label]
        ):
            phrase = _phrase(text)
            tokens = tokenize(text)
            words = [t.text for t in tokens]
            in_negation = any(negated_words(text, tokens))
            if len(phrase) <= 1 and len(words) >= 2:
                sequence = tuple(t.norm for t in tokens)
                sequences.add(sequence)
                rubric_keys |= set(phrase)
                if any(is_negation_cue(t) for t in tokens):
                    cued.add(sequence)
            elif phrase and not (len(phrase) == 1 and phrase[0] in question_keys):
                phrases.add(phrase)
                rubric_keys |= set(phrase)
                if in_negation:
                    negated.add(phrase)
            initials = acronym(words).lower()
            if len(phrase) >= 3 and len(initials) >= 3:
                acronyms.add(initials)
        points.append(
            PointTerms(
                tuple(sorted(phrases)),
                tuple(sorted(acronyms)),
                tuple(statements),
                tuple(sorted(sequences)),
                frozenset(negated),
                frozenset(cued),
            )
        )
    answer_keys: set[str] = set()
    bigrams: set[tuple[str, str]] = set()
    for answer in question.answers:
        ordered = keys_of(answer)
        answer_keys |= set(ordered)
        bigrams |= _bigrams(ordered)
    return RubricTerms(
        points=tuple(points),
        question_keys=question_keys,
        answer_keys=frozenset(answer_keys),
        rubric_keys=frozenset(rubric_keys),
        answer_bigrams=frozenset(bigrams),
        verbatim=tuple(sorted(verbatim)),
    )


@dataclass
class AnswerTerms:
    """An answer's content words with offsets, indexed for matching."""

    tokens: list[Token]
    keys: list[str]
    positions: dict[str, list[int]] = field(default_factory=dict)
    words: list[Token] = field(default_factory=list)
    """Every word, function words included (for ``PointTerms.sequences``)."""
    negated: list[bool] = field(default_factory=list)
    """Per word of ``words``: does it sit in a negated clause (``polarity.negated_words``)?"""
    token_negated: list[bool] = field(default_factory=list)
    """The same per content word of ``tokens``."""

    @classmethod
    def of(cls, text: str, within: Sequence[tuple[int, int]] | None = None) -> AnswerTerms:
        """The content words of ``text`` (only those inside the ``within`` spans, if given)."""
        every = tokenize(text)
        polarity = negated_words(text, every)
        kept = [
            (t, n)
            for t, n in zip(every, polarity, strict=True)
            if within is None or any(a <= t.start < b for a, b in within)
        ]
        words = [t for t, _ in kept]
        negated = [n for _, n in kept]
        content = [(t, n) for t, n in kept if not t.is_stopword and len(t.norm) > 1]
        tokens = [t for t, _ in content]
        keys = [match_key(t.norm) for t in tokens]
        positions: dict[str, list[int]] = {}
        for i, key in enumerate(keys):
            positions.setdefault(key, []).append(i)
        return cls(tokens, keys, positions, words, negated, [n for _, n in content])

    @property
    def key_set(self) -> set[str]:
        return set(self.positions)


@dataclass(frozen=True)
class LexicalMatch:
    """Lexical evidence for one key point."""

    phrase: float
    """1.0 when a rubric phrasing (or its acronym) appears in order, less for part of one."""
    recall: float
    """Share of the statement's terms (question words removed) that the answer uses."""
    spans: tuple[tuple[int, int], ...]
    """Character offsets of the phrasings found."""


def _find_phrase(
    phrase: tuple[str, ...], answer: AnswerTerms, negated: bool = False
) -> tuple[int, int] | None:
    """Offsets of the phrase's words in order, allowing one extra word between them, in a clause
    of the same polarity as the phrasing (``negated``)."""
    for first in answer.positions.get(phrase[0], []):
        if answer.token_negated and answer.token_negated[first] != negated:
            continue
        at = first
        for key in phrase[1:]:
            nxt = next((p for p in answer.positions.get(key, []) if at < p <= at + 2), None)
            if nxt is None:
                break
            at = nxt
        else:
            return answer.tokens[first].start, answer.tokens[at].end
    return None


def _find_sequence(
    sequence: tuple[str, ...], answer: AnswerTerms, negated: bool | None = False
) -> tuple[int, int] | None:
    """Offsets of the words of ``sequence`` appearing consecutively, function words included, in
    a clause of polarity ``negated`` (any clause when it is None)."""
    words = answer.words
    size = len(sequence)
    first = sequence[0]
    for i in range(len(words) - size + 1):
        if words[i].norm == first and all(words[i + j].norm == sequence[j] for j in range(1, size)):
            if negated is not None and answer.negated and answer.negated[i + size - 1] != negated:
                continue
            return words[i].start, words[i + size - 1].end
    return None


def match_point(point: PointTerms, answer: AnswerTerms) -> LexicalMatch:
    """Phrase and term evidence for one key point in one answer."""
    best_phrase = 0.0
    spans: list[tuple[int, int]] = []
    have = answer.positions
    for token in answer.tokens:
        if token.text.isupper() and token.text.lower() in point.acronyms:
            best_phrase = 1.0
            if (token.start, token.end) not in spans:
                spans.append((token.start, token.end))
    for sequence in point.sequences:
        span = _find_sequence(sequence, answer, None if sequence in point.cued else False)
        if span is not None:
            best_phrase = 1.0
            if span not in spans:
                spans.append(span)
    for phrase in point.phrases:
        span = _find_phrase(phrase, answer, phrase in point.negated)
        if span is not None:
            best_phrase = 1.0
            if span not in spans:
                spans.append(span)
        elif len(phrase) >= 2:
            share = sum(1 for k in set(phrase) if k in have) / len(set(phrase))
            if share >= 0.5:
                best_phrase = max(best_phrase, 0.5 * share)
    recall = 0.0
    for terms in point.statements:
        if terms:
            recall = max(recall, sum(1 for k in terms if k in have) / len(terms))
    spans.sort()
    return LexicalMatch(best_phrase, recall, tuple(spans[:3]))
