"""SWELL-KW readers, training and honest evaluation of the heart stress model.

Two shared files (``../shared/data/hrv``):

* ``swell_kw_minute.csv`` — one row per minute: subject (PP1–PP25), block C (1–3), condition
  (R rest, N no stress, T time pressure, I interruptions), HR (bpm), RMSSD (s), SCL; 999 = missing.
  It has subject ids, so leave-one-subject-out (LOSO) evaluation is possible. Each subject has one
  contiguous block per condition and **N is always the first block**, so N-vs-stress is confounded
  with time on session; :func:`evaluate_swell` measures that confound on the rest blocks.
* ``swell_hrv_binary_subset.csv`` — 20 HRV features per row, stress vs no stress, **no subject ids**
  (FID holds network-flow strings): only random splits are possible, and those leak between
  overlapping windows of one person. Measured anyway: a random forest under a random 5-fold split
  scores *below* the majority class, so the file carries no usable stress signal and is not used.

Needs scikit-learn (the ``train`` extra, also pulled in by neurokit2) and pandas.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from hamdel.core.errors import InputError
from hamdel.perception.heart.model import FEATURES, HeartStressModel, StressLogit

log = logging.getLogger(__name__)

MINUTE_FILE = "swell_kw_minute.csv"
BINARY_FILE = "swell_hrv_binary_subset.csv"
Task = Literal["binary", "three", "t_vs_i", "rest_drift"]
LABELS: dict[str, dict[str, str]] = {
    "binary": {"N": "no_stress", "T": "stress", "I": "stress"},
    "three": {"N": "no_stress", "T": "time_pressure", "I": "interruption"},
    "t_vs_i": {"T": "time_pressure", "I": "interruption"},
}
CAVEAT = (
    "not validated: on SWELL-KW the no-stress block always comes first and heart rate drifts down "
    "over the session; the model's skill (stress = heart rate below the person's average) matches "
    "that drift, and vanishes once a per-person time trend fitted on rest blocks is removed"
)
Baselining = Literal["session", "first15", "none"]


def _resolve(path: str | Path, name: str) -> Path:
    p = Path(path)
    p = p / name if p.is_dir() else p
    if not p.is_file():
        raise InputError(f"{p}: SWELL file not found (expected {name} in ../shared/data/hrv)")
    return p


def read_swell_minutes(path: str | Path) -> Any:
    """The minute file as a DataFrame: subject, block, condition, order, hr, ln_rmssd, ln_scl.

    Rows with HR/RMSSD missing (999) are dropped; rows keep session order within each subject.
    """
    import pandas as pd  # type: ignore[import-untyped]

    file = _resolve(path, MINUTE_FILE)
    raw = pd.read_csv(file, usecols=range(7))
    raw.columns = ["subject", "block", "condition", "timestamp", "hr", "rmssd", "scl"]
    raw = raw.replace(999, np.nan).sort_values(["subject", "timestamp"]).reset_index(drop=True)
    raw["order"] = raw.groupby("subject").cumcount()
    raw["ln_rmssd"] = np.log(raw["rmssd"] * 1000.0)
    raw["ln_scl"] = np.log(raw["scl"])
    change = raw[["subject", "block", "condition"]].ne(
        raw[["subject", "block", "condition"]].shift()
    )
    raw["segment"] = change.any(axis=1).cumsum()
    df = raw.dropna(subset=["hr", "ln_rmssd"]).reset_index(drop=True)
    log.info("swell minutes", extra={"fields": {"rows": len(raw), "kept": len(df)}})
    return df


def personal_z(
    df: Any, how: Baselining = "session", cols: tuple[str, ...] = ("hr", "ln_rmssd")
) -> Any:
    """Z-score each subject's features against their own baseline.

    ``session``: all the subject's minutes (a long mixed history, as a wearable accumulates);
    ``first15``: the first 15 valid minutes only (a short calibration; in SWELL these are R1 and N,
    so it favours N); ``none``: raw values.
    """
    out = df.copy()
    for col in cols:
        z = f"z_{col}"
        if how == "none":
            out[z] = out[col]
            continue
        base = out if how == "session" else out.groupby("subject").head(15)
        stats = base.groupby("subject")[col].agg(["mean", "std"])
        floor = 1.0 if col == "hr" else 0.05
        sd = stats["std"].reindex(out["subject"]).to_numpy()
        mean = stats["mean"].reindex(out["subject"]).to_numpy()
        out[z] = (out[col].to_numpy() - mean) / np.maximum(np.nan_to_num(sd), floor)
    return out


def rest_detrended(df: Any, cols: tuple[str, ...] = FEATURES) -> Any:
    """Remove each subject's linear time trend, fitted on their rest minutes only (R blocks sit
    before every condition, so their trend is drift, not stress). Subjects with rest minutes in
    fewer than two blocks, or fewer than 6 rest minutes, are dropped."""
    import pandas as pd

    parts = []
    for _, g in df.groupby("subject"):
        rest = g[g["condition"] == "R"]
        if rest["block"].nunique() < 2 or len(rest) < 6:
            continue
        g = g.copy()
        for c in cols:
            slope, icpt = np.polyfit(rest["order"], rest[c], 1)
            g[c] = g[c] - (slope * g["order"] + icpt)
        parts.append(g)
    return pd.concat(parts)


def rest_referenced(df: Any, cols: tuple[str, ...] = FEATURES) -> Any:
    """Express each task minute relative to the mean of the rest block just before it (same
    subject and session block C): drift between blocks cancels. Blocks with fewer than 3 valid rest
    or task minutes are dropped."""
    import pandas as pd

    parts = []
    for _, g in df.groupby(["subject", "block"]):
        rest, task = g[g["condition"] == "R"], g[g["condition"] != "R"]
        if len(rest) < 3 or len(task) < 3:
            continue
        task = task.copy()
        for c in cols:
            task[c] = task[c] - rest[c].mean()
        parts.append(task)
    return pd.concat(parts)


def task_frame(df: Any, task: Task) -> tuple[Any, npt.NDArray[Any]]:
    """Rows and labels of one task (``rest_drift``: R in block 1 vs R in blocks 2–3)."""
    if task == "rest_drift":
        sub = df[df["condition"] == "R"]
        return sub, np.where(sub["block"] == 1, "rest_first", "rest_later")
    sub = df[df["condition"].isin(list(LABELS[task]))]
    return sub, sub["condition"].map(LABELS[task]).to_numpy()


def k_minute_windows(
    df: Any, y: npt.NDArray[Any], k: int, step: int, cols: list[str]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[Any], npt.NDArray[Any]]:
    """Means over ``k`` consecutive valid minutes of one segment, every ``step`` minutes."""
    X, Y, G = [], [], []
    values = df[cols].to_numpy(dtype=np.float64)
    seg = df["segment"].to_numpy()
    subj = df["subject"].to_numpy()
    for s in np.unique(seg):
        rows = np.flatnonzero(seg == s)
        for i in range(0, rows.size - k + 1, step):
            r = rows[i : i + k]
            X.append(values[r].mean(axis=0))
            Y.append(y[r[0]])
            G.append(subj[r[0]])
    return np.asarray(X), np.asarray(Y), np.asarray(G)


def metrics(
    y: npt.NDArray[Any], pred: npt.NDArray[Any], score: npt.NDArray[Any] | None = None
) -> dict[str, Any]:
    """Accuracy, macro-F1, per-class precision/recall/F1, confusion (rows true), AUC if binary."""
    from sklearn.metrics import (  # type: ignore[import-untyped]
        accuracy_score,
        confusion_matrix,
        f1_score,
        precision_recall_fscore_support,
        roc_auc_score,
    )

    labels = sorted(set(y.tolist()))
    p, r, f, n = precision_recall_fscore_support(y, pred, labels=labels, zero_division=0)
    out: dict[str, Any] = {
        "n": len(y),
        "accuracy": round(float(accuracy_score(y, pred)), 4),
        "macro_f1": round(float(f1_score(y, pred, average="macro", labels=labels)), 4),
        "chance_majority": round(float(max(np.mean(y == c) for c in labels)), 4),
        "per_class": {
            c: {
                "precision": round(float(p[i]), 4),
                "recall": round(float(r[i]), 4),
                "f1": round(float(f[i]), 4),
                "support": int(n[i]),
            }
            for i, c in enumerate(labels)
        },
        "labels": labels,
        "confusion": confusion_matrix(y, pred, labels=labels).tolist(),
    }
    if score is not None and len(labels) == 2:
        out["auc"] = round(float(roc_auc_score(y == labels[1], score)), 4)
    return out


def _make(kind: str, seed: int) -> Any:
    if kind == "forest":
        from sklearn.ensemble import RandomForestClassifier  # type: ignore[import-untyped]

        return RandomForestClassifier(
            n_estimators=200, min_samples_leaf=2, random_state=seed, n_jobs=1
        )
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    return LogisticRegression(max_iter=1000, class_weight="balanced", random_state=seed)


def loso(
    df: Any,
    task: Task,
    k: int = 1,
    cols: list[str] | None = None,
    kind: str = "logit",
    seed: int = 0,
) -> dict[str, Any]:
    """Leave-one-subject-out: train on other subjects' windows (step 1), test on the held-out
    subject's non-overlapping ``k``-minute windows."""
    cols = cols or list(FEATURES)
    sub, y = task_frame(df, task)
    Xtr, Ytr, Gtr = k_minute_windows(sub, y, 1 if kind == "logit" else k, 1, cols)
    Xte, Yte, Gte = k_minute_windows(sub, y, k, k, cols)
    pred = np.empty(len(Yte), dtype=object)
    score = np.zeros(len(Yte))
    for g in np.unique(Gte):
        clf = _make(kind, seed).fit(Xtr[Gtr != g], Ytr[Gtr != g])
        te = Gte == g
        pred[te] = clf.predict(Xte[te])
        if len(clf.classes_) == 2:
            score[te] = clf.predict_proba(Xte[te])[:, 1]
    out = metrics(Yte.astype(str), pred.astype(str), score)
    out.update(
        split="leave-one-subject-out", n_subjects=len(np.unique(Gte)), window_min=k, model=kind
    )
    return out


def random_split(
    df: Any,
    task: Task,
    k: int = 5,
    cols: list[str] | None = None,
    kind: str = "forest",
    seed: int = 0,
) -> dict[str, Any]:
    """5-fold shuffled split over overlapping ``k``-minute windows (step 1) — **leaky**: a test
    window shares k−1 minutes with training windows of the same subject and block."""
    from sklearn.model_selection import KFold  # type: ignore[import-untyped]

    cols = cols or list(FEATURES)
    sub, y = task_frame(df, task)
    X, Y, _ = k_minute_windows(sub, y, k, 1, cols)
    pred = np.empty(len(Y), dtype=object)
    for tr, te in KFold(5, shuffle=True, random_state=seed).split(X):
        pred[te] = _make(kind, seed).fit(X[tr], Y[tr]).predict(X[te])
    out = metrics(Y.astype(str), pred.astype(str))
    out.update(split="random 5-fold over overlapping windows (leaky)", window_min=k, model=kind)
    return out


def train_model(path: str | Path, seed: int = 0) -> HeartStressModel:
    """Fit the shipped binary model on all subjects' per-minute, session-z-scored HR, ln RMSSD."""
    df = personal_z(read_swell_minutes(path), "session")
    sub, y = task_frame(df, "binary")
    clf = StressLogit(random_state=seed).fit(sub[list(FEATURES)].to_numpy(), y)
    classes = (str(clf.classes_[0]), str(clf.classes_[1]))
    if classes != ("no_stress", "stress"):
        raise InputError(f"unexpected classes {classes}")
    meta = {
        "trained_on": f"SWELL-KW per-minute file: {sub['subject'].nunique()} subjects, "
        f"{len(sub)} minutes (N vs T+I)",
        "baseline": "per-subject z-score over the whole session (all conditions)",
        "date": "2026-11-22",
        "seed": seed,
        "validated": False,
        "caveat": CAVEAT,
    }
    return HeartStressModel(
        classes, (float(clf.coef_[0]), float(clf.coef_[1])), clf.intercept_, meta=meta
    )


def binary_subset_random_split(path: str | Path, seed: int = 0) -> dict[str, Any]:
    """Random 5-fold on the binary subset without subject ids (the only split it allows)."""
    import pandas as pd
    from sklearn.model_selection import KFold

    df = pd.read_csv(_resolve(path, BINARY_FILE))
    feats = [c for c in df.columns if c not in ("FID", "condition")]
    X, y = df[feats].to_numpy(dtype=np.float64), df["condition"].to_numpy().astype(str)
    pred = np.empty(len(y), dtype=object)
    for tr, te in KFold(5, shuffle=True, random_state=seed).split(X):
        pred[te] = _make("forest", seed).fit(X[tr], y[tr]).predict(X[te])
    out = metrics(y, pred.astype(str))
    out["chance_majority"] = float(out["chance_majority"])
    # how close is each row to its nearest other row? near-duplicates are what leaks.
    from sklearn.neighbors import NearestNeighbors  # type: ignore[import-untyped]

    Xs = (X - X.mean(0)) / X.std(0)
    dist, _ = NearestNeighbors(n_neighbors=2).fit(Xs).kneighbors(Xs)
    out.update(
        split="random 5-fold, no subject ids (leaky)",
        model="forest",
        n_features=len(feats),
        median_nn_distance_z=round(float(np.median(dist[:, 1])), 4),
    )
    return out


def evaluate_swell(
    path: str | Path, windows_min: tuple[int, ...] = (1, 5), seed: int = 0
) -> dict[str, Any]:
    """Every figure of the model card: the shipped configuration under LOSO, the three-class and
    T-vs-I questions, baselining variants, skin conductance, the order confound and leaky splits."""
    df = read_swell_minutes(path)
    z = {
        how: personal_z(df, how, ("hr", "ln_rmssd", "ln_scl"))
        for how in ("session", "first15", "none")
    }
    rr_cols, scl_cols = list(FEATURES), [*FEATURES, "z_ln_scl"]
    res: dict[str, Any] = {"rows_used": len(df), "subjects": int(df["subject"].nunique())}
    for k in windows_min:
        res[f"binary_loso_{k}min"] = loso(z["session"], "binary", k, rr_cols, seed=seed)
        res[f"three_loso_{k}min"] = loso(z["session"], "three", k, rr_cols, seed=seed)
        res[f"t_vs_i_loso_{k}min"] = loso(z["session"], "t_vs_i", k, rr_cols, seed=seed)
        res[f"binary_loso_raw_{k}min"] = loso(z["none"], "binary", k, rr_cols, seed=seed)
        res[f"three_loso_raw_{k}min"] = loso(z["none"], "three", k, rr_cols, seed=seed)
        res[f"binary_loso_first15_{k}min"] = loso(z["first15"], "binary", k, rr_cols, seed=seed)
        with_scl = z["session"].dropna(subset=["ln_scl"])
        res[f"binary_loso_with_scl_{k}min"] = loso(with_scl, "binary", k, scl_cols, seed=seed)
        res[f"three_loso_with_scl_{k}min"] = loso(with_scl, "three", k, scl_cols, seed=seed)
    detr = rest_detrended(z["session"])
    rref = rest_referenced(z["session"])
    for k in windows_min:
        res[f"binary_loso_detrended_{k}min"] = loso(detr, "binary", k, rr_cols, seed=seed)
        res[f"three_loso_detrended_{k}min"] = loso(detr, "three", k, rr_cols, seed=seed)
        res[f"binary_loso_rest_ref_{k}min"] = loso(rref, "binary", k, rr_cols, seed=seed)
        res[f"three_loso_rest_ref_{k}min"] = loso(rref, "three", k, rr_cols, seed=seed)
    res["rest_drift_loso_1min"] = loso(z["session"], "rest_drift", 1, rr_cols, seed=seed)
    res["three_loso_forest_5min"] = loso(
        z["session"], "three", 5, rr_cols, kind="forest", seed=seed
    )
    res["three_random_forest_5min"] = random_split(z["session"], "three", 5, rr_cols, seed=seed)
    drift = (
        z["session"][z["session"]["condition"] == "R"]
        .groupby("block")[["z_hr", "z_ln_rmssd"]]
        .mean()
    )
    res["rest_block_means_z"] = {
        int(b): {c: round(float(v), 3) for c, v in row.items()} for b, row in drift.iterrows()
    }
    return res


__all__ = [
    "BINARY_FILE",
    "CAVEAT",
    "LABELS",
    "MINUTE_FILE",
    "Baselining",
    "Task",
    "binary_subset_random_split",
    "evaluate_swell",
    "k_minute_windows",
    "loso",
    "metrics",
    "personal_z",
    "random_split",
    "read_swell_minutes",
    "rest_detrended",
    "rest_referenced",
    "task_frame",
    "train_model",
]
