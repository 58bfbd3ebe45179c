"""Speaker-independent evaluation: speaker k-fold splits and cross-validation of the CNN and of the
openSMILE + SVM baseline on the same folds. No speaker is ever on both sides of a split."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from hamdel.perception.voice._data import ClipSet
from hamdel.perception.voice._metrics import classification_report, mean_std

log = logging.getLogger(__name__)

Predictor = Callable[[ClipSet, ClipSet], tuple[list[int], float]]
"""(train, test) -> (predicted class indices for test, seconds spent)."""


def speaker_folds(speakers: list[str], k: int, seed: int = 0) -> list[np.ndarray]:
    """Assign whole speakers to ``k`` folds (balanced by clip count); returns test indices."""
    names, counts = np.unique(np.array(speakers), return_counts=True)
    if len(names) < k:
        raise ValueError(f"{len(names)} speakers cannot make {k} speaker-independent folds")
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(names))
    order = order[np.argsort(-counts[order], kind="stable")]  # biggest first, ties shuffled
    load = np.zeros(k)
    fold_of: dict[str, int] = {}
    for i in order:
        f = int(np.argmin(load))
        fold_of[names[i]] = f
        load[f] += counts[i]
    assign = np.array([fold_of[s] for s in speakers])
    return [np.flatnonzero(assign == f) for f in range(k)]


def cross_validate(clips: ClipSet, k: int, predictors: dict[str, Predictor], classes:
                   tuple[str, ...], seed: int = 0) -> dict[str, Any]:  # fmt: skip
    """Run each predictor on the same speaker folds; per-fold reports and mean ± std."""
    folds = speaker_folds(clips.speakers, k, seed)
    everyone = np.arange(len(clips))
    out: dict[str, Any] = {"folds": k, "n": len(clips), "models": {}}
    for name, predictor in predictors.items():
        reports = []
        for f, test_idx in enumerate(folds):
            train_idx = np.setdiff1d(everyone, test_idx)
            train, test = clips.subset(train_idx), clips.subset(test_idx)
            assert not set(train.speakers) & set(test.speakers)
            started = time.perf_counter()
            predicted, _ = predictor(train, test)
            report = classification_report([classes[i] for i in test.labels],
                                           [classes[i] for i in predicted], classes)  # fmt: skip
            report["fold"] = f
            report["test_speakers"] = sorted(set(test.speakers))
            report["seconds"] = round(time.perf_counter() - started, 1)
            log.info("%s fold %d: uar %.3f acc %.3f", name, f, report["uar"], report["accuracy"])
            reports.append(report)
        total = np.sum([np.array(r["confusion"]["matrix"]) for r in reports], axis=0)
        out["models"][name] = {
            "summary": mean_std(reports),
            "pooled_confusion": {"labels": list(classes), "matrix": total.tolist()},
            "per_fold": [{k2: r[k2] for k2 in ("fold", "n", "accuracy", "uar", "macro_f1",
                                                "test_speakers", "seconds")} for r in reports],
        }  # fmt: skip
    return out


__all__ = ["Predictor", "cross_validate", "speaker_folds"]
