"""Text benchmark: accuracy of every model side by side, posts/s on one core, memory (crisis
outcomes have their own: ``benchmarks.crisis_bench``).

Run from the repository root (parts cache their JSON in ~/.cache/hamdel/bench, so a long part
can run alone and the report is rebuilt from what exists)::

    OMP_NUM_THREADS=1 .venv/bin/python -m benchmarks.text_bench --part cv        # slow
    OMP_NUM_THREADS=1 .venv/bin/python -m benchmarks.text_bench --part emotion
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
    from hamdel.perception.text.metrics import average_precision

    out: dict[str, float] = {"accuracy": float(np.mean(y == pred))}
    for cls in (0, 1):
        tp = float(np.sum((y == cls) & (pred == cls)))
        prec = tp / max(float(np.sum(pred == cls)), 1.0)
        rec = tp / max(float(np.sum(y == cls)), 1.0)
        out[f"f1_{cls}"] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        s = score if cls == 1 else -score
        out[f"pr_auc_{cls}"] = average_precision(y == cls, s)
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

    emo = LinearTextModel.load(ROOT / "models" / "text_emotion" / "en.npz")
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
def part_emotion(data: Path | None) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    from hamdel.perception.text.features import analyze
    from hamdel.perception.text.metrics import classification_report
    from hamdel.perception.text.train.tasks import persian_emotion_data

    texts, labels, skipped, emb = persian_emotion_data(data, embeddings=True)
    y = np.array(labels)
    feats_w = [analyze(t, (1, 2), None) for t in texts]
    feats_wc = [analyze(t, (1, 2), (2, 5)) for t in texts]
    skf = StratifiedKFold(10, shuffle=True, random_state=SEED)
    rows: dict[str, Any] = {}
    from scipy import sparse

    for name in ("TF-IDF word LR", "TF-IDF word+char LR", "e5 LR", "TF-IDF word+char + e5 LR"):
        pred = np.empty(y.size, dtype=object)
        for tr, te in skf.split(texts, y):
            blocks_tr, blocks_te = [], []
            if "TF-IDF" in name:
                f = feats_w if "char" not in name else feats_wc
                vec = TfidfVectorizer(analyzer=lambda x: x, sublinear_tf=True, min_df=2)
                blocks_tr.append(vec.fit_transform([f[i] for i in tr]))
                blocks_te.append(vec.transform([f[i] for i in te]))
            if "e5" in name:
                blocks_tr.append(sparse.csr_matrix(emb[tr]))
                blocks_te.append(sparse.csr_matrix(emb[te]))
            clf = LogisticRegression(C=4.0, max_iter=3000)
            clf.fit(sparse.hstack(blocks_tr).tocsr(), y[tr])
            pred[te] = clf.predict(sparse.hstack(blocks_te).tocsr())
        rep = classification_report(y, pred.astype(str), sorted(set(labels)))
        rows[name] = {
            "macro_f1": rep.macro_f1,
            "accuracy": rep.accuracy,
            "per_class_f1": {k: v["f1"] for k, v in rep.per_class.items()},
        }
        print(name, rows[name], flush=True)
    metrics = json.loads((ROOT / "models/text_emotion/metrics.json").read_text())
    en = {
        k: {"macro_f1": v["macro_f1"], "accuracy": v["accuracy"], "n": v["n"]}
        for k, v in metrics.items()
        if k.startswith("en_")
    }
    _save("emotion", {"armanemo_cv": rows, "armanemo_skipped": skipped, "english_tests": en})


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
    if emo:
        lines += [
            "### Text emotion",
            "",
            "| data | model | macro-F1 | accuracy |",
            "|---|---|---|---|",
        ]
        for name, r in emo["armanemo_cv"].items():
            lines.append(
                f"| ArmanEmo 5 emotions, 10-fold CV | {name} | {_f(r['macro_f1'])} | "
                f"{_f(r['accuracy'])} |"
            )
        for name, r in emo["english_tests"].items():
            lines.append(
                f"| {name} (official test, mapped) | en TF-IDF LR, 6 classes | "
                f"{_f(r['macro_f1'])} | {_f(r['accuracy'])} |"
            )
        lines.append("")
        if emo.get("carried"):
            lines += [
                "The emotion models did not change on 2026-11-22; these figures are carried over "
                "from the earlier run (ArmanEmo CV needs e5 embeddings, ~10 min of CPU).",
                "",
            ]
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
        choices=["cv", "stack", "emotion", "persian", "speed", "report", "all"],
    )
    parser.add_argument("--data", type=Path, default=None)
    args = parser.parse_args()
    parts = ["cv", "stack", "emotion", "persian", "speed"] if args.part == "all" else [args.part]
    for part in parts:
        {
            "cv": lambda: part_cv(args.data),
            "stack": lambda: part_stack(args.data),
            "emotion": lambda: part_emotion(args.data),
            "persian": lambda: part_persian(args.data),
            "speed": lambda: part_speed(args.data),
            "report": lambda: None,
        }[part]()
    part_report()


if __name__ == "__main__":
    main()
