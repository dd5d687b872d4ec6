"""``RecentVectors``: an embedding model that remembers the sentence vectors it just computed.

The grader embeds an answer's sentences straight through its model (one pass that also gives
the word-piece vectors) and keeps nothing, since answers are rarely seen twice. A behavioural
answer's STAR review then asks for the same sentences' vectors, through the embedding cache,
right after: without a memory, that is a second forward pass over the whole answer, about as
costly as the grader's own. Wrapped in ``RecentVectors``, the second request is answered from
the vectors of the first pass.

It is exact: a text's vector does not depend on the batch it was embedded in, and a request is
served from memory only when every text in it is remembered (otherwise it goes to the model
whole, as without the wrapper). Only the most recent ``size`` texts are kept, in memory, so no
answer is written anywhere by it; a second worker does not need them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from mockprep.nlp.embeddings import TokenEmbeddingModel, TokenVectors, Vectors

RECENT_TEXTS = 1024
"""Sentences remembered (1.5 KB each with MiniLM): the answers of many concurrent requests."""


class RecentVectors:
    """A ``TokenEmbeddingModel`` that serves repeated requests for recent texts from memory."""

    def __init__(self, model: TokenEmbeddingModel, *, size: int = RECENT_TEXTS) -> None:
        self.model = model
        self.name = model.name
        self.dimension = model.dimension
        self.max_tokens = model.max_tokens
        self.size = size
        self.hits = 0
        self._recent: OrderedDict[str, Vectors] = OrderedDict()
        self._lock = threading.Lock()

    def _remember(self, texts: Sequence[str], vectors: Vectors) -> None:
        with self._lock:
            for text, vector in zip(texts, vectors, strict=True):
                self._recent[text] = vector.copy()  # a row of the caller's array: keep our own
                self._recent.move_to_end(text)
            while len(self._recent) > self.size:
                self._recent.popitem(last=False)

    def embed(self, texts: Sequence[str]) -> Vectors:
        """The remembered vectors when every text is remembered; else the model's, remembered."""
        if texts:
            with self._lock:
                found = [self._recent.get(t) for t in texts]
                if all(v is not None for v in found):
                    self.hits += len(texts)
                    for t in texts:
                        self._recent.move_to_end(t)
                    return np.stack([v for v in found if v is not None]).astype(np.float32)
        vectors = self.model.embed(texts)
        self._remember(texts, vectors)
        return vectors

    def embed_with_tokens(self, texts: Sequence[str]) -> tuple[Vectors, list[TokenVectors]]:
        """The model's sentence and word-piece vectors (always computed); the sentences remembered."""
        vectors, tokens = self.model.embed_with_tokens(texts)
        self._remember(texts, vectors)
        return vectors, tokens
