"""Calibrate the shipped stress models without retraining them.

``hamdel text train --task stress --part calibration``: the weights of ``en.npz`` and
``xl.npz`` stay as they are (Dreaddit test F1 0.789 is accepted); only a
:class:`~hamdel.perception.text.calibration.Calibration` is added. Its data: out-of-fold scores
of the same configuration refitted by stratified 10-fold CV on Dreaddit train (the English
model stacking the same frozen emotion model the shipped file names). English: Dreaddit (Reddit
posts) is the only register with stress labels; tweets and chat lines have none, so its curve is
fitted, and can only be checked, on posts. Persian (``xl``, 2026-12-07): the head also learns
the authored Persian stress list (chat lines, posts, voice-note transcripts), and its curve is
fitted on out-of-fold scores of both sources, each weighing the same (checked on the held-out
``fa_stress_blind.csv`` by the calibration benchmark only).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from hamdel.perception.text import corpora
from hamdel.perception.text.calibration import expected_calibration_error
from hamdel.perception.text.linear import LinearTextModel
from hamdel.perception.text.train.calibrate import fit_calibration
from hamdel.perception.text.train.linear_fit import LinearConfig, fit_linear

log = logging.getLogger(__name__)

FOLDS = 10
SEED = 20261122
C = 4.0
"""As ``tasks.train_stress`` (not stored in the model file)."""
WORD_VECTORS = 0.5
"""``tasks.STRESS_WORD_VECTORS``: the English model's mean-GloVe scale."""

Scorer = Callable[[Sequence[int], Sequence[int]], np.ndarray]


def out_of_fold(labels: np.ndarray, scorer: Scorer) -> np.ndarray:
    """Raw scores of every text from a model fitted without its fold."""
    from sklearn.model_selection import StratifiedKFold  # type: ignore[import-untyped]

    scores = np.zeros(labels.size)
    skf = StratifiedKFold(FOLDS, shuffle=True, random_state=SEED)
    for k, (tr, te) in enumerate(skf.split(np.zeros(labels.size), labels)):
        scores[te] = scorer(tr, te)
        log.info("stress calibration fold %d done", k)
    return scores


def _en_scorer(shipped: LinearTextModel, folder: Path, texts: list[str], y: list[str]) -> Scorer:
    w = shipped.weights
    stacked = LinearTextModel.load(folder / w.stacked) if w.stacked else None
    cfg = LinearConfig(
        w.config,
        C=C,
        stacked=w.stacked,
        stacked_scale=w.stacked_scale,
        word_vectors=WORD_VECTORS if w.wv_terms else 0.0,
    )

    def score(tr: Sequence[int], te: Sequence[int]) -> np.ndarray:
        model = fit_linear([texts[i] for i in tr], [y[i] for i in tr], cfg, stacked_model=stacked)
        out: np.ndarray = model.decision_function([texts[i] for i in te])[:, 0]
        return out

    return score


@dataclass(frozen=True)
class Part:
    """Texts, labels (``"0"``/``"1"``), their embeddings and the weight of each text."""

    texts: list[str]
    labels: list[str]
    emb: np.ndarray
    weight: float = 1.0


def _xl_scorer(folded: Part, fixed: Part | None = None) -> Scorer:
    """Scores of ``folded``'s held-out fold from a head fitted on the rest of it plus all of
    ``fixed`` (the other source, always in training)."""
    cfg = LinearConfig(None, use_embeddings=True, C=C)

    def score(tr: Sequence[int], te: Sequence[int]) -> np.ndarray:
        texts = [folded.texts[i] for i in tr]
        labels = [folded.labels[i] for i in tr]
        emb = folded.emb[list(tr)]
        weights = np.full(len(tr), folded.weight)
        if fixed is not None:
            texts += fixed.texts
            labels += fixed.labels
            emb = np.vstack([emb, fixed.emb])
            weights = np.concatenate([weights, np.full(len(fixed.texts), fixed.weight)])
        model = fit_linear(texts, labels, cfg, emb, sample_weight=weights)
        held = [folded.texts[i] for i in te]
        out: np.ndarray = model.decision_function(held, folded.emb[list(te)])[:, 0]
        return out

    return score


def calibrate_stress(
    out: Path,
    root: Path | None = None,
    embed: Callable[[Sequence[str], str], np.ndarray] | None = None,
    parts: Sequence[str] = ("en", "xl"),
    persian: tuple[Sequence[str], Sequence[str], float] | None = None,
) -> dict[str, Any]:
    """Add a calibration to ``out/en.npz`` and ``out/xl.npz`` (those of ``parts`` present;
    ``xl`` needs ``embed(texts, cache_name)``). Returns out-of-fold ECE before and after, on
    Dreaddit train (the held-out figures are the benchmark's)."""
    tr = corpora.read_dreaddit(root)
    texts, y = list(tr.texts), [str(v) for v in tr.labels]
    labels = np.array([int(v) for v in y])
    metrics: dict[str, Any] = {}
    for name in parts:
        path = out / f"{name}.npz"
        if not path.is_file() or (name == "xl" and embed is None):
            continue
        shipped = LinearTextModel.load(path)
        weights, y_cal = None, labels
        if name == "en":
            scores = out_of_fold(labels, _en_scorer(shipped, out, texts, y))
            where = f"Dreaddit train, {FOLDS}-fold out-of-fold scores (posts only)"
        else:
            assert embed is not None
            posts = Part(texts, y, embed(texts, "dreaddit-train"))
            scores = out_of_fold(labels, _xl_scorer(posts))
            where = f"Dreaddit train, {FOLDS}-fold out-of-fold scores"
            if persian is not None:
                fa_texts, fa_y, fa_weight = persian
                fa = Part(list(fa_texts), list(fa_y), embed(fa_texts, "dreaddit-extra"), fa_weight)
                posts_oof = out_of_fold(labels, _xl_scorer(posts, fa))
                fa_labels = np.array([int(v) for v in fa_y])
                fa_oof = out_of_fold(fa_labels, _xl_scorer(fa, posts))
                scores = np.concatenate([posts_oof, fa_oof])
                weights = np.concatenate(
                    [
                        np.full(labels.size, 1.0 / labels.size),
                        np.full(fa_labels.size, 1.0 / fa_labels.size),
                    ]
                )
                weights *= scores.size / weights.sum()
                metrics["xl_calibration_oof_fa"] = {
                    "ece_raw": round(
                        expected_calibration_error(fa_labels, 1.0 / (1.0 + np.exp(-fa_oof))), 4
                    ),
                }
                y_cal = np.concatenate([labels, fa_labels])
                where += (
                    " with the Persian list in training, and the Persian list's"
                    " (each weighing the same)"
                )
        cal = fit_calibration(scores, y_cal, weights, info={"fitted_on": where})
        shipped.with_calibration(cal).save(path)
        raw = 1.0 / (1.0 + np.exp(-scores))
        metrics[f"{name}_calibration_oof"] = {
            "ece_raw": round(expected_calibration_error(y_cal, raw), 4),
            "ece_calibrated_in_sample": round(expected_calibration_error(y_cal, cal(scores)), 4),
        }
    return metrics


__all__ = ["calibrate_stress", "out_of_fold"]
