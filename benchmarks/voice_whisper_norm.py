"""Normalisation, pooling and head variants of the Whisper-embedding voice model, measured with
one nested protocol (issue 3, 2026-12-03). Prints one JSON line per variant; nothing written.

Protocol, for every variant:

* RAVDESS, six classes, 5-fold speaker-independent CV on the CNN's folds
  (``speaker_folds(speakers, 5, 0)``, as ``hamdel voice cv``). C is chosen inside each outer
  training part by 4-fold speaker-grouped inner CV (``speaker_folds(.., 4, 0)``, UAR; ties: the
  smaller C), exactly as the shipped head's ``fit_head``; the outer test actors never steer it.
* Cross-corpus: fitted (C by the same inner CV) on RAVDESS + TurEV-DB, tested on all of EMOVO
  (as the model card's EMOVO column), and leave-one-corpus-out over the three corpora (train on
  two, test on the third; C by inner speaker CV on the two).

Feature transforms: ``utt`` standardises each pooled vector over its own dimensions (per
utterance, usable at serving time); ``l2`` scales it to unit length; ``spk`` standardises every
speaker's vectors by that speaker's own mean and standard deviation over all their clips (test
speakers too, unlabelled: transductive, needs several clips of the speaker at serving time);
``spkmean`` only subtracts the speaker mean; ``spkmean-neu`` subtracts the mean of the speaker's
neutral clips only (an enrolment in a calm voice: uses those clips' labels) and ``spkmean-r10``
the mean of 10 random clips of the speaker; ``spkmean>cold`` and ``spkmean>online`` train on
speaker-centred embeddings but test as a serving path would (see ``_serving_view``);
``corpus`` standardises each corpus by its own statistics (test corpus included, unlabelled).
Heads: ``svm`` (the shipped linear SVM, through ``fit_head``) or ``lr`` (logistic regression,
class-balanced).

Run from the repository root (embeddings cached in the voice cache, outside the repository):

    OMP_NUM_THREADS=1 .venv/bin/python -m benchmarks.voice_whisper_norm SPEC...

SPEC: ``layers:pooling:transform:head[:extra]``, e.g. ``4:mean:-:svm`` (the shipped setting),
``3+4:mean:utt:lr``, ``4:mean:-:svm:emovo,turevdb`` (other corpora added to every RAVDESS
training fold). pooling: mean, std, meanstd.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from benchmarks.voice_whisper_variants import fold_training_set

from hamdel.core.metrics import unweighted_average_recall as _uar

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ("ravdess", "emovo", "turevdb")
SVM_GRID = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2)
LR_GRID = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2)

Data = dict[str, tuple[Any, dict[int, np.ndarray], np.ndarray, np.ndarray]]


def _data_dir() -> Path:
    return Path(os.environ.get("HAMDEL_DATA_DIR", ROOT.parent / "shared" / "data")) / "speech"


def load(depths: tuple[int, ...] = (3, 4)) -> Data:
    """Clips, cached mean+std statistics per depth, labels and speakers of the three corpora."""
    from hamdel.perception.voice._corpora import PREPARERS
    from hamdel.perception.voice._data import load_clips
    from hamdel.perception.voice._train import CLASSES
    from hamdel.perception.voice._whisper import EncoderConfig, embedding_matrix

    out: Data = {}
    for c in CORPORA:
        clips = load_clips(PREPARERS[c](_data_dir() / c), CLASSES)
        stats = {d: embedding_matrix(clips, config=EncoderConfig(layers=d, pooling="mean+std"))
                 for d in depths}  # fmt: skip
        out[c] = (clips, stats, np.array(clips.labels), np.array(clips.speakers))
    return out


def _standardise_groups(
    x: np.ndarray, groups: np.ndarray, scale: bool, enrol: np.ndarray | None = None
) -> np.ndarray:
    """Standardise each group by the statistics of its ``enrol`` rows (all its rows when it has
    none, e.g. TurEV-DB speakers have no neutral clips)."""
    out = np.empty_like(x, dtype=np.float64)
    for g in np.unique(groups):
        rows = groups == g
        ref = rows if enrol is None or not (rows & enrol).any() else rows & enrol
        mu = x[ref].mean(axis=0)
        sd = x[ref].std(axis=0) if scale and ref.sum() > 1 else np.ones(x.shape[1])
        out[rows] = (x[rows] - mu) / np.where(sd < 1e-8, 1.0, sd)
    return out


def _enrolment(labels: np.ndarray, speakers: np.ndarray, how: str) -> np.ndarray:
    """Rows whose statistics stand for their speaker: ``neu`` the neutral clips (an enrolment
    recording in a calm voice), ``rN`` N random clips of any emotion (seed 0)."""
    if how == "neu":
        return np.asarray(labels == 3)  # CLASSES index of neutral
    rng = np.random.default_rng(0)
    keep = np.zeros(len(labels), dtype=bool)
    for g in np.unique(speakers):
        rows = np.flatnonzero(speakers == g)
        keep[rng.choice(rows, min(int(how[1:]), len(rows)), replace=False)] = True
    return keep


def features(data: Data, corpus: str, spec: str) -> np.ndarray:
    """The feature matrix of ``corpus`` for ``layers:pooling:transform``."""
    layers, pooling, transform = spec.split(":")[:3]
    _, stats, labels, speakers = data[corpus]
    parts = []
    for d in (int(v) for v in layers.split("+")):
        s = stats[d]
        parts.append({"mean": s[:, :512], "std": s[:, 512:], "meanstd": s}[pooling])
    x = np.hstack(parts).astype(np.float64)
    if transform == "utt":
        x = (x - x.mean(axis=1, keepdims=True)) / x.std(axis=1, keepdims=True)
    elif transform == "l2":
        x = x / np.linalg.norm(x, axis=1, keepdims=True)
    elif transform in ("spk", "spkmean"):
        x = _standardise_groups(x, speakers, transform == "spk")
    elif transform.startswith("spkmean-"):  # speaker mean from enrolment clips only
        x = _standardise_groups(x, speakers, False, _enrolment(labels, speakers, transform[8:]))
    elif transform == "corpus":
        x = _standardise_groups(x, np.full(len(x), corpus), True)
    elif transform != "-":
        raise ValueError(f"unknown transform {transform!r}")
    return x


def _lr_predictor(x: np.ndarray, y: np.ndarray, c: float) -> Callable[[np.ndarray], np.ndarray]:
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-8] = 1.0
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=3000)
    model.fit((x - mean) / scale, y)
    return lambda z: np.asarray(model.predict((z - mean) / scale))


def fit(head: str, x: np.ndarray, y: np.ndarray, groups: np.ndarray) -> tuple[Any, float]:
    """A predictor fitted on (x, y) with C by 4-fold inner speaker CV on ``groups``."""
    from hamdel.perception.voice._cv import speaker_folds
    from hamdel.perception.voice._whisper_head import fit_head

    if head == "svm":
        fitted, info = fit_head(x, y, list(groups))
        return (lambda z: fitted.decision(z).argmax(1)), float(info["C"])
    folds = speaker_folds(list(groups), 4, 0)
    scores = {}
    for c in LR_GRID:
        pred = np.zeros(len(y), dtype=int)
        for test in folds:
            train = np.setdiff1d(np.arange(len(y)), test)
            pred[test] = _lr_predictor(x[train], y[train], c)(x[test])
        scores[c] = _uar(y, pred)
    best = max(LR_GRID, key=lambda c: (scores[c], -c))
    return _lr_predictor(x, y, best), best


def _serving_view(
    raw: np.ndarray, speakers: np.ndarray, prior: np.ndarray, mode: str
) -> np.ndarray:
    """Test features of a head trained on speaker-centred embeddings, as a serving path without
    the whole speaker would see them: ``cold`` subtracts the training embeddings' mean (no
    speaker history); ``online`` subtracts the mean of the speaker's earlier clips (clips in a
    random order, seed 0; the first clip of a speaker falls back to ``cold``)."""
    if mode == "cold":
        return raw - prior
    out = np.empty_like(raw)
    rng = np.random.default_rng(0)
    for g in np.unique(speakers):
        rows = rng.permutation(np.flatnonzero(speakers == g))
        for i, r in enumerate(rows):
            out[r] = raw[r] - (raw[rows[:i]].mean(axis=0) if i else prior)
    return out


def run(data: Data, spec: str) -> dict[str, Any]:
    from hamdel.perception.voice._cv import speaker_folds

    label, fields = spec, spec.split(":")
    head, extra = fields[3], [e for e in (fields[4] if len(fields) > 4 else "").split(",") if e]
    serving = fields[2].split(">")[1] if ">" in fields[2] else ""
    spec = ":".join([*fields[:2], fields[2].split(">")[0], *fields[3:]])
    raw_spec = ":".join([*fields[:2], "-", *fields[3:]])
    clips, _, y, _ = data["ravdess"]
    x = features(data, "ravdess", spec)
    raw = {c: features(data, c, raw_spec) for c in CORPORA}

    def test_view(corpus: str, rows: np.ndarray, prior: np.ndarray) -> np.ndarray:
        if not serving:
            return features(data, corpus, spec)[rows]
        return _serving_view(raw[corpus][rows], data[corpus][3][rows], prior, serving)

    uars, cs = [], []
    for test in speaker_folds(clips.speakers, 5, 0):  # the CNN's folds
        train = np.setdiff1d(np.arange(len(y)), test)
        xt, yt, gt = fold_training_set(data, x, train, extra, lambda c: features(data, c, spec))
        predict, c_value = fit(head, xt, yt, gt)
        prior = np.vstack([raw["ravdess"][train], *(raw[c] for c in extra)]).mean(axis=0)
        uars.append(_uar(y[test], predict(test_view("ravdess", test, prior))))
        cs.append(c_value)
    cross = {}
    for held in ("emovo", "ravdess", "turevdb"):
        train_c = [c for c in CORPORA if c != held]
        predict, _ = fit(head, np.vstack([features(data, c, spec) for c in train_c]),
                         np.concatenate([data[c][2] for c in train_c]),
                         np.concatenate([data[c][3] for c in train_c]))  # fmt: skip
        prior = np.vstack([raw[c] for c in train_c]).mean(axis=0)
        everyone = np.arange(len(data[held][2]))
        cross[held] = _uar(data[held][2], predict(test_view(held, everyone, prior)))
    return {"variant": label, **summary(uars, cs, cross)}


def summary(uars: list[float], cs: list[float], cross: dict[str, float]) -> dict[str, Any]:
    """One JSON line's figures: RAVDESS folds, the C chosen per fold, EMOVO and LOCO UAR."""
    return {
        "ravdess_uar": round(float(np.mean(uars)), 4),
        "ravdess_sd": round(float(np.std(uars)), 4),
        "folds": [round(u, 3) for u in uars],
        "C": cs,
        "emovo_uar": round(cross["emovo"], 4),  # trained on RAVDESS + TurEV-DB
        "loco": {k: round(v, 4) for k, v in cross.items()},
        "loco_mean": round(float(np.mean(list(cross.values()))), 4),
    }


def main() -> None:
    warnings.filterwarnings("ignore")
    specs = sys.argv[1:]
    depths = tuple(sorted({int(d) for s in specs for d in s.split(":")[0].split("+")}))
    data = load(depths)
    for spec in specs:
        print(json.dumps(run(data, spec), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
