"""The first design's ranking model at run time: word vectors + a BiLSTM, served with ONNX Runtime.

For each language the model folder holds an ONNX graph that reads token ids and returns the
probabilities of the six emotions (the order of :data:`hamdel.core.emotions.EMOTIONS`) and a
pooled sentence vector (used for diversity). The word vectors are frozen inside the graph: GloVe
6B 50d for English, multilingual-e5-small word vectors (reduced by PCA) for Persian. Training
lives in :mod:`hamdel.recommend._scorer_train` (``hamdel recommend train``); this module needs
only numpy and onnxruntime::

    models/suggestion_scorer/
        scorer_en.onnx  vocab_en.json  scorer_fa.onnx  vocab_fa.json  meta.json  MODEL_CARD.md

Examples
--------
>>> scorer = SuggestionScorer.load()                               # doctest: +SKIP
>>> scorer.predict_proba(["Go for a short walk"], "en").shape      # doctest: +SKIP
(1, 6)
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from hamdel.core.emotions import EMOTIONS
from hamdel.core.errors import InputError, ModelUnavailableError
from hamdel.core.languages import LANGUAGES

logger = logging.getLogger(__name__)

DEFAULT_PATH = Path(__file__).resolve().parents[3] / "models" / "suggestion_scorer"
"""The model shipped in the repository."""

PAD, UNK = 0, 1
"""Reserved token ids: padding and out-of-vocabulary words."""

_TOKEN = re.compile(r"[^\W\d_](?:[\w\u200c'-]*\w)?", re.UNICODE)
_ARABIC_TO_PERSIAN = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "\u0640": None})
_DIACRITICS = re.compile("[\u064b-\u065f\u0670]")


def tokenize(text: str, language: str) -> list[str]:
    """Lower-cased word tokens; Persian letters are normalised (ي→ی, ك→ک) and ZWNJ kept in words.

    >>> tokenize("Don't rush: breathe.", "en")
    ["don't", 'rush', 'breathe']
    >>> tokenize("مي‌توانی آرام باشي", "fa")
    ['می\u200cتوانی', 'آرام', 'باشی']
    """
    if language not in LANGUAGES:
        raise InputError(f"unknown language {language!r}; use en or fa")
    if language == "fa":
        text = _DIACRITICS.sub("", text.translate(_ARABIC_TO_PERSIAN))
    return [t.strip("\u200c") for t in _TOKEN.findall(text.lower())]


def encode(tokens: Sequence[str], vocab: dict[str, int], max_len: int) -> np.ndarray:
    """Token ids (int64, at least one id so an empty text still has a sequence)."""
    ids = [vocab.get(t, UNK) for t in tokens[:max_len]] or [UNK]
    return np.asarray(ids, dtype=np.int64)


class SuggestionScorer:
    """Scores texts for each of the six emotions; ``SuggestionScorer.load(path)`` then
    :meth:`predict_proba`.

    Attributes
    ----------
    classes_
        The emotion names in output order.
    meta
        The training record (config, data counts, held-out metrics) from ``meta.json``.
    """

    def __init__(
        self, sessions: dict[str, Any], vocabs: dict[str, dict[str, int]], meta: dict[str, Any]
    ) -> None:
        self._sessions = sessions
        self._vocabs = vocabs
        self.meta = meta
        self.classes_: tuple[str, ...] = tuple(meta.get("classes", [e.value for e in EMOTIONS]))
        self.max_len = int(meta.get("max_len", 48))

    @classmethod
    def load(cls, path: str | Path | None = None) -> SuggestionScorer:
        """Load both languages' ONNX graphs and vocabularies from a model folder."""
        folder = Path(path) if path is not None else DEFAULT_PATH
        meta_file = folder / "meta.json"
        if not meta_file.is_file():
            raise ModelUnavailableError(
                f"no suggestion scorer at {folder}; train one with "
                f"`hamdel recommend train --out {folder}`"
            )
        try:
            import onnxruntime as ort
        except ImportError as exc:  # pragma: no cover - a runtime dependency
            raise ModelUnavailableError(
                "the scorer needs onnxruntime: pip install onnxruntime"
            ) from exc
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        sessions: dict[str, Any] = {}
        vocabs: dict[str, dict[str, int]] = {}
        for language in LANGUAGES:
            graph = folder / f"scorer_{language}.onnx"
            vocab = folder / f"vocab_{language}.json"
            if not graph.is_file() or not vocab.is_file():
                raise ModelUnavailableError(
                    f"the scorer at {folder} lacks {graph.name} or {vocab.name}"
                )
            sessions[language] = ort.InferenceSession(
                str(graph), options, providers=["CPUExecutionProvider"]
            )
            words = json.loads(vocab.read_text(encoding="utf-8"))
            vocabs[language] = {word: index for index, word in enumerate(words)}
        logger.info("loaded suggestion scorer from %s", folder)
        return cls(sessions, vocabs, meta)

    def score(self, texts: Sequence[str], language: str) -> tuple[np.ndarray, np.ndarray]:
        """``(probabilities (n, 6), unit sentence vectors (n, d))`` of ``texts``."""
        if language not in self._sessions:
            raise InputError(f"unknown language {language!r}; use en or fa")
        session = self._sessions[language]
        probs: list[np.ndarray] = []
        vectors: list[np.ndarray] = []
        for text in texts:
            if not isinstance(text, str):
                raise InputError("every text to score must be a string")
            ids = encode(tokenize(text, language), self._vocabs[language], self.max_len)
            p, v = session.run(None, {"ids": ids[None, :]})
            probs.append(p[0])
            vectors.append(v[0])
        if not probs:
            return np.zeros((0, len(self.classes_)), np.float32), np.zeros((0, 1), np.float32)
        return np.stack(probs).astype(np.float32), np.stack(vectors).astype(np.float32)

    def predict_proba(self, texts: Sequence[str], language: str) -> np.ndarray:
        """Emotion probabilities, shape ``(n, 6)``, columns in :attr:`classes_` order."""
        return self.score(texts, language)[0]

    def predict(self, texts: Sequence[str], language: str) -> list[str]:
        """The most probable emotion of each text."""
        probs = self.predict_proba(texts, language)
        return [self.classes_[i] for i in probs.argmax(axis=1)]

    def coverage(self, text: str, language: str) -> float:
        """Share of the text's words the vocabulary knows (0..1); low values mean a weak score."""
        tokens = tokenize(text, language)
        if not tokens:
            return 0.0
        vocab = self._vocabs[language]
        return sum(t in vocab for t in tokens) / len(tokens)


__all__ = ["DEFAULT_PATH", "LANGUAGES", "PAD", "UNK", "SuggestionScorer", "encode", "tokenize"]
