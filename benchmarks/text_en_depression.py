"""The English depression model on everyday messages (issue 4, 2026-12-03). Prints JSON lines;
nothing written.

The shipped English model (``models/text_depression/en.npz``: TF-IDF word 1-2 + char 2-5-grams,
logistic regression, C = 8) learns depression Reddit only, whose texts are lemmatised and
stripped of punctuation. On everyday first-person messages it fires often: 11 % of dair-ai test
tweets ("i feel ...", every emotion) reach the alert threshold 0.8, 7.6 % of the joyful ones.
Candidates add everyday English messages as negatives, weight ``V`` each: dair-ai and
GoEmotions (train splits, sadness left out: some sad messages may be depressive), 3,000 of each.

Choice, on development data only: 5-fold CV over depression Reddit (stratified, seed 20261122)
with the everyday negatives split into the same 5 folds: F1 of the depressive class on the
Reddit rows of each held-out fold, and the share of held-out everyday messages at p >= 0.5 and
at the alert threshold. The weight kept is the largest of the grid that keeps the Reddit F1 at
or above the issue's 0.97. ``--final V`` scores, once, the held-out sets: dair-ai and GoEmotions
test splits (every emotion) and ``data/text/en_depression_blind.csv`` (200 messages written
blind).

    OMP_NUM_THREADS=1 .venv/bin/python -m benchmarks.text_en_depression [V ...]
    OMP_NUM_THREADS=1 .venv/bin/python -m benchmarks.text_en_depression --final V

Superseded on 2026-12-07 (issue 19) by ``benchmarks/text_calibration.py``: the shipped
depression model now learns every register, is calibrated, and alerts at 0.65 on the
calibrated scale. This script keeps the 2026-12-03 study as it was (raw scores, 0.8).
"""

from __future__ import annotations

import json
import random
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from hamdel.perception.text import corpora
from hamdel.perception.text.train.authored import read_lists
from hamdel.perception.text.train.tasks import SEED

WEIGHTS = (0.0, 0.03, 0.1, 0.2, 0.3, 1.0, 3.0)
ALERT = 0.8
"""The alert threshold of the 2026-12-03 study (raw scores)."""
EVERYDAY_EN = 3000
"""Everyday English messages per source (dair-ai, GoEmotions) for :func:`everyday_english`."""


def everyday_english(root: Path | None = None, k: int = EVERYDAY_EN) -> list[str]:
    """Everyday first-person English messages as depression negatives: ``k`` each of dair-ai
    and GoEmotions (Ekman) train, sadness left out (some sad messages may be depressive);
    seeded. Their test splits stay out for measuring."""
    out: list[str] = []
    for corpus in (
        corpora.read_dair_ai(root, "train"),
        corpora.read_goemotions_ekman(root, "train"),
    ):
        pool = [t for t, lab in zip(corpus.texts, corpus.labels, strict=True) if lab != "sadness"]
        out += random.Random(SEED).sample(pool, min(k, len(pool)))
    return out


def _blind_scores(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    """Recall and precision of the depressed class at 0.5 and at the alert threshold."""
    return {
        "recall": round(float(np.mean(p[y == 1] >= 0.5)), 4),
        "precision": round(float(np.mean(y[p >= 0.5] == 1)), 4),
        "recall_at_alert": round(float(np.mean(p[y == 1] >= ALERT)), 4),
        "precision_at_alert": round(float(np.mean(y[p >= ALERT] == 1)), 4),
    }


def _fit(texts: list[str], labels: list[str], weights: np.ndarray) -> Any:
    from hamdel.perception.text.train.linear_fit import LinearConfig, fit_linear
    from hamdel.perception.text.train.tasks import DEPRESSION_FEATURES

    cfg = LinearConfig(DEPRESSION_FEATURES, C=8.0)
    return fit_linear(texts, labels, cfg, sample_weight=weights)


def _p(model: Any, texts: list[str]) -> np.ndarray:
    return np.asarray(model.predict_proba(texts, None)[:, list(model.classes).index("1")])


def cross_validate(day_weight: float) -> dict[str, Any]:
    from sklearn.metrics import f1_score
    from sklearn.model_selection import KFold, StratifiedKFold

    dep = corpora.read_depression_reddit()
    texts, labels = list(dep.texts), [str(v) for v in dep.labels]
    day = everyday_english()
    day_folds = [te for _, te in KFold(5, shuffle=True, random_state=SEED).split(day)]
    dep_folds = StratifiedKFold(5, shuffle=True, random_state=SEED).split(texts, labels)
    f1s, p_day = [], np.zeros(len(day))
    for (tr, te), day_te in zip(dep_folds, day_folds, strict=True):
        day_tr = np.setdiff1d(np.arange(len(day)), day_te)
        extra = [day[i] for i in day_tr] if day_weight > 0 else []
        weights = np.concatenate([np.ones(len(tr)), np.full(len(extra), day_weight)])
        model = _fit([texts[i] for i in tr] + extra,
                     [labels[i] for i in tr] + ["0"] * len(extra), weights)  # fmt: skip
        pred = (_p(model, [texts[i] for i in te]) >= 0.5).astype(int).astype(str)
        f1s.append(f1_score([labels[i] for i in te], pred, pos_label="1"))
        p_day[day_te] = _p(model, [day[i] for i in day_te])
    return {
        "everyday_weight": day_weight,
        "reddit_f1": round(float(np.mean(f1s)), 4),
        "reddit_f1_sd": round(float(np.std(f1s)), 4),
        "everyday_flagged": round(float(np.mean(p_day >= 0.5)), 4),
        "everyday_alert": round(float(np.mean(p_day >= ALERT)), 4),
    }


def final(day_weight: float) -> dict[str, Any]:

    dep = corpora.read_depression_reddit()
    texts, labels = list(dep.texts), [str(v) for v in dep.labels]
    day = everyday_english()
    blind = read_lists(["en_depression_blind"])
    held = {"dair_ai_test": corpora.read_dair_ai(None, "test").texts,
            "goemotions_test": corpora.read_goemotions_ekman(None, "test").texts}  # fmt: skip
    out: dict[str, Any] = {}
    for name, v in (("reddit_only", 0.0), ("chosen", day_weight)):
        extra = day if v > 0 else []
        model = _fit(texts + extra, labels + ["0"] * len(extra),
                     np.concatenate([np.ones(len(texts)), np.full(len(extra), v)]))  # fmt: skip
        scores = _blind_scores(blind.labels, _p(model, list(blind.texts)))
        row: dict[str, Any] = {f"blind_{k}": v for k, v in scores.items()}
        for set_name, set_texts in held.items():
            q = _p(model, list(set_texts))
            row[set_name] = {"n": len(q), "flagged": round(float(np.mean(q >= 0.5)), 4),
                             "alert": round(float(np.mean(q >= ALERT)), 4)}  # fmt: skip
        out[name] = row
    return {"everyday_weight": day_weight, **out}


def xl_variant(en_weight: float, final_run: bool = False) -> dict[str, Any]:
    """The multilingual (e5) depression head as shipped for Persian, plus the everyday English
    messages as negatives at ``en_weight``. Development: the 6,000 everyday messages in two
    halves (train on one, measure on the other) and the Persian cross-writer F1 of
    ``benchmarks.text_fa_depression`` (it must not fall). ``final_run``: the English blind list,
    dair-ai test (2,000) and 1,000 GoEmotions test messages, once."""
    from benchmarks import text_fa_depression as fa_bench

    from hamdel.perception.text.train.tasks import EVERYDAY_FA_WEIGHT, FA_DEPRESSION_WEIGHT, _embed

    data = fa_bench.load()
    x_en = _embed(everyday_english(), "everyday-en")
    halves = np.array_split(np.random.default_rng(0).permutation(len(x_en)), 2)
    everyone = np.arange(len(data["fa"][1]))
    days = np.arange(len(data["everyday"]))

    def fit(en_rows: np.ndarray) -> Any:
        x, y, w = fa_bench._train_set(data, everyone, days, FA_DEPRESSION_WEIGHT,
                                      EVERYDAY_FA_WEIGHT)  # fmt: skip
        if en_weight > 0:
            x = np.vstack([x, x_en[en_rows]])
            y = np.concatenate([y, np.zeros(len(en_rows), dtype=int)])
            w = np.concatenate([w, np.full(len(en_rows), en_weight)])
        return fa_bench._fit(x, y, w)

    alert = []
    for i in (0, 1):
        model = fit(halves[1 - i])
        alert.append(float(np.mean(model.predict_proba(x_en[halves[i]])[:, 1] >= ALERT)))
    out: dict[str, Any] = {"en_weight": en_weight,
                           "everyday_en_alert_dev": round(float(np.mean(alert)), 4)}  # fmt: skip
    if final_run:
        model = fit(np.arange(len(x_en)))
        blind = read_lists(["en_depression_blind"])
        p = model.predict_proba(_embed(list(blind.texts), "en_depression_blind"))[:, 1]
        out["blind"] = _blind_scores(blind.labels, p)
        dair = list(corpora.read_dair_ai(None, "test").texts)
        goemo_all = list(corpora.read_goemotions_ekman(None, "test").texts)
        goemo = random.Random(0).sample(goemo_all, 1000)
        for name, texts, key in (("dair_ai_test", dair, "dair-test"),
                                 ("goemotions_test_1000", goemo, "goemo-test1000")):  # fmt: skip
            q = model.predict_proba(_embed(texts, key))[:, 1]
            out[name] = {"flagged": round(float(np.mean(q >= 0.5)), 4),
                         "alert": round(float(np.mean(q >= ALERT)), 4)}  # fmt: skip
        xb, yb = data["blind"]
        out["fa_blind"] = fa_bench._scores(yb, model.predict_proba(xb)[:, 1])
        q = model.predict_proba(data["everyday_held"])[:, 1]
        out["fa_everyday_held"] = {"flagged": round(float(np.mean(q >= 0.5)), 4),
                                   "alert": round(float(np.mean(q >= ALERT)), 4)}  # fmt: skip
    return out


EN_LISTS = ("en_depression_train_a", "en_depression_train_b")
"""Authored English depression training posts (two writers; never saw the blind list)."""


def en_grid(settings: list[tuple[float, float]]) -> None:
    """The English TF-IDF model with authored English posts (weight ``A``) and everyday English
    messages (weight ``V``) added. One 2-fold scheme on development data: fold i trains on half
    of depression Reddit (stratified), the other writer's authored file and half of the everyday
    messages, and is scored on the rest: Reddit F1 (must stay within 0.003 of ``A = V = 0``),
    cross-writer F1 on the authored posts, everyday messages flagged and at the alert level."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    dep = corpora.read_depression_reddit()
    texts, labels = list(dep.texts), [str(v) for v in dep.labels]
    writers = [read_lists([name]) for name in EN_LISTS]
    day = everyday_english()
    day_halves = np.array_split(np.random.default_rng(0).permutation(len(day)), 2)
    reddit = list(StratifiedKFold(2, shuffle=True, random_state=SEED).split(texts, labels))
    for a_weight, v_weight in settings:
        f1_reddit, p_auth, y_auth, p_day = [], [], [], np.zeros(len(day))
        for i in (0, 1):
            tr, te = reddit[i]
            own = writers[1 - i]
            d_tr = day_halves[1 - i]
            t = [texts[j] for j in tr] + list(own.texts) + [day[j] for j in d_tr]
            y = [labels[j] for j in tr] + [str(v) for v in own.labels] + ["0"] * len(d_tr)
            w = np.concatenate([np.ones(len(tr)), np.full(len(own.texts), a_weight),
                                np.full(len(d_tr), v_weight)])  # fmt: skip
            keep = w > 0
            model = _fit([x for x, k in zip(t, keep, strict=True) if k],
                         [x for x, k in zip(y, keep, strict=True) if k], w[keep])  # fmt: skip
            pred = (_p(model, [texts[j] for j in te]) >= 0.5).astype(int).astype(str)
            f1_reddit.append(f1_score([labels[j] for j in te], pred, pos_label="1"))
            p_auth.append(_p(model, list(writers[i].texts)))
            y_auth.append(writers[i].labels)
            p_day[day_halves[i]] = _p(model, [day[j] for j in day_halves[i]])
        pa, ya = np.concatenate(p_auth), np.concatenate(y_auth)
        row = {
            "authored_weight": a_weight,
            "everyday_weight": v_weight,
            "reddit_f1": round(float(np.mean(f1_reddit)), 4),
            "authored_f1": round(float(f1_score(ya, (pa >= 0.5).astype(int))), 4),
            "authored_recall_at_alert": round(float(np.mean(pa[ya == 1] >= ALERT)), 4),
            "everyday_flagged": round(float(np.mean(p_day >= 0.5)), 4),
            "everyday_alert": round(float(np.mean(p_day >= ALERT)), 4),
        }
        print(json.dumps(row), flush=True)


def main() -> None:
    warnings.filterwarnings("ignore")
    if len(sys.argv) >= 3 and sys.argv[1] == "--en":
        en_grid([tuple(map(float, a.split(":"))) for a in sys.argv[2:]])  # type: ignore[misc]
        return
    if len(sys.argv) >= 3 and sys.argv[1] == "--xl":
        for a in sys.argv[2:]:
            print(json.dumps(xl_variant(float(a.rstrip("!")), a.endswith("!"))), flush=True)
        return
    if len(sys.argv) == 3 and sys.argv[1] == "--final":
        print(json.dumps(final(float(sys.argv[2]))))
        return
    for v in [float(a) for a in sys.argv[1:]] or WEIGHTS:
        print(json.dumps(cross_validate(v)), flush=True)


if __name__ == "__main__":
    main()
