"""Soft word alignment: how much of a reference's content an answer says, word by word.

In the style of Sultan, Salazar & Sumner (2016), each content word of the reference is aligned to
the answer word closest in meaning. Word vectors are contextual: the embedding model's word-piece
vectors from the pass that also embeds the sentence (pooled per word), so "bank" next to "river"
and next to "loan" differ and a negated clause reads differently. Words of the question are
demoted: repeating the question is not evidence of knowing the answer.

``recall`` is the weighted share of reference words the answer aligns to, ``precision`` the share
of answer words that align to the reference. Both are 0-1; a similarity below ``ALIGN_FLOOR``
counts as no match, and the rest is rescaled to 0-1 (contextual vectors of unrelated words are
rarely orthogonal).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mockprep.grading.lexical import match_key
from mockprep.grading.polarity import opposite_keys
from mockprep.nlp.embeddings import TokenVectors, Vectors
from mockprep.nlp.negation import negated_words
from mockprep.nlp.text import Span, tokenize

ALIGN_FLOOR = 0.2
"""Cosine of two word vectors below which they do not align at all."""
CONTRADICTED_MATCH = 0.5
"""Share of a word match that counts when the two words contradict (``contradicting``): a negated
restatement of a reference says something else; a paraphrase that negates differently ("not
fixed in size" for "variable length") keeps part of its credit."""


@dataclass(frozen=True)
class AlignedWords:
    """The content words of a text, each with one unit vector."""

    keys: tuple[str, ...]
    vectors: Vectors
    from_question: npt.NDArray[np.bool_]
    """True for words whose match key appears in the question."""
    starts: npt.NDArray[np.int64] | None = None
    """Offset of each word in its text."""
    negated: npt.NDArray[np.bool_] | None = None
    """True for words in a negated clause (see ``polarity``)."""
    opposites: tuple[frozenset[str], ...] = ()
    """Per word: the match keys of its opposites."""

    @property
    def size(self) -> int:
        return len(self.keys)

    @classmethod
    def empty(cls, dimension: int) -> AlignedWords:
        return cls(
            (),
            np.zeros((0, dimension), np.float32),
            np.zeros(0, bool),
            np.zeros(0, np.int64),
            np.zeros(0, bool),
        )

    def inside(self, spans: Sequence[tuple[int, int]]) -> npt.NDArray[np.bool_]:
        """Mask of the words that start inside one of ``spans``."""
        keep = np.zeros(self.size, bool)
        if self.starts is None:
            return ~keep
        for start, end in spans:
            keep |= (self.starts >= start) & (self.starts < end)
        return keep


def content_words(
    text: str,
    sentences: Sequence[Span],
    pieces: Sequence[TokenVectors],
    question_keys: frozenset[str],
    dimension: int,
) -> AlignedWords:
    """Pool each content word's pieces (from the sentence that holds it) into one unit vector.

    ``pieces[i]`` holds the piece vectors of ``sentences[i]``, with offsets into that sentence.
    """
    starts: list[npt.NDArray[np.int32]] = []
    ends: list[npt.NDArray[np.int32]] = []
    rows: list[Vectors] = []
    for sentence, piece in zip(sentences, pieces, strict=True):
        if len(piece.offsets):
            starts.append(piece.offsets[:, 0] + sentence.start)
            ends.append(piece.offsets[:, 1] + sentence.start)
            rows.append(piece.vectors)
    if not rows:
        return AlignedWords.empty(dimension)
    start = np.concatenate(starts)
    end = np.concatenate(ends)
    table = np.vstack(rows)
    order = np.argsort(start, kind="stable")
    start, end, table = start[order], end[order], table[order]
    keys: list[str] = []
    vectors: list[Vectors] = []
    offsets: list[int] = []
    negated: list[bool] = []
    opposites: list[frozenset[str]] = []
    tokens = tokenize(text)
    for token, in_negation in zip(tokens, negated_words(text, tokens), strict=True):
        if token.is_stopword or len(token.norm) <= 1:
            continue
        lo = int(np.searchsorted(start, token.start, side="left"))
        hi = int(np.searchsorted(start, token.end, side="left"))
        inside = [i for i in range(lo, hi) if end[i] <= token.end and end[i] > start[i]]
        if not inside:
            continue
        vector = table[inside].mean(axis=0)
        norm = float(np.linalg.norm(vector))
        if norm == 0.0:
            continue
        keys.append(match_key(token.norm))
        vectors.append((vector / norm).astype(np.float32))
        offsets.append(token.start)
        negated.append(in_negation)
        opposites.append(opposite_keys(token.text))
    if not keys:
        return AlignedWords.empty(dimension)
    return AlignedWords(
        tuple(keys),
        np.stack(vectors),
        np.asarray([k in question_keys for k in keys], dtype=bool),
        np.asarray(offsets, dtype=np.int64),
        np.asarray(negated, dtype=bool),
        tuple(opposites),
    )


def contradicting(reference: AlignedWords, answer: AlignedWords) -> npt.NDArray[np.bool_]:
    """(reference words, answer words): pairs that must not align (see ``polarity``).

    A pair contradicts when one word sits in a negated clause and the other does not, or when the
    words are opposites.
    """
    out: npt.NDArray[np.bool_] = np.zeros((reference.size, answer.size), bool)
    if reference.negated is not None and answer.negated is not None:
        out |= reference.negated[:, None] != answer.negated[None, :]
    if reference.opposites:
        where: dict[str, list[int]] = {}
        for j, key in enumerate(answer.keys):
            where.setdefault(key, []).append(j)
        for i, opposite in enumerate(reference.opposites):
            for key in opposite:
                for j in where.get(key, ()):
                    out[i, j] = True
    return out


def align(
    reference: AlignedWords,
    answer: AlignedWords,
    question_weight: float,
    recall_from: npt.NDArray[np.bool_] | None = None,
) -> tuple[float, float]:
    """``(recall, precision)`` of the answer's words against the reference's, 0-1 each.

    ``recall_from`` (a mask over the answer's words) limits the words that count for recall.
    """
    if reference.size == 0 or answer.size == 0:
        return 0.0, 0.0
    sims = reference.vectors @ answer.vectors.T
    sims = np.clip((sims - ALIGN_FLOOR) / (1.0 - ALIGN_FLOOR), 0.0, 1.0)
    sims[contradicting(reference, answer)] *= CONTRADICTED_MATCH
    ref_w = np.where(reference.from_question, question_weight, 1.0)
    ans_w = np.where(answer.from_question, question_weight, 1.0)
    if ref_w.sum() == 0:
        ref_w = np.ones_like(ref_w)
    if ans_w.sum() == 0:
        ans_w = np.ones_like(ans_w)
    if recall_from is None:
        best = sims.max(axis=1)
    elif recall_from.any():
        best = sims[:, recall_from].max(axis=1)
    else:
        best = np.zeros(reference.size)
    recall = float((ref_w * best).sum() / ref_w.sum())
    precision = float((ans_w * sims.max(axis=0)).sum() / ans_w.sum())
    return recall, precision
