"""Training the Whisper emotion head (needs the ``train`` extra: scikit-learn): a linear SVM on
the pooled encoder embeddings of :mod:`hamdel.perception.voice._whisper`, C chosen by
speaker-grouped inner CV, a softmax temperature, and the encoder depth chosen the same way.
Serving needs only :class:`~hamdel.perception.voice._whisper.LinearHead`."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from hamdel.core.metrics import unweighted_average_recall
from hamdel.perception.voice._whisper import (
    HEAD_FILE,
    KIND,
    EncoderConfig,
    LinearHead,
    embedding_matrix,
    softmax,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class HeadConfig:
    """How the head is fitted: a linear SVM (one-vs-rest, class-balanced) whose C is chosen by
    speaker-grouped inner cross-validation on the training speakers only (UAR), then a softmax
    temperature fitted on the inner out-of-fold decisions so the scores behave as probabilities."""

    grid: tuple[float, ...] = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2)
    inner_folds: int = 4
    seed: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": "StandardScaler + LinearSVC(class_weight=balanced) + softmax(T)",
            "grid": list(self.grid),
            "inner_folds": self.inner_folds,
            "seed": self.seed,
        }


def _fit_svm(x: np.ndarray, y: np.ndarray, c: float, seed: int) -> LinearHead:
    from sklearn.svm import LinearSVC  # type: ignore[import-untyped]

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-8] = 1.0
    svm = LinearSVC(C=c, class_weight="balanced", max_iter=20000, random_state=seed)
    svm.fit((x - mean) / scale, y)
    return LinearHead(mean, scale, np.asarray(svm.coef_, np.float64),
                      np.asarray(svm.intercept_, np.float64))  # fmt: skip


def fit_head(
    x: np.ndarray, y: np.ndarray, groups: list[str], config: HeadConfig | None = None
) -> tuple[LinearHead, dict[str, Any]]:
    """Fit the head on embeddings ``x`` (n, dim), labels 0..5 and speaker ``groups``."""
    from hamdel.perception.voice._cv import speaker_folds

    config = config or HeadConfig()
    y = np.asarray(y)
    n_classes = 6
    if len(np.unique(y)) < 2:
        raise ValueError("the head needs at least two classes")
    k = min(config.inner_folds, len(set(groups)))
    folds = speaker_folds(list(groups), k, config.seed) if k >= 2 else []
    everyone = np.arange(len(y))
    scores: dict[float, float] = {}
    oof: dict[float, np.ndarray] = {}
    for c in config.grid:
        decisions = np.zeros((len(y), n_classes))
        for test in folds:
            train = np.setdiff1d(everyone, test)
            if len(np.unique(y[train])) < 2:
                continue
            head = _fit_svm(x[train], y[train], c, config.seed)
            full = np.full((len(test), n_classes), -1e3)
            full[:, _classes_of(y[train])] = head.decision(x[test])
            decisions[test] = full
        oof[c] = decisions
        scores[c] = unweighted_average_recall(y, decisions.argmax(1)) if folds else 0.0
    best = max(config.grid, key=lambda c: (scores[c], -c))  # ties: the smaller C
    head = _fit_svm(x, y, best, config.seed)
    if len(np.unique(y)) < n_classes:  # pad absent classes so the head always has six rows
        coef = np.zeros((n_classes, x.shape[1]))
        intercept = np.full(n_classes, -1e3)
        coef[_classes_of(y)], intercept[_classes_of(y)] = head.coef, head.intercept
        head = LinearHead(head.mean, head.scale, coef, intercept)
    temperature = _temperature(oof[best], y) if folds else 1.0
    head = LinearHead(head.mean, head.scale, head.coef, head.intercept, temperature)
    info = {"C": best, "inner_uar": {str(c): round(v, 4) for c, v in scores.items()},
            "temperature": round(temperature, 4)}  # fmt: skip
    return head, info


def _classes_of(y: np.ndarray) -> np.ndarray:
    return np.unique(y).astype(int)


def _temperature(decisions: np.ndarray, y: np.ndarray) -> float:
    """Softmax temperature minimising the negative log-likelihood of out-of-fold decisions."""
    grid = np.exp(np.linspace(np.log(0.02), np.log(5.0), 60))
    rows = np.arange(len(y))

    def nll(t: float) -> float:
        p = softmax(decisions / t)
        return float(-np.log(np.clip(p[rows, y], 1e-12, None)).mean())

    return float(min(grid, key=nll))


LAYER_CHOICES = (2, 3, 4, 5, 6)
"""Encoder depths ``train_whisper_head(layers=LAYER_CHOICES)`` tries; inner speaker CV picks."""
SHIPPED_LAYERS = 4
"""The shipped depth: the output of encoder layer 4 of 6 (through the final layer norm). Of the
depths 2-6 it carried best to an unseen corpus (leave-one-corpus-out over RAVDESS, EMOVO,
TurEV-DB: mean UAR 0.418 against 0.378 for layer 3 and 0.348 for layer 6); layer 3 scores a
little higher inside RAVDESS. See models/voice_emotion_whisper/MODEL_CARD.md."""


def train_whisper_head(
    clips: Any,
    encoder_config: EncoderConfig | None = None,
    config: HeadConfig | None = None,
    layers: tuple[int, ...] = (SHIPPED_LAYERS,),
) -> tuple[LinearHead, EncoderConfig, dict[str, Any]]:
    """Embed ``clips`` (cached) at each encoder depth in ``layers`` and fit a head on each; keep
    the depth (and C) with the best inner speaker-CV UAR on ``clips`` alone (nested: a test
    speaker never steers the choice). Returns the head, the chosen encoder setting and details."""
    from dataclasses import replace

    base = encoder_config or EncoderConfig()
    best: tuple[float, LinearHead, EncoderConfig, dict[str, Any]] | None = None
    inner: dict[str, float] = {}
    for depth in layers:
        setting = replace(base, layers=depth)
        x = embedding_matrix(clips, config=setting)
        head, info = fit_head(x, np.array(clips.labels), clips.speakers, config)
        score = info["inner_uar"][str(info["C"])]
        inner[str(depth)] = score
        log.info("whisper head: %d encoder layers, C=%g, inner UAR %.3f", depth, info["C"], score)
        if best is None or score > best[0]:
            best = (score, head, setting, info)
    if best is None:
        raise ValueError("no encoder depth to try")
    _, head, setting, info = best
    return head, setting, {**info, "layers": setting.layers, "inner_uar_by_layers": inner}


def export_head(head: LinearHead, out: Path, classes: tuple[str, ...],
                encoder_config: EncoderConfig, meta: dict[str, Any]) -> Path:  # fmt: skip
    """Write ``head.npz`` + ``config.json`` (the Whisper weights are not copied)."""
    import json

    out.mkdir(parents=True, exist_ok=True)
    head.save(out / HEAD_FILE)
    config = {"kind": KIND, "classes": list(classes), "encoder": encoder_config.to_dict(), **meta}
    (out / "config.json").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    return out


__all__ = [
    "LAYER_CHOICES",
    "SHIPPED_LAYERS",
    "HeadConfig",
    "export_head",
    "fit_head",
    "train_whisper_head",
]
