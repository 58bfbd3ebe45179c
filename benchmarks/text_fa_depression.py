"""The Persian depression head: what should it learn besides the English posts? (issue 4,
2026-12-03). Prints JSON lines; nothing written.

The cross-lingual head shipped before 2026-12-03 (``models/text_depression/xl.npz``) was a
logistic regression on multilingual-e5-small embeddings of 3,000 English posts (depression
Reddit, lemmatised and stripped of punctuation by its publisher). On
``data/text/fa_depression_blind.csv`` (200 Persian posts written blind) it found 24 of 100
depressed posts. Candidates add, with a weight per row:

* the authored Persian training posts (``data/text/fa_depression_train_a.csv``, ``_b.csv``;
  400 posts by two writers who never saw the blind list), weight ``W``;
* 1,500 everyday Persian texts as negatives (ArmanEmo train, CRC half 0, SAD left out),
  weight ``V``: without them a head that learns the authored posts flags a third of ordinary
  Persian texts.

Choice, on development data only: cross-validation in which every fold holds out part of the
authored posts and the matching part of the everyday texts (5 folds, and *by writer*: train
on one authored file, test on the other, which is the closer stand-in for someone else's
text); reported: out-of-fold F1 / recall / precision / PR-AUC of the Persian posts at p >= 0.5
and the share of held-out everyday texts flagged. The blind list and the other ArmanEmo half
(``everyday_held``) are scored only by ``--final W V``, for the English-only head and the
chosen weights, once.

    OMP_NUM_THREADS=1 .venv/bin/python -m benchmarks.text_fa_depression [W:V ...]  # CV grid
    OMP_NUM_THREADS=1 .venv/bin/python -m benchmarks.text_fa_depression --final W V

Superseded on 2026-12-07 (issue 19) by ``benchmarks/text_calibration.py``: the shipped
depression model now learns every register, is calibrated, and alerts at 0.65 on the
calibrated scale. This script keeps the 2026-12-03 study as it was (raw scores, 0.8).
"""

from __future__ import annotations

import json
import sys
import warnings
from typing import Any

import numpy as np

WEIGHTS = (0.0, 1.0, 3.0, 10.0, 30.0, 100.0)
ALERT = 0.8
"""The alert threshold of the 2026-12-03 study (raw scores; ``AlertPolicy.threshold`` then)."""
EVERYDAY_WEIGHTS = (0.0, 1.0, 3.0, 10.0, 30.0)
C = 4.0


def _scores(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    from sklearn.metrics import average_precision_score, f1_score, precision_score, recall_score

    pred = (p >= 0.5).astype(int)
    alert = (p >= ALERT).astype(int)
    return {
        "f1": round(float(f1_score(y, pred)), 4),
        "recall": round(float(recall_score(y, pred)), 4),
        "precision": round(float(precision_score(y, pred, zero_division=0)), 4),
        "pr_auc": round(float(average_precision_score(y, p)), 4),
        "recall_at_alert": round(float(recall_score(y, alert)), 4),
        "precision_at_alert": round(float(precision_score(y, alert, zero_division=0)), 4),
    }


def load() -> dict[str, Any]:
    from hamdel.perception.text import corpora
    from hamdel.perception.text.train.authored import read_lists
    from hamdel.perception.text.train.tasks import (
        FA_DEPRESSION_LISTS,
        XL_MAX_POSTS,
        _embed,
        _subset,
        everyday_persian,
    )

    en = _subset(corpora.read_depression_reddit(), XL_MAX_POSTS)
    fa = read_lists(FA_DEPRESSION_LISTS)
    writer = np.concatenate([np.full(len(read_lists([n]).labels), i)
                             for i, n in enumerate(FA_DEPRESSION_LISTS)])  # fmt: skip
    blind = read_lists(["fa_depression_blind"])
    everyday = everyday_persian()
    held = everyday_persian(half=1)
    return {
        "everyday": _embed(everyday, "armanemo-everyday0"),
        "everyday_held": _embed(held, "armanemo-everyday1"),
        "en": (_embed(en.texts, "depression_reddit-sub"), np.array(en.labels).astype(int)),
        "fa": (_embed(fa.texts, "fa_depression_train"), fa.labels),
        "writer": writer,
        "blind": (_embed(blind.texts, "fa_depression_blind"), blind.labels),
    }


def _fit(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, max_iter=3000).fit(x, y, sample_weight=w)


def _train_set(data: dict[str, Any], fa_rows: np.ndarray, day_rows: np.ndarray, weight: float,
               day_weight: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """English posts (weight 1), the chosen Persian posts (``weight``) and everyday Persian
    texts as negatives (``day_weight``); rows of weight 0 left out."""
    xe, ye = data["en"]
    xf, yf = data["fa"]
    xd = data["everyday"][day_rows]
    x = np.vstack([xe, xf[fa_rows], xd])
    y = np.concatenate([ye, yf[fa_rows], np.zeros(len(xd), dtype=int)])
    w = np.concatenate([np.ones(len(ye)), np.full(len(fa_rows), weight),
                        np.full(len(xd), day_weight)])  # fmt: skip
    keep = w > 0
    return x[keep], y[keep], w[keep]


def cross_validate(data: dict[str, Any], weight: float, day_weight: float) -> dict[str, Any]:
    """Out-of-fold scores of the Persian posts and the share of everyday Persian texts flagged.
    Every fold holds out part of the authored posts and the matching part of the everyday
    texts (5 folds; by writer: 2 folds, the everyday texts halved at random)."""
    from sklearn.model_selection import KFold, StratifiedKFold

    xf, yf = data["fa"]
    n_day = len(data["everyday"])
    everyone = np.arange(len(yf))
    day5 = [te for _, te in KFold(5, shuffle=True, random_state=0).split(np.arange(n_day))]
    fa5 = [te for _, te in StratifiedKFold(5, shuffle=True, random_state=0).split(xf, yf)]
    day2 = np.array_split(np.random.default_rng(0).permutation(n_day), 2)
    fa2 = [everyone[data["writer"] == i] for i in np.unique(data["writer"])]
    out: dict[str, Any] = {"weight": weight, "everyday_weight": day_weight}
    for scheme, fa_folds, day_folds in (("5fold", fa5, day5), ("by_writer", fa2, day2)):
        oof = np.zeros(len(yf))
        day = np.zeros(n_day)
        for fa_te, day_te in zip(fa_folds, day_folds, strict=True):
            fa_tr = np.setdiff1d(everyone, fa_te)
            day_tr = np.setdiff1d(np.arange(n_day), day_te)
            model = _fit(*_train_set(data, fa_tr, day_tr, weight, day_weight))
            oof[fa_te] = model.predict_proba(xf[fa_te])[:, 1]
            day[day_te] = model.predict_proba(data["everyday"][day_te])[:, 1]
        out[scheme] = {**_scores(yf, oof), "everyday_flagged": round(float(np.mean(day >= 0.5)), 4),
                       "everyday_alert": round(float(np.mean(day >= ALERT)), 4)}  # fmt: skip
    return out


def final(data: dict[str, Any], weight: float, day_weight: float) -> dict[str, Any]:
    """The held-out figures: the blind list and everyday texts of the other ArmanEmo half, for
    the English-only head and for the chosen weights (run once)."""
    xb, yb = data["blind"]
    everyone = np.arange(len(data["fa"][1]))
    days = np.arange(len(data["everyday"]))
    out = {}
    for name, w, v in (("english_only", 0.0, 0.0), ("chosen", weight, day_weight)):
        model = _fit(*_train_set(data, everyone, days, w, v))
        day = model.predict_proba(data["everyday_held"])[:, 1]
        out[name] = {**_scores(yb, model.predict_proba(xb)[:, 1]),
                     "everyday_held_flagged": round(float(np.mean(day >= 0.5)), 4),
                     "everyday_held_alert": round(float(np.mean(day >= ALERT)), 4)}  # fmt: skip
    return {"weight": weight, "everyday_weight": day_weight, **out}


def main() -> None:
    warnings.filterwarnings("ignore")
    data = load()
    if len(sys.argv) == 4 and sys.argv[1] == "--final":
        print(json.dumps(final(data, float(sys.argv[2]), float(sys.argv[3]))))
        return
    grid = [tuple(map(float, a.split(":"))) for a in sys.argv[1:]] or [
        (w, v) for v in EVERYDAY_WEIGHTS for w in WEIGHTS[1:]
    ]
    for weight, day_weight in grid:
        print(json.dumps(cross_validate(data, weight, day_weight)), flush=True)


if __name__ == "__main__":
    main()
