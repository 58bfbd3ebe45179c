"""Text benchmark: accuracy of every model side by side, posts/s on one core, memory (crisis
outcomes have their own: ``benchmarks.crisis_bench``).

Run from the repository root (parts cache their JSON in ~/.cache/hamdel/bench, so a long part
can run alone and the report is rebuilt from what exists)::

    OMP_NUM_THREADS=1 .venv/bin/python -m benchmarks.text_bench --part cv        # slow
    OMP_NUM_THREADS=1 .venv/bin/python -m benchmarks.text_bench --part emotion
    OMP_NUM_THREADS=1 .venv/bin/python -m benchmarks.text_bench --part emotion_cv  # slow
    OMP_NUM_THREADS=1 .venv/bin/python -m benchmarks.text_bench --part persian
    OMP_NUM_THREADS=1 .venv/bin/python -m benchmarks.text_bench --part speed
    .venv/bin/python -m benchmarks.text_bench --part report

Cross-validation fits the TF-IDF vocabulary inside each fold (no leakage); folds are stratified
and seeded (20261122). "posts/s" is measured in process CPU time on one thread, so it stays
meaningful on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from pathlib import Path
from typing import Any

import numpy as np
from benchmarks._report import (
    load_part,
    merge_subsections,
    read_section,
    save_part,
    write_section,
)

ROOT = Path(__file__).resolve().parents[1]
SEED = 20261122


def _save(name: str, data: Any) -> None:
    save_part(f"text_{name}", data)


def _load(name: str) -> Any:
    return load_part(f"text_{name}")


# -- cross-validated baselines ----------------------------------------------------------------
def _estimators() -> dict[str, Any]:
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import ComplementNB
    from sklearn.svm import SVC, LinearSVC

    return {
        "LR word1-2": ("word", LogisticRegression(C=4.0, max_iter=3000)),
        "LR word1-2+char2-5": ("wordchar", LogisticRegression(C=4.0, max_iter=3000)),
        "linear SVM": ("word", LinearSVC(C=0.5)),
        "SVC rbf (libsvm/SMO)": ("word", SVC(C=4.0, kernel="rbf", probability=False)),
        "Random Forest": ("word", RandomForestClassifier(200, random_state=0)),
        "Naive Bayes": ("word", ComplementNB(alpha=0.3)),
    }


def _scores(est: Any, X: Any) -> np.ndarray:
    if hasattr(est, "predict_proba"):
        return est.predict_proba(X)[:, 1]
    return est.decision_function(X)


def _binary_metrics(y: np.ndarray, pred: np.ndarray, score: np.ndarray) -> dict[str, float]:
    """Accuracy, and F1 and PR-AUC of each class (0/1 labels; ``score`` favours 1)."""
    from hamdel.core.metrics import classification_report

    labels = [np.asarray(v, dtype=int).astype(str) for v in (y, pred)]
    rep = classification_report(*labels, ("0", "1"), np.stack([-score, score], axis=1))
    out: dict[str, float] = {"accuracy": rep.accuracy}
    for cls in ("0", "1"):
        out[f"f1_{cls}"] = rep.per_class[cls]["f1"]
        out[f"pr_auc_{cls}"] = rep.per_class[cls]["pr_auc"]
    return out


def _cv_dataset(
    texts: list[str],
    y: np.ndarray,
    test: tuple[list[str], np.ndarray] | None,
    emb: np.ndarray | None,
    emb_test: np.ndarray | None,
    folds: int = 10,
) -> dict[str, Any]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    from hamdel.perception.text.features import analyze

    feats = {
        "word": [analyze(t, (1, 2), None) for t in texts],
        "wordchar": [analyze(t, (1, 2), (2, 5)) for t in texts],
    }
    feats_test = (
        {k: [analyze(t, (1, 2), None if k == "word" else (2, 5)) for t in test[0]] for k in feats}
        if test
        else {}
    )
    skf = StratifiedKFold(folds, shuffle=True, random_state=SEED)
    results: dict[str, Any] = {}
    rows = dict(_estimators())
    if emb is not None:
        rows["LR on e5 embeddings (xl)"] = ("emb", LogisticRegression(C=4.0, max_iter=3000))
    for name, (kind, est) in rows.items():
        t0 = time.process_time()
        per_fold = []
        for tr, te in skf.split(texts, y):
            if kind == "emb":
                Xtr, Xte = emb[tr], emb[te]
            else:
                vec = TfidfVectorizer(analyzer=lambda f: f, sublinear_tf=True, min_df=2)
                Xtr = vec.fit_transform([feats[kind][i] for i in tr])
                Xte = vec.transform([feats[kind][i] for i in te])
            est.fit(Xtr, y[tr])
            per_fold.append(_binary_metrics(y[te], est.predict(Xte), _scores(est, Xte)))
        row: dict[str, Any] = {k: float(np.mean([f[k] for f in per_fold])) for k in per_fold[0]}
        row["f1_sd"] = float(np.std([f["f1_1"] for f in per_fold]))
        if test is not None:
            if kind == "emb":
                Xtr, Xte = emb, emb_test
            else:
                vec = TfidfVectorizer(analyzer=lambda f: f, sublinear_tf=True, min_df=2)
                Xtr, Xte = vec.fit_transform(feats[kind]), vec.transform(feats_test[kind])
            est.fit(Xtr, y)
            row["test"] = _binary_metrics(test[1], est.predict(Xte), _scores(est, Xte))
        row["cpu_s"] = time.process_time() - t0
        results[name] = row
        print(
            name,
            json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in row.items()}),
            flush=True,
        )
    return results


def part_cv(data: Path | None) -> None:
    from hamdel.perception.text import corpora
    from hamdel.perception.text.embed import cache_dir

    def emb_for(name: str, n: int) -> np.ndarray | None:
        hits = sorted(cache_dir().glob(f"{name}300-*.npy"))
        arr = np.load(hits[0]) if hits else None
        return arr if arr is not None and len(arr) == n else None

    tr, te = corpora.read_dreaddit(data), corpora.read_dreaddit(data, "test")
    y, yt = np.array([int(v) for v in tr.labels]), np.array([int(v) for v in te.labels])
    out = {
        "dreaddit": _cv_dataset(
            list(tr.texts),
            y,
            (list(te.texts), yt),
            emb_for("dreaddit-train", len(tr)),
            emb_for("dreaddit-test", len(te)),
        )
    }
    _save("cv", out)
    dep = corpora.read_depression_reddit(data)
    yd = np.array([int(v) for v in dep.labels])
    out["depression_reddit"] = _cv_dataset(
        list(dep.texts), yd, None, emb_for("depression_reddit", len(dep)), None
    )
    _save("cv", out)


STACK_VARIANTS: dict[str, list[tuple[str, str, float, float, float]]] = {
    # name, n-grams, C, emotion-probability scale, mean-GloVe scale
    "dreaddit": [
        ("LR word1-2 + 3 x emotion probs (shipped stress before 2026-11-22)", "w", 4.0, 3.0, 0.0),
        ("LR word1-2 + 3 x emotion probs + 0.5 x mean GloVe (shipped stress)", "w", 4.0, 3.0, 0.5),
    ],
    "depression_reddit": [
        ("LR word1-2, C=8 (shipped depression before 2026-11-22)", "w", 8.0, 0.0, 0.0),
        ("LR word1-2 + 3 x emotion probs, C=8", "w", 8.0, 3.0, 0.0),
        ("LR word1-2 + 0.5 x mean GloVe, C=8", "w", 8.0, 0.0, 0.5),
        ("LR word1-2+char2-5, C=8 (shipped depression)", "wc", 8.0, 0.0, 0.0),
    ],
}


def part_stack(data: Path | None) -> None:
    """The shipped recipes (TF-IDF n-grams + optional emotion probabilities + optional mean
    GloVe vector) in 10-fold CV on train, and on the Dreaddit test split (fit on all of train)."""
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    from hamdel.perception.text import corpora
    from hamdel.perception.text.features import WordVectorMean, analyze, glove_table, text_tokens
    from hamdel.perception.text.linear import LinearTextModel

    # the emotion model the shipped stress model stacks (frozen at 2026-11-22)
    emo = LinearTextModel.load(ROOT / "models" / "text_stress" / "emotion_en.npz")
    glove = WordVectorMean(*glove_table())
    out: dict[str, Any] = {}
    sets = {
        "dreaddit": (corpora.read_dreaddit(data), corpora.read_dreaddit(data, "test")),
        "depression_reddit": (corpora.read_depression_reddit(data), None),
    }

    def blocks(texts: list[str]) -> dict[str, Any]:
        return {
            "w": [analyze(t, (1, 2), None) for t in texts],
            "wc": [analyze(t, (1, 2), (2, 5)) for t in texts],
            "emo": emo.predict_proba(texts),
            "glove": glove.mean_batch(text_tokens(texts)),
        }

    def design(B: dict[str, Any], rows: Any, vec: Any, kind: str, es: float, gs: float) -> Any:
        parts = [vec.transform([B[kind][i] for i in rows])]
        if es:
            parts.append(sparse.csr_matrix(B["emo"][rows] * es))
        if gs:
            parts.append(sparse.csr_matrix(B["glove"][rows] * gs))
        return sparse.hstack(parts).tocsr()

    for ds, (tr, te) in sets.items():
        y = np.array([int(v) for v in tr.labels])
        B = blocks(list(tr.texts))
        Bt = blocks(list(te.texts)) if te is not None else None
        skf = list(StratifiedKFold(10, shuffle=True, random_state=SEED).split(B["w"], y))
        out[ds] = {}
        for name, kind, C, es, gs in STACK_VARIANTS[ds]:
            folds = []
            for a, b in skf:
                vec = TfidfVectorizer(analyzer=lambda f: f, sublinear_tf=True, min_df=2)
                vec.fit([B[kind][i] for i in a])
                Xa, Xb = design(B, a, vec, kind, es, gs), design(B, b, vec, kind, es, gs)
                est = LogisticRegression(C=C, max_iter=3000).fit(Xa, y[a])
                folds.append(_binary_metrics(y[b], est.predict(Xb), _scores(est, Xb)))
            r: dict[str, Any] = {k: float(np.mean([f[k] for f in folds])) for k in folds[0]}
            r["f1_sd"] = float(np.std([f["f1_1"] for f in folds]))
            if te is not None and Bt is not None:
                yt = np.array([int(v) for v in te.labels])
                vec = TfidfVectorizer(analyzer=lambda f: f, sublinear_tf=True, min_df=2)
                vec.fit(B[kind])
                every = np.arange(len(y))
                Xa = design(B, every, vec, kind, es, gs)
                Xb = design(Bt, np.arange(len(yt)), vec, kind, es, gs)
                est = LogisticRegression(C=C, max_iter=3000).fit(Xa, y)
                r["test"] = _binary_metrics(yt, est.predict(Xb), _scores(est, Xb))
            out[ds][name] = r
            print(ds, name, json.dumps(r)[:300], flush=True)
    _save("stack", out)


# -- emotion ----------------------------------------------------------------------------------
EMOTION_BEFORE = Path(
    os.environ.get(
        "HAMDEL_EMOTION_BEFORE", Path.home() / ".cache" / "hamdel" / "text_emotion_2026-11-22"
    )
)
"""The Persian emotion model shipped before 2026-12-07, kept outside the repository for the
"before" column (the English one is ``models/text_stress/emotion_en.npz``, byte for byte)."""
SIX = ("anger", "fear", "happiness", "neutral", "sadness", "surprise")
EN_CHAT_WEIGHTS = (0.0, 1.0, 3.0, 10.0, 30.0)
"""English chat weights checked (word + char n-grams, the shipped features)."""
FA_CHAT_WEIGHTS = (0.0, 1.0, 3.0, 10.0)
EN_E5_SAMPLE = (4000, 1000)
"""English TF-IDF against TF-IDF + e5: a seeded sample per corpus of train and of dev (embedding
all 71,000 English training texts takes hours on one core)."""


def _emotion_models() -> dict[str, tuple[Any, Any]]:
    """``name -> (English model, Persian model)``; the old Persian one only when kept."""
    from hamdel.perception.text.linear import LinearTextModel

    old_xl = EMOTION_BEFORE / "xl.npz"
    models = ROOT / "models"
    return {
        "before": (
            LinearTextModel.load(models / "text_stress" / "emotion_en.npz"),
            LinearTextModel.load(old_xl) if old_xl.is_file() else None,
        ),
        "after": (
            LinearTextModel.load(models / "text_emotion" / "en.npz"),
            LinearTextModel.load(models / "text_emotion" / "xl.npz"),
        ),
    }


def _read_emotions(
    pair: tuple[Any, Any], texts: list[str], routes: list[str | None], emb: np.ndarray | None
) -> list[str] | None:
    """Each text's dominant emotion as the analyzer reads it (``""``: not scored, no letters);
    ``None`` when a text needs a model that is not there."""
    pred = [""] * len(texts)
    for route, model in zip(("en", "xl"), pair, strict=True):
        rows = [i for i, r in enumerate(routes) if r == route]
        if not rows:
            continue
        if model is None:
            return None
        x = emb[rows] if model.uses_embeddings and emb is not None else None
        proba = model.predict_proba([texts[i] for i in rows], x)
        for i, k in zip(rows, proba.argmax(axis=1), strict=True):
            pred[i] = model.classes[k]
    return pred


def _emotion_summary(truth: list[str], pred: list[str] | None) -> dict[str, Any] | None:
    """Macro-F1 (classes present), accuracy, recall per class, and both neutral errors."""
    from hamdel.core.metrics import classification_report

    if pred is None:
        return None
    rep = classification_report(truth, pred, SIX)
    neutral = [p for t, p in zip(truth, pred, strict=True) if t == "neutral"]
    emotional = [p for t, p in zip(truth, pred, strict=True) if t != "neutral"]
    return {
        "n": rep.n,
        "macro_f1": rep.macro_f1,
        "accuracy": rep.accuracy,
        "recall": {c: r["recall"] for c, r in rep.per_class.items() if r["support"]},
        "neutral_as_emotion": (
            float(np.mean([p not in ("neutral", "") for p in neutral])) if neutral else None
        ),
        "emotion_as_neutral": (
            float(np.mean([p == "neutral" for p in emotional])) if emotional else None
        ),
        "not_scored": sum(p == "" for p in pred),
    }


def _chat_held_out(name: str) -> tuple[list[str], list[str], list[str]] | None:
    """A held-out chat list as the analyzer sees it: cleaned texts, emotions, languages."""
    import csv

    from hamdel.core.errors import TextError
    from hamdel.perception.text.normalize import clean_input, normalize

    path = ROOT / "data" / "text" / f"{name}.csv"
    if not path.is_file():
        return None
    texts, labels, langs = [], [], []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            try:
                texts.append(normalize(clean_input(row["text"])))
            except TextError:
                texts.append("")
            labels.append(row["emotion"].strip())
            langs.append(row["language"].strip())
    return texts, labels, langs


def part_emotion(data: Path | None) -> None:
    """Held-out figures of the emotion models before (shipped 2026-11-22) and after: the three
    English test splits, ArmanEmo's odd CRC half, and the chat lists written blind."""
    from hamdel.perception.text import corpora
    from hamdel.perception.text.train import emotion as recipe
    from hamdel.perception.text.train.linear_fit import LinearConfig, fit_linear

    models = _emotion_models()
    out: dict[str, Any] = {"sets": {}, "chat": {}, "before_xl": models["before"][1] is not None}
    for name, (texts, labels, _) in recipe.english_sets(data, "test").items():
        routes: list[str | None] = ["en"] * len(texts)
        out["sets"][f"{name} test"] = {"language": "en"} | {
            k: _emotion_summary(labels, _read_emotions(p, texts, routes, None))
            for k, p in models.items()
        }
    # ArmanEmo's odd half; the shipped 2026-11-22 model learned it, so the old recipe is also
    # re-fitted on the even half alone for an honest "before"
    texts, labels, _, emb = recipe.persian_emotion_data(data, embeddings=True, half=1)
    even, even_y, _, even_emb = recipe.persian_emotion_data(data, embeddings=True, half=0)
    old_cfg = LinearConfig(recipe.PERSIAN_FEATURES, use_embeddings=True, C=4.0)
    old_even = fit_linear(even, even_y, old_cfg, even_emb)
    pairs = {**models, "before_even": (None, old_even)}
    routes = ["xl"] * len(texts)
    out["sets"]["armanemo odd half"] = {"language": "fa"} | {
        k: _emotion_summary(labels, _read_emotions(p, texts, routes, emb)) for k, p in pairs.items()
    }
    c = corpora.read_armanemo(data)
    other = [i for i, (t, y) in enumerate(zip(c.texts, c.labels, strict=True))
             if y == "OTHER" and corpora.crc_half(t) == 1]  # fmt: skip
    all_emb = recipe.embed(c.texts, "armanemo")
    xl = models["after"][1]
    p = xl.predict_proba([c.texts[i] for i in other], all_emb[other])
    out["armanemo_other_as_neutral"] = {
        "n": len(other),
        "share": float(np.mean([xl.classes[k] == "neutral" for k in p.argmax(axis=1)])),
    }
    for name in recipe.HELD_OUT_LISTS:
        held = _chat_held_out(name)
        if held is None:
            continue
        texts, labels, langs = held
        # the analyzer detecting the language (the web chat form), and the language given by
        # the caller (``/api/chat`` with ``language``: Finglish then goes to the Persian model)
        routes = [recipe.emotion_route(t) if t else None for t in texts]
        given: list[str | None] = [
            ("en" if la == "en" else "xl") if t else None
            for t, la in zip(texts, langs, strict=True)
        ]
        emb = np.zeros((len(texts), 384), dtype=np.float32)
        xl_rows = [i for i in range(len(texts)) if "xl" in (routes[i], given[i])]
        emb[xl_rows] = recipe.embed([texts[i] for i in xl_rows], f"bench-{name}")
        preds = {k: _read_emotions(p, texts, routes, emb) for k, p in models.items()}
        by_lang = {k: _read_emotions(p, texts, given, emb) for k, p in models.items()}
        fa = [i for i, la in enumerate(langs) if la == "fa"]
        groups = {
            "en": [i for i, la in enumerate(langs) if la == "en"],
            "fa": fa,
            "fa, Persian script": [i for i in fa if routes[i] != "en"],
            "fa, Finglish: English model": [i for i in fa if routes[i] == "en"],
        }
        for group, rows in groups.items():
            out["chat"][f"{name} ({group})"] = {
                k: _emotion_summary(
                    [labels[i] for i in rows], None if pr is None else [pr[i] for i in rows]
                )
                for k, pr in preds.items()
            }
        for lang in ("en", "fa"):
            rows = [i for i, la in enumerate(langs) if la == lang]
            out["chat"][f"{name} ({lang}, language given)"] = {
                k: _emotion_summary(
                    [labels[i] for i in rows], None if pr is None else [pr[i] for i in rows]
                )
                for k, pr in by_lang.items()
            }
    _save("emotion", out)
    print(json.dumps(out, indent=1)[:3000])


def _chat_lowo(chat: Any, fit: Any, predict: Any) -> dict[str, Any]:
    """Leave one chat list (writer) out: fit on the others, read the held list; pooled."""
    pred = [""] * len(chat)
    for held in sorted(set(chat.lists)):
        test = [i for i, n in enumerate(chat.lists) if n == held]
        model, rows = fit([i for i, n in enumerate(chat.lists) if n != held]), test
        for i, label in zip(rows, predict(model, rows), strict=True):
            pred[i] = label
    summary = _emotion_summary(list(chat.emotions), pred)
    assert summary is not None
    return summary


def _labels_of(model: Any, texts: list[str], emb: np.ndarray | None = None) -> list[str]:
    proba = model.predict_proba(texts, emb)
    return [model.classes[k] for k in proba.argmax(axis=1)]


def _emotion_cv_en(data: Path | None, done: dict[str, Any]) -> dict[str, Any]:
    """English chat weight: leave-one-writer-out on the chat lines and the dev splits (rows in
    ``done`` are kept; each new row is saved as soon as it exists: the grid takes hours)."""
    from hamdel.perception.text.features import FeatureConfig
    from hamdel.perception.text.train import emotion as recipe

    texts, labels, _ = recipe.english_emotion_data(data)
    dev = recipe.english_sets(data, "dev")
    chat = recipe.chat_lines("en")
    rows: dict[str, Any] = dict(done)
    word = FeatureConfig((1, 2), None)
    grid = [(f"{w:g}", w, recipe.EN_FEATURES) for w in EN_CHAT_WEIGHTS]
    grid.append((f"{recipe.CHAT_EN_WEIGHT:g}, word n-grams only", recipe.CHAT_EN_WEIGHT, word))
    for key, w, features in grid:
        if key in rows:
            continue
        t0 = time.process_time()

        def fit(keep: list[int], w: float = w, features: FeatureConfig = features) -> Any:
            return recipe.fit_en(texts, labels, chat.take(keep if w else []), w, None, features)

        if w:
            lowo = _chat_lowo(chat, fit, lambda m, r: _labels_of(m, [chat.texts[i] for i in r]))
            full = fit(list(range(len(chat))))
        else:  # no chat: one model reads every line
            full = fit([])
            lowo = _emotion_summary(list(chat.emotions), _labels_of(full, list(chat.texts)))
        row: dict[str, Any] = {"chat": lowo}
        for name, (t, y, _) in dev.items():
            row[name] = _emotion_summary(y, _labels_of(full, t))
        row["cpu_s"] = time.process_time() - t0
        rows[key] = row
        _save("emotion_cv", {**(_load("emotion_cv") or {}), "en": rows})
        print("en", key, json.dumps(row), flush=True)
    return rows


def _emotion_cv_en_e5(data: Path | None) -> dict[str, Any]:
    """TF-IDF against TF-IDF + e5 for English, on a seeded sample (same texts for both)."""
    import random

    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from hamdel.perception.text.train import emotion as recipe

    def sample(split: str, k: int) -> tuple[list[str], list[str], list[str], np.ndarray]:
        texts, labels, source, emb = [], [], [], []
        for name, (t, y, _) in recipe.english_sets(data, split).items():
            keep = sorted(random.Random(SEED).sample(range(len(t)), min(k, len(t))))
            texts += [t[i] for i in keep]
            labels += [y[i] for i in keep]
            source += [name] * len(keep)
            emb.append(recipe.embed([t[i] for i in keep], f"emotion-sample-{name}-{split}"))
        return texts, labels, source, np.vstack(emb)

    tr, tr_y, _, e_tr = sample("train", EN_E5_SAMPLE[0])
    dv, dv_y, dv_src, e_dv = sample("dev", EN_E5_SAMPLE[1])
    chat = recipe.chat_lines("en")
    e_chat = recipe.embed(chat.texts, "chat_emotion_en")
    f_tr = [recipe.EN_FEATURES.analyzer(t) for t in tr]
    f_dv = [recipe.EN_FEATURES.analyzer(t) for t in dv]
    f_chat = [recipe.EN_FEATURES.analyzer(t) for t in chat.texts]

    def fit_read(keep: list[int], w: float, use_e5: bool, read: list[Any], e_read: Any) -> Any:
        vec = TfidfVectorizer(analyzer=lambda f: f, sublinear_tf=True, min_df=2)
        X = vec.fit_transform(f_tr + [f_chat[i] for i in keep])
        Xr = vec.transform(read)
        if use_e5:
            X = sparse.hstack([X, np.vstack([e_tr, e_chat[keep]])]).tocsr()
            Xr = sparse.hstack([Xr, e_read]).tocsr()
        y = tr_y + [chat.emotions[i] for i in keep]
        sw = np.concatenate([np.ones(len(tr)), np.full(len(keep), w)])
        clf = LogisticRegression(C=recipe.EN_C, max_iter=3000).fit(X, y, sample_weight=sw)
        return list(clf.predict(Xr))

    rows: dict[str, Any] = {}
    for w in (2.0, 10.0):
        for use_e5 in (False, True):
            pred = [""] * len(chat)
            for held in sorted(set(chat.lists)):
                test = [i for i, n in enumerate(chat.lists) if n == held]
                keep = [i for i, n in enumerate(chat.lists) if n != held]
                got = fit_read(keep, w, use_e5, [f_chat[i] for i in test], e_chat[test])
                for i, label in zip(test, got, strict=True):
                    pred[i] = label
            row: dict[str, Any] = {"chat": _emotion_summary(list(chat.emotions), pred)}
            got = fit_read(list(range(len(chat))), w, use_e5, f_dv, e_dv)
            for name in sorted(set(dv_src)):
                idx = [i for i, s in enumerate(dv_src) if s == name]
                row[name] = _emotion_summary([dv_y[i] for i in idx], [got[i] for i in idx])
            rows[f"{'TF-IDF + e5' if use_e5 else 'TF-IDF'}, chat weight {w:g}"] = row
            print("en e5", w, use_e5, json.dumps(row)[:300], flush=True)
    return rows


def _emotion_cv_fa(data: Path | None) -> dict[str, Any]:
    """Persian chat weight, and ArmanEmo OTHER as neutral or not: 10-fold CV on ArmanEmo's
    even half (five emotions scored) and leave-one-writer-out on the Persian chat lines."""
    from sklearn.model_selection import StratifiedKFold

    from hamdel.perception.text import corpora
    from hamdel.perception.text.train import emotion as recipe

    texts, labels, _, emb = recipe.persian_emotion_data(data, embeddings=True)
    assert emb is not None
    c = corpora.read_armanemo(data)
    other = [i for i, (t, y) in enumerate(zip(c.texts, c.labels, strict=True))
             if y == "OTHER" and corpora.crc_half(t) == recipe.ARMANEMO_HALF]  # fmt: skip
    o_texts, o_emb = [c.texts[i] for i in other], recipe.embed(c.texts, "armanemo")[other]
    chat = recipe.chat_lines("xl")
    chat_emb = recipe.embed(chat.texts, "chat_emotion_xl")
    folds = list(StratifiedKFold(10, shuffle=True, random_state=SEED).split(texts, labels))
    every, all_chat = list(range(len(texts))), list(range(len(chat)))
    settings = [(f"chat weight {w:g}", w, False) for w in FA_CHAT_WEIGHTS]
    settings.append(("chat weight 3, ArmanEmo OTHER as neutral", 3.0, True))
    rows: dict[str, Any] = {}
    for name, w, use_other in settings:
        t0 = time.process_time()
        extra = (o_texts, ["neutral"] * len(o_texts), o_emb) if use_other else ([], [], None)

        def fit(arman: list[int], keep: list[int], w: float = w, extra: Any = extra) -> Any:
            keep = keep if w else []
            e = [emb[arman]] + ([extra[2]] if extra[2] is not None else [])
            return recipe.fit_xl(
                [texts[i] for i in arman] + extra[0],
                [labels[i] for i in arman] + extra[1],
                np.vstack(e),
                chat.take(keep),
                chat_emb[keep],
                w,
            )

        pred = [""] * len(texts)
        for tr, te in folds:
            got = _labels_of(fit(list(tr), all_chat), [texts[i] for i in te], emb[te])
            for i, label in zip(te, got, strict=True):
                pred[i] = label
        row: dict[str, Any] = {"armanemo_even_cv": _emotion_summary(labels, pred)}

        def read(model: Any, r: list[int]) -> list[str]:
            return _labels_of(model, [chat.texts[i] for i in r], chat_emb[r])

        if w:
            row["chat"] = _chat_lowo(chat, lambda keep, fit=fit: fit(every, keep), read)
        else:
            row["chat"] = _emotion_summary(list(chat.emotions), read(fit(every, []), all_chat))
        row["cpu_s"] = time.process_time() - t0
        rows[name] = row
        print("fa", name, json.dumps(row)[:400], flush=True)
    return rows


def part_emotion_cv(data: Path | None) -> None:
    """The development checks behind the emotion recipe (slow: about 30 English fits); parts
    already in the cache are kept (delete ``text_emotion_cv.json`` to re-run everything)."""
    out = _load("emotion_cv") or {}
    if "fa" not in out:
        out["fa"] = _emotion_cv_fa(data)
        _save("emotion_cv", out)
    if "en_e5" not in out:
        out["en_e5"] = _emotion_cv_en_e5(data)
        _save("emotion_cv", out)
    out["en"] = _emotion_cv_en(data, out.get("en", {}))
    _save("emotion_cv", out)


# -- speed and memory -------------------------------------------------------------------------
def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _posts_per_s(fn: Any, texts: list[str], min_s: float = 2.0) -> float:
    n, t0 = 0, time.process_time()
    while n == 0 or time.process_time() - t0 < min_s:
        fn(texts)
        n += len(texts)
    return n / (time.process_time() - t0)


def part_speed(data: Path | None) -> None:
    from hamdel.perception.text import corpora
    from hamdel.perception.text.analyzer import TextAnalyzer
    from hamdel.perception.text.crisis import CrisisDetector
    from hamdel.perception.text.embed import E5Embedder
    from hamdel.perception.text.linear import LinearTextModel

    posts = list(corpora.read_dreaddit(data, "test").texts)  # all 715
    fa = list(corpora.read_armanemo(data).texts[:100])
    out: dict[str, Any] = {"rss_start_mb": _rss_mb(), "loadavg_start": list(os.getloadavg())}
    for task in ("stress", "depression", "emotion", "crisis"):
        path = ROOT / "models" / f"text_{task}" / "en.npz"
        if path.is_file():
            m = LinearTextModel.load(path)
            label = "TF-IDF " + (
                "word+char" if m.weights.config and m.weights.config.char_ngrams else "word"
            )
            label += " LR" + (" + emotion probs" if m.weights.stacked else "")
            label += " + mean GloVe" if m.weights.wv_terms else ""
            t0 = time.process_time()
            m.predict_proba(posts)  # first pass: per-token char n-gram cache still empty
            first = len(posts) / (time.process_time() - t0)
            out[f"{task} en ({label})"] = {
                "posts_s": _posts_per_s(m.predict_proba, posts, 5.0),
                "first_pass_posts_s": first,
                "file_mb": path.stat().st_size / 1e6,
                "rss_mb": _rss_mb(),
                "loadavg": list(os.getloadavg()),
            }
    lex = CrisisDetector.load()
    out["crisis lexicon"] = {"posts_s": _posts_per_s(lex.predict_many, posts)}
    emb = E5Embedder.load()
    out["e5 embedding (multilingual-e5-small q4)"] = {
        "posts_s": _posts_per_s(emb.embed, fa, 5.0),
        "rss_mb": _rss_mb(),
        "texts": "ArmanEmo",
    }
    analyzer = TextAnalyzer.load(ROOT / "models", embedder=emb)
    # distinct texts, one pass: the analyzer remembers the last 64 embeddings
    chat_en = [t[:200] for t in corpora.read_dair_ai(data, "test").texts[:80]]
    out["analyzer, English chat message (all layers)"] = {
        "posts_s": _posts_per_s(lambda ts: [analyzer.analyze(t) for t in ts], chat_en, 0.0)
    }
    fa_chat = list(corpora.read_armanemo(data).texts[200:280])
    out["analyzer, Persian chat message (all layers)"] = {
        "posts_s": _posts_per_s(lambda ts: [analyzer.analyze(t) for t in ts], fa_chat, 0.0),
        "rss_mb": _rss_mb(),
    }
    deep = Path(os.environ.get("HAMDEL_DEEP_DIR", "/nonexistent")) / "model.onnx"
    if deep.is_file():
        out["deep onnx"] = {"note": "see deep results"}
    _save("speed", out)
    print(json.dumps(out, indent=1))


# -- report -----------------------------------------------------------------------------------
# -- Persian depression and stress: the lists written blind ----------------------------------
PERSIAN_LISTS = {"depression": "fa_depression_blind", "stress": "fa_stress_blind"}


def part_persian(root: Path | None = None) -> None:
    """The shipped Persian (``xl``) depression and stress heads on the Persian lists written
    blind, and how often the depression head fires on everyday Persian texts (ArmanEmo train,
    CRC half 1, never trained on; a seeded 1,200), at 0.5 and at the alert threshold."""
    import random

    from hamdel.perception.text import corpora
    from hamdel.perception.text.analyzer import TextAnalyzer
    from hamdel.perception.text.evaluate import evaluate_manifest
    from hamdel.safety.alerts import AlertPolicy

    out: dict[str, Any] = {}
    for task, name in PERSIAN_LISTS.items():
        r = evaluate_manifest(task, ROOT / "data" / "text" / f"{name}.csv", ROOT / "models")
        d = r.to_dict()
        out[task] = {"list": name, "n": d["n"], "f1": d["f1"], "pr_auc": d["pr_auc"],
                     "recall": d["per_class"]["1"]["recall"],
                     "precision": d["per_class"]["1"]["precision"]}  # fmt: skip
    c = corpora.read_armanemo(root, "train")
    pool = [t for t in c.texts if corpora.crc_half(t) == 1]
    texts = random.Random(0).sample(pool, min(1200, len(pool)))
    analyzer = TextAnalyzer.load(ROOT / "models")
    head = analyzer.heads["depression"].xl
    p = head.predict_proba(texts, analyzer._embed(texts))[:, list(head.classes).index("1")]
    alert = AlertPolicy().threshold
    out["everyday"] = {"n": len(texts), "flagged": float(np.mean(p >= 0.5)),
                       "alert": float(np.mean(p >= alert)), "threshold": alert}  # fmt: skip
    _save("persian", out)


def _f(v: Any) -> str:
    return "-" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)


def _md_table(header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> list[str]:
    """A markdown table, one line per row."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(str(v) for v in row) + " |" for row in rows]


SET_NAMES = {
    "dair_ai test": "dair-ai test",
    "goemotions_ekman test": "GoEmotions test (Ekman, single-label, mapped)",
    "empathetic_dialogues test": "EmpatheticDialogues test (mapped)",
    "armanemo odd half": "ArmanEmo held-out half (odd CRC half, 5 emotions)",
}


def _pair(r: dict[str, Any] | None) -> tuple[str, str]:
    return ("-", "-") if r is None else (_f(r["macro_f1"]), _f(r["accuracy"]))


def _emotion_report(emo: dict[str, Any], cv: dict[str, Any] | None) -> list[str]:
    """The "### Text emotion" subsection: held-out figures before and after, the chat lists by
    class, and the development checks that chose the recipe."""
    lines = [
        "### Text emotion",
        "",
        "Before: the models shipped 2026-11-22 (English TF-IDF LR on dair-ai + GoEmotions + "
        "EmpatheticDialogues; Persian TF-IDF + e5 LR on all of ArmanEmo train, five classes, no "
        "neutral). After: 2026-12-07 (English: word + char n-grams), both learn the authored "
        "chat lines `chat_everyday_train_a`-`_d` (English weight 10, Persian weight 1; the "
        "Persian model learns ArmanEmo's even "
        "CRC half only and gets neutral from the chat lines). Every set below is held out: "
        "official test splits, ArmanEmo's odd half, and chat lists written blind by other "
        "writers (never trained on, nothing chosen on them). Chat rows without a suffix are "
        "read with the language detected by the analyzer (Finglish goes to the English model, "
        'a line with no letters gets no emotion and counts as wrong); "language given" rows '
        "as `/api/chat` with the list's language (`en` or `fa` decides the model). Macro-F1 "
        "over the classes present.",
        "",
    ]
    rows = []
    for key, r in emo["sets"].items():
        b, a = _pair(r.get("before")), _pair(r.get("after"))
        n = (r.get("after") or {}).get("n", "-")
        rows.append((SET_NAMES.get(key, key), r["language"], n, *b, *a))
        if "before_even" in r:
            e = _pair(r["before_even"])
            rows.append((f"{SET_NAMES.get(key, key)}: 2026-11-22 recipe fitted on the even half "
                         "only", r["language"], n, *e, "", ""))  # fmt: skip
    emo["chat"] = {k.replace("Finglish (English model)", "Finglish: English model"): r
                   for k, r in emo["chat"].items()}  # fmt: skip
    for key, r in emo["chat"].items():
        b, a = _pair(r.get("before")), _pair(r.get("after"))
        lang = "en" if "(en)" in key or "(en," in key else "fa"
        rows.append((key, lang, (r.get("after") or {}).get("n", "-"), *b, *a))
    lines += _md_table(
        ("held-out set", "language", "n", "before macro-F1", "before accuracy",
         "after macro-F1", "after accuracy"),
        rows,
    )  # fmt: skip
    lines += [
        "",
        "The 2026-11-22 Persian model learned all of ArmanEmo train, the odd half included, so "
        "its figure on that half is not held out; the row below it is the same recipe fitted on "
        "the even half alone. ArmanEmo OTHER texts of the odd half read as neutral by the new "
        f"model: {emo['armanemo_other_as_neutral']['share']:.1%} of "
        f"{emo['armanemo_other_as_neutral']['n']} (OTHER is not neutral: see below).",
        "",
        "Chat lists, recall per class and the two neutral errors (share of neutral lines read "
        "as an emotion; share of emotional lines read as neutral):",
        "",
    ]
    recall_rows = []
    for key, r in emo["chat"].items():
        for model in ("before", "after"):
            s = r.get(model)
            if s is None:
                continue
            rec = [_f(s["recall"].get(c)) for c in SIX]
            recall_rows.append((key, model, *rec, _f(s["neutral_as_emotion"]),
                                _f(s["emotion_as_neutral"]), s["not_scored"]))  # fmt: skip
    lines += _md_table(
        ("chat list", "model", *SIX, "neutral read as emotion", "emotion read as neutral",
         "not scored"),
        recall_rows,
    )  # fmt: skip
    lines.append("")
    if cv:
        lines += _emotion_cv_report(cv)
    return lines


def _emotion_cv_report(cv: dict[str, Any]) -> list[str]:
    lines = [
        "Development checks (training lists and dev splits only; `--part emotion_cv`). Chat: "
        "leave one of the four chat lists (writers) out, pooled.",
        "",
    ]
    if "en" in cv:
        lines += _md_table(
            ("English chat weight", "chat macro-F1", "chat accuracy", "dair-ai val",
             "GoEmotions dev", "EmpatheticDialogues dev"),
            [(w, *_pair(r["chat"]), _f(r["dair_ai"]["macro_f1"]),
              _f(r["goemotions_ekman"]["macro_f1"]), _f(r["empathetic_dialogues"]["macro_f1"]))
             for w, r in cv["en"].items()],
        )  # fmt: skip
        lines.append("")
    if "en_e5" in cv:
        lines += _md_table(
            ("English features (sample: 4,000 train texts per corpus, 1,000 dev)",
             "chat macro-F1", "chat accuracy", "dair-ai val", "GoEmotions dev",
             "EmpatheticDialogues dev"),
            [(k, *_pair(r["chat"]), _f(r["dair_ai"]["macro_f1"]),
              _f(r["goemotions_ekman"]["macro_f1"]), _f(r["empathetic_dialogues"]["macro_f1"]))
             for k, r in cv["en_e5"].items()],
        )  # fmt: skip
        lines.append("")
    if "fa" in cv:
        lines += _md_table(
            ("Persian setting", "ArmanEmo even half, 10-fold macro-F1", "accuracy",
             "emotional ArmanEmo read as neutral", "chat macro-F1", "chat accuracy"),
            [(k, *_pair(r["armanemo_even_cv"]), _f(r["armanemo_even_cv"]["emotion_as_neutral"]),
              *_pair(r["chat"])) for k, r in cv["fa"].items()],
        )  # fmt: skip
        lines.append("")
    return lines


def part_report() -> None:
    lines = ["## text", ""]
    cv, deep = _load("cv"), _load("deep")
    stack = _load("stack")
    if stack:
        cv = cv or {}
        for ds, rows in stack.items():
            for name, row in rows.items():
                cv.setdefault(ds, {})[name] = row
    e5cv = _load("e5cv")  # written by the xl-head check (see docs/text.md)
    if e5cv:
        cv = cv or {}
        for ds, row in e5cv.items():
            label = "LR on e5 embeddings (xl head" + (
                ", 3,000-post sample)" if ds == "depression_reddit" else ")"
            )
            label += " [earlier run, not re-run]" if row.get("carried") else ""
            cv.setdefault(ds, {})[label] = row
    if cv:
        lines += [
            "### Depression and stress: 10-fold CV (mean of folds) and Dreaddit test",
            "",
            "| data | model | F1 (1) | F1 (0) | accuracy | PR-AUC (1) | PR-AUC (0) | "
            "F1 sd | Dreaddit test F1 | test acc | test PR-AUC |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for ds, rows in cv.items():
            for name, r in rows.items():
                name = name.replace(" (shipped)", "")  # older runs labelled it so
                t = r.get("test", {})
                lines.append(
                    f"| {ds} | {name} | {_f(r['f1_1'])} | {_f(r['f1_0'])} | "
                    f"{_f(r['accuracy'])} | {_f(r['pr_auc_1'])} | {_f(r['pr_auc_0'])} | "
                    f"{_f(r['f1_sd'])} | {_f(t.get('f1_1'))} | {_f(t.get('accuracy'))} | "
                    f"{_f(t.get('pr_auc_1'))} |"
                )
        lines.append("")
    if deep:
        lines += [
            "### char-CNN + GloVe BiLSTM (the design's model)",
            "",
            "```",
            json.dumps(deep, indent=1),
            "```",
            "",
        ]
    emo = _load("emotion")
    if emo and "sets" in emo:
        lines += _emotion_report(emo, _load("emotion_cv"))
    persian = _load("persian")
    if persian:
        lines += [
            "### Persian depression and stress (lists written blind)",
            "",
            "The Persian (`xl`) heads on 200-post Persian lists written by helpers who had not "
            "seen the models (100 positive, about two thirds of the negatives hard: the same "
            "topics without the condition); `hamdel text eval --task T --data "
            "data/text/LIST.csv`. Authored posts are cleaner than real ones: expect less on real "
            "Persian posts. The depression head also learns 400 authored Persian posts by two "
            "other writers and 1,500 everyday Persian texts (see models/text_depression).",
            "",
        ]
        lines += _md_table(
            ("task", "list", "n", "F1", "recall", "precision", "PR-AUC"),
            [
                (t, r["list"], r["n"], _f(r["f1"]), _f(r["recall"]), _f(r["precision"]),
                 _f(r["pr_auc"]))
                for t, r in persian.items() if t != "everyday"
            ],
        )  # fmt: skip
        day = persian["everyday"]
        lines += [
            "",
            f"Everyday Persian texts (ArmanEmo train, held-out CRC half, {day['n']}): depression "
            f"flagged (p >= 0.5) {day['flagged']:.1%}, at the alert threshold (p >= "
            f"{day['threshold']}) {day['alert']:.1%}. The English-only head of 2026-11-22: 24 of "
            "100 depressed posts found (F1 0.350, PR-AUC 0.638), 12.8 % / 2.3 % of everyday texts.",
            "",
        ]
    speed = _load("speed")
    if speed:
        lines += [
            "### Speed (one thread, process CPU time) and memory",
            "",
            "| model | posts/s | first pass posts/s | load avg (1 min) | model file MB | "
            "process max RSS MB |",
            "|---|---|---|---|---|---|",
        ]
        for name, r in speed.items():
            if isinstance(r, dict) and "posts_s" in r:
                first = r.get("first_pass_posts_s")
                load = r.get("loadavg")
                lines.append(
                    f"| {name} | {r['posts_s']:.0f} | {'-' if first is None else f'{first:.0f}'} | "
                    f"{'-' if load is None else f'{load[0]:.1f}'} | {_f(r.get('file_mb'))} | "
                    f"{_f(r.get('rss_mb'))} |"
                )
        lines += [
            "",
            "Posts: all 715 Dreaddit test segments (mean 446 characters), repeated for >= 5 s "
            'of process CPU time on one thread (OMP_NUM_THREADS=1); "first pass" is the first '
            "pass only, before the per-token char n-gram cache is warm. Persian: ArmanEmo texts. "
            "The machine (2 cores) was shared with another job: load average is given per row.",
            "",
        ]
    write_section("text", merge_subsections(read_section("text"), "\n".join(lines)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--part",
        default="report",
        choices=["cv", "stack", "emotion", "emotion_cv", "persian", "speed", "report", "all"],
    )
    parser.add_argument("--data", type=Path, default=None)
    args = parser.parse_args()
    parts = ["cv", "stack", "emotion", "emotion_cv", "persian", "speed"]
    parts = parts if args.part == "all" else [args.part]
    for part in parts:
        {
            "cv": lambda: part_cv(args.data),
            "stack": lambda: part_stack(args.data),
            "emotion": lambda: part_emotion(args.data),
            "emotion_cv": lambda: part_emotion_cv(args.data),
            "persian": lambda: part_persian(args.data),
            "speed": lambda: part_speed(args.data),
            "report": lambda: None,
        }[part]()
    part_report()


if __name__ == "__main__":
    main()
