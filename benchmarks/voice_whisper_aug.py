"""Does training the Whisper voice head on augmented copies of the clips carry better to unseen
speakers and corpora? (issue 3, 2026-12-03). Prints one JSON line per setting; nothing written.

The shipped setting (layer 4, mean pooling, standardise + linear SVM) is fitted on the original
clips plus ``K`` perturbed copies of every training clip (speed 0.9-1.1, gain, coloured noise at
5-30 dB SNR, as the CNN's training augmentation, without the circular shift that mean pooling
ignores); tests always use the original clips only. Same protocol as
``benchmarks/voice_whisper_norm.py``: the CNN's 5 RAVDESS speaker folds, C chosen by 4-fold
speaker-grouped inner CV inside each outer training part (inner test rows: original clips only,
so the augmented copies never grade C), EMOVO = trained on RAVDESS + TurEV-DB, and
leave-one-corpus-out. ``K = 0`` is the shipped setting.

Run from the repository root (embeddings of the copies cached beside the voice cache):

    OMP_NUM_THREADS=1 .venv/bin/python -m benchmarks.voice_whisper_aug 0 2
"""

from __future__ import annotations

import json
import sys
import warnings
from functools import partial
from typing import Any

import numpy as np
from benchmarks.voice_whisper_norm import CORPORA, SVM_GRID, _data_dir, summary

from hamdel.core.metrics import unweighted_average_recall as _uar

LAYERS = 4


def _copies(clips: Any, k: int, encoder: Any) -> np.ndarray:
    """(k, n, 512) mean-pooled embeddings of ``k`` perturbed copies of every clip (cached)."""
    from hamdel.perception.voice._augment import AugmentConfig, augment_waveform
    from hamdel.perception.voice._data import _key, atomic_save, cache_dir

    config = AugmentConfig(p_shift=0.0)
    out = np.zeros((k, len(clips.rows), 512), dtype=np.float32)
    for i, (row, speech) in enumerate(zip(clips.rows, clips.speech, strict=True)):
        for j in range(k):
            key = _key(row.path, speech.size, {"layers": LAYERS, "aug": j}, "aug-v1")
            target = cache_dir() / "whisper-aug" / f"{key}.npy"
            if target.is_file():
                out[j, i] = np.load(target)
                continue
            rng = np.random.default_rng([j, int(key[:8], 16)])
            vec = encoder.embed(augment_waveform(speech, rng, config))
            atomic_save(target, partial(np.save, arr=vec))
            out[j, i] = vec
    return out


def load(k: int) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """Per corpus: original embeddings (n, 512), copies (k, n, 512), labels, speakers."""
    from hamdel.perception.voice._corpora import PREPARERS
    from hamdel.perception.voice._data import load_clips
    from hamdel.perception.voice._train import CLASSES
    from hamdel.perception.voice._whisper import EncoderConfig, WhisperEncoder, embedding_matrix

    config = EncoderConfig(layers=LAYERS, pooling="mean")
    encoder = WhisperEncoder.load(config)
    out = {}
    for c in CORPORA:
        clips = load_clips(PREPARERS[c](_data_dir() / c), CLASSES)
        x = embedding_matrix(clips, encoder)
        out[c] = (x, _copies(clips, k, encoder), np.array(clips.labels), np.array(clips.speakers))
    return out


def _stack(x: np.ndarray, copies: np.ndarray, rows: np.ndarray, k: int) -> np.ndarray:
    return np.vstack([x[rows], *(copies[j, rows] for j in range(k))])


def fit(xs: list[np.ndarray], cs: list[np.ndarray], ys: list[np.ndarray], gs: list[np.ndarray],
        k: int) -> Any:  # fmt: skip
    """Linear SVM on originals + ``k`` copies; C by inner speaker CV graded on originals only."""
    from hamdel.perception.voice._cv import speaker_folds
    from hamdel.perception.voice._whisper_head import _fit_svm

    x, y, g = np.vstack(xs), np.concatenate(ys), np.concatenate(gs)
    copies = np.concatenate(cs, axis=1)
    everyone = np.arange(len(y))
    folds = speaker_folds(list(g), 4, 0)
    scores = {}
    for c in SVM_GRID:
        pred = np.zeros(len(y), dtype=int)
        for test in folds:
            train = np.setdiff1d(everyone, test)
            ty = np.tile(y[train], k + 1)
            head = _fit_svm(_stack(x, copies, train, k), ty, c, 0)
            pred[test] = head.decision(x[test]).argmax(1)
        scores[c] = _uar(y, pred)
    best = max(SVM_GRID, key=lambda c: (scores[c], -c))
    return _fit_svm(_stack(x, copies, everyone, k), np.tile(y, k + 1), best, 0), best


def run(data: dict[str, Any], k: int) -> dict[str, Any]:
    from hamdel.perception.voice._cv import speaker_folds

    x, copies, y, g = data["ravdess"]
    uars, cs = [], []
    for test in speaker_folds(list(g), 5, 0):  # the CNN's folds
        train = np.setdiff1d(np.arange(len(y)), test)
        head, c = fit([x[train]], [copies[:, train]], [y[train]], [g[train]], k)
        uars.append(_uar(y[test], head.decision(x[test]).argmax(1)))
        cs.append(c)
    cross = {}
    for held in ("emovo", "ravdess", "turevdb"):
        train_c = [c for c in CORPORA if c != held]
        head, _ = fit([data[c][0] for c in train_c], [data[c][1] for c in train_c],
                      [data[c][2] for c in train_c], [data[c][3] for c in train_c], k)  # fmt: skip
        cross[held] = _uar(data[held][2], head.decision(data[held][0]).argmax(1))
    return {"copies": k, **summary(uars, cs, cross)}


def main() -> None:
    warnings.filterwarnings("ignore")
    ks = [int(a) for a in sys.argv[1:]] or [0, 2]
    data = load(max(ks))
    for k in ks:
        print(json.dumps(run(data, k)), flush=True)


if __name__ == "__main__":
    main()
