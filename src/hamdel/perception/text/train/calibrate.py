"""Fit a :class:`~hamdel.perception.text.calibration.Calibration` on out-of-fold scores.

Training only (scikit-learn). Isotonic regression gives the non-decreasing step function that
best fits the labels; its steps are then replaced by a line through the middle of each step
(the weighted mean score of the texts in it), so the served curve is strictly increasing
inside the fitted range: two texts with different scores never share a probability only
because they fell on one step, and a threshold on the calibrated scale moves smoothly.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from hamdel.perception.text.calibration import Calibration


def fit_calibration(
    scores: np.ndarray,
    labels: np.ndarray,
    weights: np.ndarray | None = None,
    info: dict[str, Any] | None = None,
) -> Calibration:
    """``scores``: raw model scores (logits) that the model did not train on (out of fold);
    ``labels`` 0/1; ``weights`` per text (e.g. to balance registers)."""
    from sklearn.isotonic import IsotonicRegression  # type: ignore[import-untyped]

    s = np.asarray(scores, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    w = np.ones_like(s) if weights is None else np.asarray(weights, dtype=np.float64)
    order = np.argsort(s, kind="mergesort")
    s, y, w = s[order], y[order], w[order]
    fitted = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(s, y, w).predict(s)
    # one knot per step: (weighted mean score of the step, the step's value)
    starts = np.r_[0, np.flatnonzero(np.diff(fitted) > 1e-12) + 1]
    ends = np.r_[starts[1:], s.size]
    pairs = zip(starts, ends, strict=True)
    knots = np.array([np.average(s[a:b], weights=w[a:b]) for a, b in pairs])
    values = fitted[starts]
    if knots.size < 2:  # a constant fit: keep it constant over the observed range
        knots, values = np.array([s[0], s[-1] + 1e-6]), np.repeat(values[:1], 2)
    keep = np.r_[True, np.diff(knots) > 1e-9]
    return Calibration(knots[keep], np.maximum.accumulate(values[keep]), info)


def fit_platt(scores: np.ndarray, labels: np.ndarray, weights: np.ndarray | None = None) -> Any:
    """``(a, b)`` of ``sigmoid(a * score + b)`` (the simpler alternative the benchmark reports)."""
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    lr = LogisticRegression(C=1e6, max_iter=1000)
    lr.fit(np.asarray(scores).reshape(-1, 1), np.asarray(labels), sample_weight=weights)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


__all__ = ["fit_calibration", "fit_platt"]
