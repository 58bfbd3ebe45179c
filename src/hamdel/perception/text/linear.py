"""A linear text classifier served with numpy alone: TF-IDF n-grams and/or sentence embeddings.

One ``.npz`` file holds everything: the vocabulary and IDF table (when n-grams are used), the
weights ``coef`` of shape ``(n_features [+ 384], n_outputs)``, ``intercept``, ``classes``, the
feature config and, for models over embeddings, the flag ``uses_embeddings``. Binary models have
one output column (the logit of ``classes[1]``); multi-class models one column per class
(softmax). A binary model may carry a :class:`~hamdel.perception.text.calibration.Calibration`
(a curve), a multi-class model a
:class:`~hamdel.perception.text.calibration.TemperatureScaling`: then
:meth:`LinearTextModel.predict_proba` returns calibrated probabilities (the raw scores stay
available from :meth:`LinearTextModel.decision_function`). A file saved without one serves the
raw sigmoid / softmax.

>>> model = LinearTextModel.load("models/text_stress/model.npz")  # doctest: +SKIP
>>> model.predict_proba(["I have three deadlines tomorrow"])  # doctest: +SKIP
array([[0.31, 0.69]], dtype=float32)
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from hamdel.core.errors import ModelUnavailableError
from hamdel.perception.text.calibration import (
    Calibration,
    TemperatureScaling,
    calibration_from_dict,
    softmax,
)
from hamdel.perception.text.features import (
    FeatureConfig,
    TfidfFeatures,
    WordVectorMean,
    text_tokens,
)


@dataclass(frozen=True)
class LinearWeights:
    """The learned state of a :class:`LinearTextModel`."""

    classes: tuple[str, ...]
    coef: np.ndarray
    intercept: np.ndarray
    vocabulary: tuple[str, ...] = ()
    idf: np.ndarray | None = None
    config: FeatureConfig | None = None
    uses_embeddings: bool = False
    stacked: str | None = None
    """Path (relative to this model's folder) of another :class:`LinearTextModel` whose
    probabilities, times ``stacked_scale``, are extra features after the n-grams."""
    stacked_scale: float = 1.0
    wv_terms: tuple[str, ...] = ()
    """Words with a (GloVe) vector: the mean word vector of a text is a feature block after the
    stacked probabilities; stored projected, ``wv_coef`` = vectors @ weights ``(n, outputs)``."""
    wv_coef: np.ndarray | None = None
    info: dict[str, Any] | None = None
    calibration: Calibration | TemperatureScaling | None = None
    """Binary models: a :class:`Calibration` (raw score -> calibrated probability of
    ``classes[1]``); multi-class models: a :class:`TemperatureScaling` of the logits."""


class LinearTextModel:
    """Load with :meth:`load`, then :meth:`predict_proba` (rows follow ``classes``)."""

    def __init__(self, weights: LinearWeights) -> None:
        self.weights = weights
        self.classes = weights.classes
        self._features = (
            TfidfFeatures(weights.vocabulary, weights.idf, weights.config)
            if weights.config is not None and weights.idf is not None
            else None
        )
        self._n_tfidf = len(weights.vocabulary)
        self._wv = (
            WordVectorMean(weights.wv_terms, weights.wv_coef)
            if weights.wv_terms and weights.wv_coef is not None
            else None
        )
        self._stacked: LinearTextModel | None = None
        self._n_stacked = 0
        binary = weights.coef.shape[1] == 1
        if isinstance(weights.calibration, Calibration) and not binary:
            raise ValueError("only a binary model can carry a calibration curve")
        if isinstance(weights.calibration, TemperatureScaling) and binary:
            raise ValueError("only a multi-class model can carry a temperature")

    def attach_stacked(self, model: LinearTextModel) -> None:
        """Provide the model named by ``weights.stacked`` (done by :meth:`load`)."""
        self._stacked = model
        self._n_stacked = len(model.classes)

    @property
    def uses_embeddings(self) -> bool:
        return self.weights.uses_embeddings

    @classmethod
    def load(cls, path: str | Path) -> LinearTextModel:
        path = Path(path)
        if not path.is_file():
            raise ModelUnavailableError(
                f"text model not found: {path} (train it: hamdel text train)"
            )
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(str(z["meta"]))
            has_vocab = "vocabulary" in z.files
            weights = LinearWeights(
                classes=tuple(meta["classes"]),
                coef=z["coef"].astype(np.float32),
                intercept=z["intercept"].astype(np.float32),
                vocabulary=tuple(z["vocabulary"].tolist()) if has_vocab else (),
                idf=z["idf"].astype(np.float32) if has_vocab else None,
                config=FeatureConfig.from_dict(meta["config"]) if meta.get("config") else None,
                uses_embeddings=bool(meta.get("uses_embeddings", False)),
                stacked=meta.get("stacked"),
                stacked_scale=float(meta.get("stacked_scale", 1.0)),
                wv_terms=tuple(z["wv_terms"].tolist()) if "wv_terms" in z.files else (),
                wv_coef=z["wv_coef"].astype(np.float32) if "wv_coef" in z.files else None,
                info=meta.get("info"),
                calibration=(
                    calibration_from_dict(meta["calibration"]) if meta.get("calibration") else None
                ),
            )
        model = cls(weights)
        if weights.stacked:
            model.attach_stacked(LinearTextModel.load(path.parent / weights.stacked))
        return model

    def save(self, path: str | Path) -> None:
        w = self.weights
        meta = {
            "classes": list(w.classes),
            "config": w.config.to_dict() if w.config else None,
            "uses_embeddings": w.uses_embeddings,
            "stacked": w.stacked,
            "stacked_scale": w.stacked_scale,
            "info": w.info or {},
        }
        if w.calibration is not None:
            meta["calibration"] = w.calibration.to_dict()
        arrays: dict[str, Any] = {
            "meta": np.array(json.dumps(meta)),
            "coef": w.coef.astype(np.float16 if w.coef.size > 100_000 else np.float32),
            "intercept": w.intercept.astype(np.float32),
        }
        if w.wv_terms and w.wv_coef is not None:
            arrays["wv_terms"] = np.array(w.wv_terms)
            arrays["wv_coef"] = np.asarray(w.wv_coef, dtype=np.float16)
        if w.vocabulary:
            arrays["vocabulary"] = np.array(w.vocabulary)
            arrays["idf"] = np.asarray(w.idf, dtype=np.float16)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, **arrays)

    def decision_function(
        self,
        texts: Sequence[str],
        embeddings: np.ndarray | None = None,
        tokens: Sequence[Sequence[str]] | None = None,
    ) -> np.ndarray:
        """Raw scores ``(n, n_outputs)``; ``embeddings`` are required when the model uses them.
        ``tokens`` (from :func:`~hamdel.perception.text.features.text_tokens`) may be passed to
        reuse tokenisation; a stacked model gets the same tokens."""
        coef, n = self.weights.coef, len(texts)
        out = np.tile(self.weights.intercept, (n, 1)).astype(np.float32)
        needs_tokens = self._features is not None or self._wv is not None or self._stacked
        if tokens is None and needs_tokens and n:
            tokens = text_tokens(texts)
        if self._features is not None and n:
            idx, vals, rows = self._features.transform_batch(texts, tokens)
            contrib = vals[:, None] * coef[idx]  # (nnz, outputs)
            for k in range(coef.shape[1]):
                out[:, k] += np.bincount(rows, weights=contrib[:, k], minlength=n)
        start = self._n_tfidf
        if self._stacked is not None and n:
            extra = self._stacked.predict_proba(texts, tokens=tokens)
            extra = extra * self.weights.stacked_scale
            out += extra @ coef[start : start + self._n_stacked]
            start += self._n_stacked
        if self._wv is not None and tokens is not None:
            out += self._wv.mean_batch(tokens)  # weights already folded in
        if self.uses_embeddings:
            if embeddings is None or embeddings.shape != (n, coef.shape[0] - start):
                raise ValueError("this model needs sentence embeddings of matching shape")
            out += embeddings @ coef[start:]
        return out

    def predict_proba(
        self,
        texts: Sequence[str],
        embeddings: np.ndarray | None = None,
        tokens: Sequence[Sequence[str]] | None = None,
    ) -> np.ndarray:
        """Rows follow ``classes``; calibrated when the model carries a calibration."""
        return self.proba_of(self.decision_function(texts, embeddings, tokens))

    def proba_of(self, scores: np.ndarray) -> np.ndarray:
        """Probabilities ``(n, classes)`` from raw scores of :meth:`decision_function`, through
        the model's calibration when it has one."""
        cal = self.weights.calibration
        if scores.shape[1] == 1:
            raw = scores[:, 0]
            p = cal(raw) if isinstance(cal, Calibration) else 1.0 / (1.0 + np.exp(-raw))
            return np.stack([1.0 - p, p], axis=1).astype(np.float32)
        probs = cal(scores) if isinstance(cal, TemperatureScaling) else softmax(scores)
        out: np.ndarray = probs.astype(np.float32)
        return out

    def with_calibration(
        self, calibration: Calibration | TemperatureScaling | None
    ) -> LinearTextModel:
        """The same model with ``calibration`` (``None``: raw sigmoid / softmax)."""
        model = LinearTextModel(dataclasses.replace(self.weights, calibration=calibration))
        if self._stacked is not None:
            model.attach_stacked(self._stacked)
        return model

    def predict(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> list[str]:
        proba = self.predict_proba(texts, embeddings)
        return [self.classes[i] for i in proba.argmax(axis=1)]


__all__ = ["LinearTextModel", "LinearWeights"]
