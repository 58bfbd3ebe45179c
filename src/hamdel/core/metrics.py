"""Classification metrics in numpy (no scikit-learn at run time): the one report every evaluation
writes, text and voice alike.

:func:`classification_report` gives a :class:`Report` with unrounded figures; its two layouts are
the JSON the evaluations write: :meth:`Report.to_dict` (the text models' ``metrics.json`` and
``hamdel text eval``) and :meth:`Report.to_voice_dict` (``hamdel voice eval`` and the speaker
cross-validation). Macro-F1 and UAR average over the classes that occur in the truth, so a test
set without, say, surprise is not penalised for it.

>>> r = classification_report(["a", "b", "b"], ["a", "b", "a"], classes=("a", "b"))
>>> round(r.accuracy, 3), r.per_class["b"]["recall"], r.uar
(0.667, 0.5, 0.75)
>>> r.confusion
[[1, 0], [1, 1]]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np


def average_precision(y_true: np.ndarray, score: np.ndarray) -> float:
    """Area under the precision-recall curve (step-wise, as scikit-learn's average precision).

    NaN when ``y_true`` has no positive.

    >>> average_precision(np.array([1, 0, 1]), np.array([0.9, 0.8, 0.1]))
    0.8333333333333333
    """
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


def unweighted_average_recall(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Mean recall over the classes that occur in ``y_true`` (UAR); 0.0 for no labels.

    The same figure as :attr:`Report.uar`, for label arrays of any kind (class indices too).

    >>> unweighted_average_recall(np.array([0, 0, 1, 2]), np.array([0, 1, 1, 1]))
    0.5
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.size == 0:
        return 0.0
    return float(np.mean([np.mean(y_pred[y_true == c] == c) for c in np.unique(y_true)]))


@dataclass(frozen=True)
class Report:
    """Metrics of one evaluation, unrounded.

    ``f1`` and ``pr_auc`` are those of the positive class (binary tasks) or the macro averages;
    ``pr_auc`` (also per class) only when probabilities were given. ``confusion`` has one row per
    true class and one column per predicted class, in ``classes`` order.
    """

    n: int
    accuracy: float
    uar: float
    macro_f1: float
    f1: float | None
    pr_auc: float | None
    classes: tuple[str, ...]
    per_class: dict[str, dict[str, float]]
    """precision, recall, f1, support (a float) and pr_auc of each class."""
    confusion: list[list[int]]
    skipped: int = 0
    outcomes: dict[str, dict[str, float]] = field(default_factory=dict)
    """Crisis only: for each true class (or ``expected`` outcome), n and the share of texts that
    got each outcome (``none``, ``check_in``, ``crisis``)."""

    def to_dict(self) -> dict[str, Any]:
        """The text layout: every float rounded to 4 places, NaN as ``None``; no ``uar``.

        >>> classification_report(["a", "b"], ["a", "a"], ("a", "b")).to_dict()["per_class"]["a"]
        {'precision': 0.5, 'recall': 1.0, 'f1': 0.6667, 'support': 1.0}
        """
        out: dict[str, Any] = _round(
            {
                "n": self.n,
                "accuracy": self.accuracy,
                "macro_f1": self.macro_f1,
                "f1": self.f1,
                "pr_auc": self.pr_auc,
                "per_class": self.per_class,
                "confusion": self.confusion,
                "skipped": self.skipped,
                "outcomes": self.outcomes,
            }
        )
        return out

    def to_voice_dict(self) -> dict[str, Any]:
        """The voice layout: accuracy, UAR and macro-F1 unrounded, per-class figures rounded to
        4 places with an integer support, the confusion with its labels.

        >>> d = classification_report(["a", "b"], ["a", "a"], ("a", "b")).to_voice_dict()
        >>> d["per_class"]["b"]
        {'precision': 0.0, 'recall': 0.0, 'f1': 0.0, 'support': 1}
        >>> d["confusion"]
        {'labels': ['a', 'b'], 'matrix': [[1, 0], [1, 0]]}
        """
        per_class = {
            name: {k: int(v) if k == "support" else _round(v) for k, v in row.items()}
            for name, row in self.per_class.items()
        }
        matrix = [list(row) for row in self.confusion]
        return {
            "n": self.n,
            "accuracy": self.accuracy,
            "uar": self.uar,
            "macro_f1": self.macro_f1,
            "per_class": per_class,
            "confusion": {"labels": list(self.classes), "matrix": matrix},
        }


def _round(obj: Any) -> Any:
    """A copy of ``obj`` with every float rounded to 4 places and NaN as ``None``."""
    if isinstance(obj, float):
        return None if np.isnan(obj) else round(obj, 4)
    if isinstance(obj, dict):
        return {k: _round(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_round(v) for v in obj]
    return obj


def classification_report(
    y_true: Sequence[str] | np.ndarray,
    y_pred: Sequence[str] | np.ndarray,
    classes: Sequence[str],
    proba: np.ndarray | None = None,
    positive: str | None = None,
    skipped: int = 0,
) -> Report:
    """Per-class precision, recall and F1 (+ PR-AUC when ``proba`` columns follow ``classes``).

    ``macro_f1`` and ``uar`` average the classes that occur in ``y_true`` (all classes when none
    does). ``f1`` and ``pr_auc`` at the top level are those of ``positive`` (binary tasks) or the
    macro averages (multi-class). A label outside ``classes`` (an empty prediction, say) has no
    row or column in ``confusion`` but counts in ``n``, ``accuracy`` and the precision or recall
    of the class it is paired with.
    """
    yt, yp = np.asarray(y_true), np.asarray(y_pred)
    if yt.shape != yp.shape:
        raise ValueError(f"{yt.size} true labels but {yp.size} predictions")
    k = len(classes)
    truth = np.array([yt == c for c in classes], dtype=bool).reshape(k, yt.size)
    guess = np.array([yp == c for c in classes], dtype=bool).reshape(k, yp.size)
    confusion = truth.astype(np.int64) @ guess.T.astype(np.int64)
    tp = np.diag(confusion).astype(np.float64)
    support = truth.sum(axis=1).astype(np.float64)
    predicted = guess.sum(axis=1).astype(np.float64)
    precision = np.divide(tp, predicted, out=np.zeros(k), where=predicted > 0)
    recall = np.divide(tp, support, out=np.zeros(k), where=support > 0)
    denom = precision + recall
    f1 = np.divide(2 * precision * recall, denom, out=np.zeros(k), where=denom > 0)
    ap = [average_precision(truth[i], proba[:, i]) for i in range(k)] if proba is not None else []
    per_class: dict[str, dict[str, float]] = {}
    for i, cls in enumerate(classes):
        row = {"precision": float(precision[i]), "recall": float(recall[i]), "f1": float(f1[i])}
        per_class[str(cls)] = row | {"support": float(support[i])}
        if ap:
            per_class[str(cls)]["pr_auc"] = ap[i]
    # a model class absent from a test set (e.g. neutral for dair-ai) would otherwise count as 0
    present = support > 0 if (support > 0).any() else np.ones(k, dtype=bool)
    macro = float(np.mean(f1[present])) if k else 0.0
    if positive is not None:
        f1_top: float | None = per_class[positive]["f1"]
        pr_top = per_class[positive].get("pr_auc")
    else:
        f1_top = macro
        pr_top = _nanmean(np.array(ap)[present]) if ap else None
    return Report(
        n=int(yt.size),
        accuracy=float(np.mean(yt == yp)) if yt.size else 0.0,
        uar=float(np.mean(recall[present])) if k else 0.0,
        macro_f1=macro,
        f1=f1_top,
        pr_auc=pr_top,
        classes=tuple(classes),
        per_class=per_class,
        confusion=confusion.tolist(),
        skipped=skipped,
    )


def _nanmean(values: np.ndarray) -> float:
    """The mean of the finite values; NaN (without a warning) when there is none."""
    return float(np.nanmean(values)) if np.isfinite(values).any() else float("nan")


def mean_std(
    reports: Sequence[Mapping[str, Any]], keys: Sequence[str] = ("accuracy", "uar", "macro_f1")
) -> dict[str, dict[str, float]]:
    """Mean and (population) standard deviation of each metric over folds, rounded to 4 places.

    >>> mean_std([{"uar": 0.4}, {"uar": 0.6}], keys=("uar",))
    {'uar': {'mean': 0.5, 'std': 0.1}}
    """
    out = {}
    for key in keys:
        values = np.array([r[key] for r in reports], dtype=np.float64)
        out[key] = {"mean": round(float(values.mean()), 4), "std": round(float(values.std()), 4)}
    return out


__all__ = [
    "Report",
    "average_precision",
    "classification_report",
    "mean_std",
    "unweighted_average_recall",
]
