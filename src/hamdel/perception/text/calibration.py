"""Calibrated probabilities for text models, and how calibration is measured.

A binary :class:`~hamdel.perception.text.linear.LinearTextModel` outputs ``sigmoid(score)``;
that number is only a ranking: depression learned from lemmatised Reddit posts gives a short
chat line a very different score than a long post that says as much. Anything that acts on a
probability (the depression alert threshold, the stress level that picks a calming message)
needs it to mean what it says: of the texts given 0.8, about 8 in 10 are positive.

:class:`Calibration` is a monotone map from the model's raw score to that probability: a
piecewise-linear curve through ``(score, probability)`` knots, fitted by isotonic regression on
out-of-fold scores of several registers (posts, tweets, chat lines) that training did not see
(``hamdel.perception.text.train.calibrate``). It is stored inside the model file, so a
retrained model can never be served with another model's curve, and it costs one
``numpy.interp`` per call.

>>> cal = Calibration(np.array([-4.0, 0.0, 4.0]), np.array([0.0, 0.3, 1.0]))
>>> [round(float(v), 3) for v in cal(np.array([-9.0, -2.0, 0.0, 2.0]))]
[0.0, 0.15, 0.3, 0.65]

A multi-class model (six emotions) outputs ``softmax(logits)``; :class:`TemperatureScaling`
divides the logits by one fitted temperature first (Guo et al. 2017). One number cannot
reorder the classes: the top emotion stays the same, only how sure the model says it is
changes. It is fitted with :func:`fit_temperature` (weighted negative log-likelihood; numpy
only) on out-of-fold logits of several registers (``hamdel.perception.text.train.
emotion_calibration``) and travels in the model file like the binary curve.
:func:`top_label_ece` and :func:`classwise_ece` measure a multi-class model.

>>> ts = TemperatureScaling(2.0)
>>> [round(float(v), 3) for v in ts(np.array([[2.0, 0.0]]))[0]]
[0.731, 0.269]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

ECE_BINS = 10


@dataclass(frozen=True)
class Calibration:
    """Raw score -> calibrated probability; non-decreasing by construction (``values`` are
    sorted with ``knots``), constant beyond the outer knots."""

    knots: np.ndarray
    values: np.ndarray
    info: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        knots = np.asarray(self.knots, dtype=np.float64)
        values = np.asarray(self.values, dtype=np.float64)
        if knots.ndim != 1 or knots.shape != values.shape or knots.size < 2:
            raise ValueError("calibration needs at least two (score, probability) knots")
        if np.any(np.diff(knots) <= 0) or np.any(np.diff(values) < 0):
            raise ValueError("calibration knots must increase and values must not decrease")
        if values[0] < 0 or values[-1] > 1:
            raise ValueError("calibrated values must be probabilities")
        object.__setattr__(self, "knots", knots)
        object.__setattr__(self, "values", values)

    def __call__(self, scores: np.ndarray) -> np.ndarray:
        out: np.ndarray = np.interp(np.asarray(scores, dtype=np.float64), self.knots, self.values)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "knots": [round(float(v), 6) for v in self.knots],
            "values": [round(float(v), 6) for v in self.values],
            "info": self.info or {},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Calibration:
        return cls(np.array(data["knots"]), np.array(data["values"]), data.get("info") or None)


def expected_calibration_error(y: np.ndarray, p: np.ndarray, bins: int = ECE_BINS) -> float:
    """ECE of the positive class: texts grouped into ``bins`` equal-width bins of the predicted
    probability ``p`` ([0, 0.1), ..., [0.9, 1.0]); the mean over texts of |share of positives
    in the text's bin - mean predicted probability in that bin|, i.e.
    ``sum_b n_b / N * |mean(y in b) - mean(p in b)|``."""
    y = np.asarray(y, dtype=np.float64)
    p = np.asarray(p, dtype=np.float64)
    if y.size == 0:
        return float("nan")
    idx = np.minimum((p * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        mask = idx == b
        if mask.any():
            total += mask.sum() * abs(float(y[mask].mean()) - float(p[mask].mean()))
    return total / y.size


def top_label_ece(labels: np.ndarray, proba: np.ndarray, bins: int = ECE_BINS) -> float:
    """ECE of the top label: each text's confidence is its highest probability and it counts
    as correct when that class is ``labels`` (class indices); the binning of
    :func:`expected_calibration_error`."""
    proba = np.asarray(proba, dtype=np.float64)
    correct = proba.argmax(axis=1) == np.asarray(labels)
    return expected_calibration_error(correct, proba.max(axis=1), bins)


def classwise_ece(labels: np.ndarray, proba: np.ndarray, bins: int = ECE_BINS) -> float:
    """Classwise ECE (Kull et al. 2019): the mean over the classes (columns of ``proba``) of the
    binary ECE of "is this class" against that class's probability."""
    proba = np.asarray(proba, dtype=np.float64)
    labels = np.asarray(labels)
    per_class = [
        expected_calibration_error(labels == k, proba[:, k], bins) for k in range(proba.shape[1])
    ]
    return float(np.mean(per_class))


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax, stable for large logits."""
    z = np.asarray(logits, dtype=np.float64)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    out: np.ndarray = e / e.sum(axis=1, keepdims=True)
    return out


@dataclass(frozen=True)
class TemperatureScaling:
    """Logits -> ``softmax(logits / temperature)``: above 1 the model was over-confident and
    its probabilities are softened, below 1 sharpened; the order of the classes never moves."""

    temperature: float
    info: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        t = float(self.temperature)
        if not np.isfinite(t) or t <= 0:
            raise ValueError(f"a temperature must be a positive number, got {self.temperature}")
        object.__setattr__(self, "temperature", t)

    def __call__(self, logits: np.ndarray) -> np.ndarray:
        return softmax(np.asarray(logits, dtype=np.float64) / self.temperature)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "temperature",
            "temperature": round(self.temperature, 6),
            "info": self.info or {},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TemperatureScaling:
        return cls(float(data["temperature"]), data.get("info") or None)


def calibration_from_dict(data: dict[str, Any]) -> Calibration | TemperatureScaling:
    """The calibration a model file stores: a temperature (``"kind": "temperature"``) or, as
    every binary model saved before it, a curve (no ``kind``)."""
    kind = data.get("kind", "curve")
    if kind == "temperature":
        return TemperatureScaling.from_dict(data)
    if kind == "curve":
        return Calibration.from_dict(data)
    raise ValueError(f"unknown calibration kind {kind!r}")


def _nll_slope(beta: float, z: np.ndarray, z_true: np.ndarray, w: np.ndarray) -> float:
    """d/d beta of the weighted NLL of ``softmax(beta * z)``: E_p[z] - z_true (increasing in
    beta: the NLL is convex in the inverse temperature)."""
    p = softmax(beta * z)
    return float(np.sum(w * ((p * z).sum(axis=1) - z_true)))


def fit_temperature(
    logits: np.ndarray,
    labels: np.ndarray,
    weights: np.ndarray | None = None,
    bounds: tuple[float, float] = (0.05, 20.0),
) -> float:
    """The temperature that minimises the weighted negative log-likelihood of ``labels``
    (class indices) under ``softmax(logits / T)``, within ``bounds``. ``logits`` must be
    out of fold (the model did not train on them); ``weights`` per text, e.g. so that every
    register weighs the same. Bisection on the slope over the inverse temperature (convex),
    so the answer is exact to ~1e-9 and needs no optimiser.

    >>> rng = np.random.default_rng(0)
    >>> z = rng.normal(0, 3, (20000, 4))
    >>> y = np.array([rng.choice(4, p=p) for p in softmax(z / 2.5)])
    >>> abs(fit_temperature(z, y) - 2.5) < 0.15
    True
    """
    z = np.asarray(logits, dtype=np.float64)
    y = np.asarray(labels, dtype=np.int64)
    if z.ndim != 2 or y.shape != (z.shape[0],) or z.shape[0] == 0:
        raise ValueError("fit_temperature needs logits (n, k) and n class indices")
    w = np.ones(y.size) if weights is None else np.asarray(weights, dtype=np.float64)
    w = w / w.sum()
    z_true = z[np.arange(y.size), y]
    lo, hi = 1.0 / bounds[1], 1.0 / bounds[0]  # inverse temperatures
    if _nll_slope(lo, z, z_true, w) >= 0:
        return bounds[1]
    if _nll_slope(hi, z, z_true, w) <= 0:
        return bounds[0]
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        if _nll_slope(mid, z, z_true, w) < 0:
            lo = mid
        else:
            hi = mid
    return float(1.0 / (0.5 * (lo + hi)))


__all__ = [
    "ECE_BINS",
    "Calibration",
    "TemperatureScaling",
    "calibration_from_dict",
    "classwise_ece",
    "expected_calibration_error",
    "fit_temperature",
    "softmax",
    "top_label_ece",
]
