"""The bundled embedding model, the loaders and the content-hash cache (real model, no mocks)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from mockprep.errors import ModelError
from mockprep.nlp.embeddings import (
    EmbeddingCache,
    EmbeddingModel,
    TokenEmbeddingModel,
    Vectors,
    load_embedding_model,
)


@pytest.fixture(scope="module")
def model() -> EmbeddingModel:
    return load_embedding_model()


def test_bundled_model_gives_unit_vectors(model: EmbeddingModel) -> None:
    assert isinstance(model, EmbeddingModel)
    assert (model.name, model.dimension, model.max_tokens) == (
        "all-MiniLM-L6-v2-onnx-int8",
        384,
        256,
    )
    vectors = model.embed(["Retrieval comes before generation.", "Cats sleep most of the day."])
    assert vectors.shape == (2, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_similar_meanings_are_closer(model: EmbeddingModel) -> None:
    a, b, c = model.embed(
        [
            "The model looks up documents before answering.",
            "Documents are retrieved first, then the answer is written.",
            "I baked bread on Sunday.",
        ]
    )
    assert float(a @ b) > float(a @ c) + 0.2


def test_batching_does_not_change_a_vector(model: EmbeddingModel) -> None:
    alone = model.embed(["A short sentence."])[0]
    batched = model.embed(
        [
            "A short sentence.",
            "A much longer sentence that forces padding of the shorter one in the batch.",
        ]
    )[0]
    assert np.allclose(alone, batched, atol=1e-5)


def test_long_texts_are_windowed_not_truncated(model: EmbeddingModel) -> None:
    head = "Transformers use attention. " * 60
    a, b = model.embed([head + "Bananas are yellow fruit.", head + "Quantum computers use qubits."])
    assert not np.allclose(a, b, atol=1e-4)


def test_model_is_loaded_once_per_spec() -> None:
    assert load_embedding_model("minilm-int8") is load_embedding_model()


def test_bad_specs_raise_model_error_with_a_fix(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"tokenizer\.json|model\.onnx"):
        load_embedding_model(str(tmp_path))
    with pytest.raises(ModelError, match="never downloads"):
        load_embedding_model("nobody/no-such-model-here")
    with pytest.raises(ModelError, match="unknown embedding model"):
        load_embedding_model("not a model")


def test_cache_embeds_each_text_once_and_persists(model: EmbeddingModel, tmp_path: Path) -> None:
    cache = EmbeddingCache(model, tmp_path)
    first = cache.embed(["alpha point", "beta point", "alpha point"])
    assert cache.stats.misses == 2
    again = cache.embed(["beta point"])
    assert cache.stats.misses == 2 and np.array_equal(again[0], first[1])
    fresh = EmbeddingCache(model, tmp_path)
    from_disk = fresh.embed(["alpha point"])
    assert fresh.stats.misses == 0 and np.array_equal(from_disk[0], first[0])
    assert list((tmp_path / model.name).rglob("*.npy"))


def test_word_piece_vectors_come_from_the_same_pass(model: EmbeddingModel) -> None:
    assert isinstance(model, TokenEmbeddingModel)
    texts = ["The KV-cache isn't free.", "", "Attention is all you need. " * 80]
    vectors, pieces = model.embed_with_tokens(texts)
    assert np.allclose(vectors, model.embed(texts), atol=1e-6)
    first = pieces[0]
    assert [texts[0][a:b] for a, b in first.offsets][:4] == ["The", "KV", "-", "cache"]
    assert first.vectors.shape == (len(first.offsets), model.dimension)
    assert len(pieces[1].offsets) == 0
    long_text = pieces[2]  # windowed: every word piece of every window, in order
    assert len(long_text.offsets) == 6 * 80 and long_text.offsets[-1][1] <= len(texts[2])
    assert (np.diff(long_text.offsets[:, 0]) > 0).all()


class _SentenceOnly:
    """A model with no word-piece vectors of its own."""

    def __init__(self, inner: EmbeddingModel) -> None:
        self.name, self.dimension, self.max_tokens = "sentence-only", inner.dimension, 256
        self.inner = inner

    def embed(self, texts: Sequence[str]) -> Vectors:
        return self.inner.embed(texts)


def test_cache_gives_word_vectors_for_a_model_without_pieces(model: EmbeddingModel) -> None:
    plain = _SentenceOnly(model)
    assert not isinstance(plain, TokenEmbeddingModel)
    cache = EmbeddingCache(plain)
    text = "Retrieval comes first, retrieval again."
    (pieces,) = cache.embed_tokens([text])
    assert [text[a:b] for a, b in pieces.offsets] == [
        "Retrieval",
        "comes",
        "first",
        "retrieval",
        "again",
    ]
    assert np.array_equal(pieces.vectors[0], pieces.vectors[3])  # words are embedded lower-cased
    assert np.allclose(pieces.vectors[1], model.embed(["comes"])[0])
