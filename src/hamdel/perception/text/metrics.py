"""Classification metrics in numpy (no scikit-learn at run time): the figures ``hamdel text eval``
prints — ``n, accuracy, macro_f1, f1, pr_auc, per_class``.

>>> m = classification_report(["a", "b", "b"], ["a", "b", "a"], classes=("a", "b"))
>>> round(m.accuracy, 3), m.per_class["b"]["recall"]
(0.667, 0.5)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np


def average_precision(y_true: np.ndarray, score: np.ndarray) -> float:
    """Area under the precision-recall curve (step-wise, as scikit-learn's average precision)."""
    y_true = np.asarray(y_true, dtype=bool)
    n_pos = int(y_true.sum())
    if n_pos == 0:
        return float("nan")
    order = np.argsort(-np.asarray(score, dtype=np.float64), kind="mergesort")
    y = y_true[order]
    s = np.asarray(score)[order]
    # group tied scores: take the last position of each distinct score
    distinct = np.r_[np.flatnonzero(np.diff(s)), y.size - 1]
    tp = np.cumsum(y)[distinct]
    fp = (distinct + 1) - tp
    precision = tp / (tp + fp)
    recall = tp / n_pos
    recall_prev = np.r_[0.0, recall[:-1]]
    return float(np.sum((recall - recall_prev) * precision))


@dataclass(frozen=True)
class Report:
    """Metrics of one evaluation."""

    n: int
    accuracy: float
    macro_f1: float
    f1: float | None
    pr_auc: float | None
    per_class: dict[str, dict[str, float]]
    confusion: list[list[int]] = field(default_factory=list)
    skipped: int = 0
    outcomes: dict[str, dict[str, float]] = field(default_factory=dict)
    """Crisis only: for each true class (or ``expected`` outcome), n and the share of texts that
    got each outcome (``none``, ``check_in``, ``crisis``)."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = _round(asdict(self))
        return out


def _round(obj: Any) -> Any:
    if isinstance(obj, float):
        return None if np.isnan(obj) else round(obj, 4)
    if isinstance(obj, dict):
        return {k: _round(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_round(v) for v in obj]
    return obj


def classification_report(
    y_true: Sequence[str],
    y_pred: Sequence[str],
    classes: Sequence[str],
    proba: np.ndarray | None = None,
    positive: str | None = None,
    skipped: int = 0,
) -> Report:
    """Per-class precision/recall/F1 (+ PR-AUC when ``proba`` columns follow ``classes``).

    ``macro_f1`` averages the classes that occur in ``y_true``.

    ``f1`` and ``pr_auc`` at the top level are those of ``positive`` (binary tasks) or the
    macro averages (multi-class).
    """
    yt, yp = np.asarray(y_true), np.asarray(y_pred)
    per_class: dict[str, dict[str, float]] = {}
    confusion = [[int(np.sum((yt == a) & (yp == b))) for b in classes] for a in classes]
    for k, cls in enumerate(classes):
        tp = float(np.sum((yt == cls) & (yp == cls)))
        p_den, r_den = float(np.sum(yp == cls)), float(np.sum(yt == cls))
        prec = tp / p_den if p_den else 0.0
        rec = tp / r_den if r_den else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        row = {"precision": prec, "recall": rec, "f1": f1, "support": r_den}
        if proba is not None:
            row["pr_auc"] = average_precision(yt == cls, proba[:, k])
        per_class[str(cls)] = row
    # macro over the classes present in the truth (a model class absent from a test set,
    # e.g. neutral for dair-ai, would otherwise count as F1 = 0)
    names = [str(c) for c in classes]
    present = [c for c in names if per_class[c]["support"] > 0] or names
    macro = float(np.mean([per_class[c]["f1"] for c in present]))
    if positive is not None:
        f1_top: float | None = per_class[positive]["f1"]
        pr_top = per_class[positive].get("pr_auc")
    else:
        f1_top = macro
        aps = [per_class[c].get("pr_auc", float("nan")) for c in present]
        pr_top = float(np.nanmean(aps)) if proba is not None else None
    return Report(
        n=int(yt.size),
        accuracy=float(np.mean(yt == yp)) if yt.size else 0.0,
        macro_f1=macro,
        f1=f1_top,
        pr_auc=pr_top,
        per_class=per_class,
        confusion=confusion,
        skipped=skipped,
    )


__all__ = ["Report", "average_precision", "classification_report"]
