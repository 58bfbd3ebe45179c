"""Word and character n-gram features with TF-IDF weights, computed in plain Python + numpy.

The same :func:`analyze` feeds scikit-learn's ``TfidfVectorizer`` at training time and
:class:`TfidfFeatures` at run time, so a trained vocabulary and IDF table can be served without
scikit-learn (or scipy). Word tokens keep emoji and emoticons (:func:`normalize.tokenize`).

>>> analyze("Bad day :(", char_ngrams=None)
['w:bad', 'w:day', 'w::(', 'w:bad day', 'w:day :(']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from hamdel.perception.text.normalize import normalize, tokenize

MAX_FEATURE_CHARS = 5_000
"""Only the first characters of a text are featurised (posts longer than this are rare)."""


def analyze(
    text: str,
    word_ngrams: tuple[int, int] | None = (1, 2),
    char_ngrams: tuple[int, int] | None = (2, 5),
) -> list[str]:
    """Feature strings of one raw text: ``w:`` word n-grams and ``c:`` char n-grams."""
    text = normalize(text[:MAX_FEATURE_CHARS])
    tokens = tokenize(text)
    feats: list[str] = []
    if word_ngrams is not None:
        lo, hi = word_ngrams
        for n in range(lo, hi + 1):
            if n == 1:
                feats += ["w:" + t for t in tokens]
            elif n == 2:
                feats += ["w:" + a + " " + b for a, b in pairwise(tokens)]
            else:
                feats += ["w:" + " ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    if char_ngrams is not None:
        lo, hi = char_ngrams
        for tok in tokens:
            padded = f" {tok} "
            size = len(padded)
            for n in range(lo, min(hi, size) + 1):
                feats += ["c:" + padded[i : i + n] for i in range(size - n + 1)]
    return feats


@dataclass(frozen=True)
class FeatureConfig:
    """Which n-grams a model uses (stored with the model)."""

    word_ngrams: tuple[int, int] | None = (1, 2)
    char_ngrams: tuple[int, int] | None = (2, 5)

    def analyzer(self, text: str) -> list[str]:
        return analyze(text, self.word_ngrams, self.char_ngrams)

    def to_dict(self) -> dict[str, list[int] | None]:
        return {
            "word_ngrams": list(self.word_ngrams) if self.word_ngrams else None,
            "char_ngrams": list(self.char_ngrams) if self.char_ngrams else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, list[int] | None]) -> FeatureConfig:
        w, c = data.get("word_ngrams"), data.get("char_ngrams")
        return cls((int(w[0]), int(w[1])) if w else None, (int(c[0]), int(c[1])) if c else None)


class TfidfFeatures:
    """Sublinear TF-IDF, L2-normalised, over a fixed vocabulary (as sklearn's ``TfidfVectorizer``
    with ``sublinear_tf=True``); yields sparse rows as ``(indices, values)``."""

    def __init__(self, vocabulary: Sequence[str], idf: np.ndarray, config: FeatureConfig) -> None:
        self.index = {term: i for i, term in enumerate(vocabulary)}
        self._keys = self.index.keys()
        self.idf = np.asarray(idf, dtype=np.float32)
        self.config = config

    def transform_one(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        counts = Counter(self.config.analyzer(text))  # counted in C
        keys = list(counts.keys() & self._keys)  # set intersection in C
        if not keys:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        idx = np.fromiter(map(self.index.__getitem__, keys), dtype=np.int64, count=len(keys))
        tf = np.fromiter(map(counts.__getitem__, keys), dtype=np.float32, count=len(keys))
        vals = (1.0 + np.log(tf)) * self.idf[idx]
        vals /= float(np.sqrt(np.dot(vals, vals))) or 1.0
        return idx, vals

    def transform(self, texts: Iterable[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        return [self.transform_one(t) for t in texts]

    def count(self, texts: Sequence[str]) -> list[Counter[str]]:
        """Feature counts per text (shareable between models with the same config)."""
        return [Counter(self.config.analyzer(t)) for t in texts]

    def transform_batch(
        self, texts: Sequence[str], counts: Sequence[Counter[str]] | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """All rows at once, CSR-like: ``(indices, values, row_of_each_value)`` (fast path)."""
        index_get = self.index.__getitem__
        all_idx: list[int] = []
        all_tf: list[int] = []
        rows: list[int] = []
        for r, cnt in enumerate(counts if counts is not None else self.count(texts)):
            keys = list(cnt.keys() & self._keys)
            all_idx += map(index_get, keys)
            all_tf += map(cnt.__getitem__, keys)
            rows += [r] * len(keys)
        idx = np.asarray(all_idx, dtype=np.int64)
        row = np.asarray(rows, dtype=np.int64)
        vals = (1.0 + np.log(np.asarray(all_tf, dtype=np.float32))) * self.idf[idx]
        norms = np.sqrt(np.bincount(row, weights=vals * vals, minlength=len(texts)))
        vals = vals / np.where(norms > 0, norms, 1.0)[row]
        return idx, vals.astype(np.float32), row


__all__ = ["MAX_FEATURE_CHARS", "FeatureConfig", "TfidfFeatures", "analyze"]
