"""Calibrated probabilities for binary text models, and how calibration is measured.

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


__all__ = ["ECE_BINS", "Calibration", "expected_calibration_error"]
