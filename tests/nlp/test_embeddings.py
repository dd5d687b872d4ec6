"""The bundled embedding model, the loaders and the content-hash cache (real model, no mocks)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mockprep.errors import ModelError
from mockprep.nlp.embeddings import EmbeddingCache, EmbeddingModel, load_embedding_model


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
