"""Exploratory Whisper-embedding variants on the CNN's RAVDESS speaker folds, plus the
leave-one-corpus-out table that chose the shipped encoder depth. Produces the "Other variants"
and "Why layer 4" tables of ``models/voice_emotion_whisper/MODEL_CARD.md`` (printed as JSON
lines, nothing written). The shipped-setting rows come from ``hamdel voice cv --whisper``.

Run from the repository root (needs ../shared/data or HAMDEL_DATA_DIR, the speech and train
extras; embeddings are cached in the voice cache):

    OMP_NUM_THREADS=1 .venv/bin/python -m benchmarks.voice_whisper_variants LAYERS SPEC...

LAYERS: encoder depth, or depths joined by + (``3+6`` concatenates). SPEC:
``head:features:extra`` with head in lr, svm, rbf, mlp; features mean, meanstd (mean and standard
deviation), fuse or fusestd (the same + the 88 eGeMAPS functionals); extra: corpora added to
every training fold (``emovo,turevdb``) or empty. ``loco`` instead of LAYERS prints the
leave-one-corpus-out table. Example: ``4 svm:mean: svm:fuse:``.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ("ravdess", "emovo", "turevdb")
GRID = {"lr": [3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1], "svm": [1e-4, 3e-4, 1e-3, 3e-3, 1e-2],
        "rbf": [1, 3, 10, 30], "mlp": [1.0, 10.0]}  # fmt: skip


def _data_dir() -> Path:
    return Path(os.environ.get("HAMDEL_DATA_DIR", ROOT.parent / "shared" / "data")) / "speech"


def _load(depths: list[int]) -> dict[str, Any]:
    from hamdel.perception.voice._corpora import PREPARERS
    from hamdel.perception.voice._data import load_clips
    from hamdel.perception.voice._train import CLASSES
    from hamdel.perception.voice._whisper import EncoderConfig, embedding_matrix

    out = {}
    for c in CORPORA:
        clips = load_clips(PREPARERS[c](_data_dir() / c), CLASSES)
        config = [EncoderConfig(layers=d, pooling="mean+std") for d in depths]
        x = np.stack([embedding_matrix(clips, config=c) for c in config], axis=1)  # n, depths, 1024
        out[c] = (clips, x, np.array(clips.labels), np.array(clips.speakers))
    return out


def _pipeline(kind: str) -> tuple[Any, dict[str, list[float]]]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC, LinearSVC

    model: Any
    param = "m__C"
    if kind == "lr":
        model = LogisticRegression(class_weight="balanced", max_iter=3000)
    elif kind == "svm":
        model = LinearSVC(class_weight="balanced", max_iter=20000)
    elif kind == "rbf":
        model = SVC(kernel="rbf", class_weight="balanced")
    else:
        model, param = MLPClassifier((256,), max_iter=300, random_state=0), "m__alpha"
    return Pipeline([("s", StandardScaler()), ("m", model)]), {param: GRID[kind]}


def _fit(kind: str, x: np.ndarray, y: np.ndarray, groups: np.ndarray) -> Any:
    from sklearn.model_selection import GridSearchCV, GroupKFold

    pipe, grid = _pipeline(kind)
    search = GridSearchCV(pipe, grid, scoring="balanced_accuracy", cv=GroupKFold(4), n_jobs=1)
    return search.fit(x, y, groups=groups)


def _features(data: dict[str, Any], corpus: str, variant: str) -> np.ndarray:
    stats = data[corpus][1]
    pooled = stats if variant.endswith("std") else stats[:, :, :512]
    x = pooled.reshape(len(stats), -1)
    if variant.startswith("fuse"):
        from hamdel.perception.voice._baseline import egemaps_matrix

        return np.hstack([x, egemaps_matrix(data[corpus][0])])
    return np.asarray(x)


def fold_training_set(
    data: dict[str, Any],
    x: np.ndarray,
    train: np.ndarray,
    extra: Sequence[str],
    features: Callable[[str], np.ndarray],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One RAVDESS fold's training rows of ``x`` plus every clip of the ``extra`` corpora:
    features, labels and speaker groups, stacked."""
    _, _, y, g = data["ravdess"]
    xs, ys, gs = [x[train]], [y[train]], [g[train]]
    for c in extra:
        xs.append(features(c))
        ys.append(data[c][2])
        gs.append(data[c][3])
    return np.vstack(xs), np.concatenate(ys), np.concatenate(gs)


def run(data: dict[str, Any], name: str, kind: str, variant: str, extra: tuple[str, ...]) -> None:
    from hamdel.core.metrics import classification_report, mean_std
    from hamdel.perception.voice._cv import speaker_folds
    from hamdel.perception.voice._train import CLASSES

    clips, _, y, _ = data["ravdess"]
    x = _features(data, "ravdess", variant)
    reports = []
    for test in speaker_folds(clips.speakers, 5, 0):  # the CNN's folds
        train = np.setdiff1d(np.arange(len(y)), test)
        xt, yt, gt = fold_training_set(data, x, train, extra, lambda c: _features(data, c, variant))
        search = _fit(kind, xt, yt, gt)
        pred = search.predict(x[test])
        truth, guessed = [CLASSES[i] for i in y[test]], [CLASSES[i] for i in pred]
        reports.append(classification_report(truth, guessed, CLASSES).to_voice_dict())
    train_c = ("ravdess", "turevdb")
    search = _fit(kind, np.vstack([_features(data, c, variant) for c in train_c]),
                  np.concatenate([data[c][2] for c in train_c]),
                  np.concatenate([data[c][3] for c in train_c]))  # fmt: skip
    pred = search.predict(_features(data, "emovo", variant))
    emovo = classification_report([CLASSES[i] for i in data["emovo"][2]],
                                  [CLASSES[i] for i in pred], CLASSES)  # fmt: skip
    summary = {k: f"{v['mean']:.3f} ± {v['std']:.3f}" for k, v in mean_std(reports).items()}
    label = f"L{name} {kind}/{variant}/+{','.join(extra) or '-'}"
    row = {"variant": label, **summary, "emovo_uar": round(emovo.uar, 3)}
    print(json.dumps(row, ensure_ascii=False))


def loco() -> None:
    from hamdel.core.metrics import unweighted_average_recall as _uar
    from hamdel.perception.voice._whisper_head import _fit_svm

    for depth in (2, 3, 4, 5, 6):
        data = _load([depth])
        for c_value in (3e-4, 1e-3):
            uars = []
            for held in CORPORA:
                train = [c for c in CORPORA if c != held]
                x = np.vstack([_features(data, c, "mean") for c in train])
                head = _fit_svm(x, np.concatenate([data[c][2] for c in train]), c_value, 0)
                pred = head.decision(_features(data, held, "mean")).argmax(1)
                uars.append(_uar(data[held][2], pred))
            held_out = {f"{c}_held_out": round(u, 3) for c, u in zip(CORPORA, uars, strict=True)}
            row = {
                "layers": depth,
                "C": c_value,
                **held_out,
                "mean": round(float(np.mean(uars)), 3),
            }
            print(json.dumps(row))


def main() -> None:
    warnings.filterwarnings("ignore")
    if sys.argv[1] == "loco":
        loco()
        return
    data = _load([int(d) for d in sys.argv[1].split("+")])
    for spec in sys.argv[2:]:
        kind, variant, extra = spec.split(":")
        run(data, sys.argv[1], kind, variant, tuple(e for e in extra.split(",") if e))


if __name__ == "__main__":
    main()
