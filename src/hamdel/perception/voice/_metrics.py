"""Emotion classification metrics (numpy only): accuracy, UAR, macro-F1, confusion."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np


def classification_report(
    y_true: Sequence[str], y_pred: Sequence[str], classes: Sequence[str]
) -> dict[str, Any]:
    """Metrics over the given label order.

    UAR (unweighted average recall) and macro-F1 average over the classes that occur in
    ``y_true``, so a test set without, say, surprise is not penalised for it. ``confusion`` has
    one row per true class and one column per predicted class, in ``classes`` order.
    """
    index = {c: i for i, c in enumerate(classes)}
    k = len(classes)
    confusion = np.zeros((k, k), dtype=np.int64)
    for t, p in zip(y_true, y_pred, strict=True):
        confusion[index[t], index[p]] += 1
    n = int(confusion.sum())
    support = confusion.sum(axis=1)
    predicted = confusion.sum(axis=0)
    tp = np.diag(confusion).astype(np.float64)
    recall = np.divide(tp, support, out=np.zeros(k), where=support > 0)
    precision = np.divide(tp, predicted, out=np.zeros(k), where=predicted > 0)
    denom = precision + recall
    f1 = np.divide(2 * precision * recall, denom, out=np.zeros(k), where=denom > 0)
    present = support > 0
    return {
        "n": n,
        "accuracy": float(tp.sum() / n) if n else 0.0,
        "uar": float(recall[present].mean()) if present.any() else 0.0,
        "macro_f1": float(f1[present].mean()) if present.any() else 0.0,
        "per_class": {
            c: {
                "precision": round(float(precision[i]), 4),
                "recall": round(float(recall[i]), 4),
                "f1": round(float(f1[i]), 4),
                "support": int(support[i]),
            }
            for i, c in enumerate(classes)
        },
        "confusion": {"labels": list(classes), "matrix": confusion.tolist()},
    }


def mean_std(
    reports: Sequence[dict[str, Any]], keys: Sequence[str] = ("accuracy", "uar", "macro_f1")
) -> dict[str, dict[str, float]]:
    """Mean and (population) standard deviation of each metric over folds."""
    out = {}
    for key in keys:
        values = np.array([r[key] for r in reports], dtype=np.float64)
        out[key] = {"mean": round(float(values.mean()), 4), "std": round(float(values.std()), 4)}
    return out


__all__ = ["classification_report", "mean_std"]
