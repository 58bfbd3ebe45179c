"""Serve the char-CNN + GloVe BiLSTM detector (the design's model) with ONNX Runtime, no torch.

A model folder holds ``model.onnx`` (inputs ``words`` ``(n, T)`` and ``chars`` ``(n, T, K)``,
int64; outputs ``probs`` and ``features``) and ``vocab.json`` (word and character vocabularies
and the sizes ``max_words``/``max_chars``), both written by
:func:`hamdel.perception.text.train.deep.export_onnx`.

>>> model = DeepTextModel.load("models/text_stress_deep")  # doctest: +SKIP
>>> model.predict_proba(["three deadlines and no sleep"])[:, 1]  # doctest: +SKIP
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from hamdel.core.errors import ModelUnavailableError
from hamdel.perception.text.normalize import normalize, tokenize


class DeepTextModel:
    """``DeepTextModel.load(folder)`` then :meth:`predict_proba` (columns: class 0, class 1)."""

    def __init__(
        self,
        session: Any,
        words: Sequence[str],
        chars: Sequence[str],
        max_words: int,
        max_chars: int,
    ) -> None:
        self._session = session
        self._words = {w: i for i, w in enumerate(words)}
        self._chars = {c: i for i, c in enumerate(chars)}
        self.max_words = max_words
        self.max_chars = max_chars

    @classmethod
    def load(cls, folder: str | Path) -> DeepTextModel:
        import onnxruntime as ort

        folder = Path(folder)
        if not (folder / "model.onnx").is_file() or not (folder / "vocab.json").is_file():
            raise ModelUnavailableError(f"no deep text model in {folder}")
        meta = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        session = ort.InferenceSession(
            str(folder / "model.onnx"), opts, providers=["CPUExecutionProvider"]
        )
        cfg = meta["config"]
        return cls(session, meta["words"], meta["chars"], cfg["max_words"], cfg["max_chars"])

    def encode(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        W = np.zeros((len(texts), self.max_words), dtype=np.int64)
        C = np.zeros((len(texts), self.max_words, self.max_chars), dtype=np.int64)
        for r, text in enumerate(texts):
            for t, tok in enumerate(tokenize(normalize(text[:5000]))[: self.max_words]):
                W[r, t] = self._words.get(tok, 1)
                for k, ch in enumerate(tok[: self.max_chars]):
                    C[r, t, k] = self._chars.get(ch, 1)
        return W, C

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        W, C = self.encode(texts)
        probs, _ = self._session.run(None, {"words": W, "chars": C})
        return np.asarray(probs, dtype=np.float32)

    def features(self, texts: Sequence[str]) -> np.ndarray:
        """The pooled BiLSTM features (input of the SVM variant)."""
        W, C = self.encode(texts)
        _, feats = self._session.run(None, {"words": W, "chars": C})
        return np.asarray(feats, dtype=np.float32)


__all__ = ["DeepTextModel"]
