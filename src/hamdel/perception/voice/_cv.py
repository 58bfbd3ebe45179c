"""Speaker-independent evaluation: speaker k-fold splits and cross-validation of the CNN, the
Whisper-embedding model and the openSMILE + SVM baseline on the same folds. No speaker is ever on
both sides of a split (the Whisper head's inner C search splits the training speakers again)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from hamdel.core.metrics import classification_report, mean_std
from hamdel.perception.voice._data import ClipSet

log = logging.getLogger(__name__)

Predictor = Callable[[ClipSet, ClipSet], tuple[list[int], float]]
"""(train, test) -> (predicted class indices for test, seconds spent)."""


def speaker_folds(speakers: list[str], k: int, seed: int = 0) -> list[np.ndarray]:
    """Assign whole speakers to ``k`` folds (balanced by clip count); returns test indices."""
    names, counts = np.unique(np.array(speakers), return_counts=True)
    if len(names) < k:
        raise ValueError(f"{len(names)} speakers cannot make {k} speaker-independent folds")
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(names))
    order = order[np.argsort(-counts[order], kind="stable")]  # biggest first, ties shuffled
    load = np.zeros(k)
    fold_of: dict[str, int] = {}
    for i in order:
        f = int(np.argmin(load))
        fold_of[names[i]] = f
        load[f] += counts[i]
    assign = np.array([fold_of[s] for s in speakers])
    return [np.flatnonzero(assign == f) for f in range(k)]


def cnn_predictor(config: Any, train: ClipSet, test: ClipSet) -> tuple[list[int], float]:
    """Train the CNN on ``train`` (speaker-held-out early stopping) and predict ``test``."""
    from hamdel.perception.voice._data import feature_versions
    from hamdel.perception.voice._train import predict_specs, train_cnn

    started = time.perf_counter()
    result = train_cnn(train, config)
    specs = [v[0] for v in feature_versions(test, result.mel, 0, config.seed)]
    predicted = predict_specs(result.model, specs).argmax(1)
    return [int(p) for p in predicted], time.perf_counter() - started


def svm_predictor(seed: int, train: ClipSet, test: ClipSet) -> tuple[list[int], float]:
    """Fit openSMILE eGeMAPS + SVM on ``train`` and predict ``test``."""
    from hamdel.perception.voice._baseline import EgemapsSVM

    started = time.perf_counter()
    predicted = EgemapsSVM(random_state=seed).fit(train).predict(test)
    return [int(p) for p in predicted], time.perf_counter() - started


def whisper_predictor(encoder_config: Any, layers: tuple[int, ...], train: ClipSet,
                      test: ClipSet) -> tuple[list[int], float]:  # fmt: skip
    """Fit the Whisper-embedding head on ``train`` (encoder depth and C by inner speaker CV on
    the training speakers) and predict ``test``."""
    from hamdel.perception.voice._whisper import embedding_matrix
    from hamdel.perception.voice._whisper_head import train_whisper_head

    started = time.perf_counter()
    head, chosen, info = train_whisper_head(train, encoder_config=encoder_config, layers=layers)
    log.info("fold: %d encoder layers, C=%g", chosen.layers, info["C"])
    predicted = head.decision(embedding_matrix(test, config=chosen)).argmax(1)
    return [int(p) for p in predicted], time.perf_counter() - started


def _run_fold(predictor: Predictor, train: ClipSet, test: ClipSet) -> list[int]:
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(process)d %(message)s")
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:  # only the CNN needs it
        pass
    return predictor(train, test)[0]


def cross_validate(
    clips: ClipSet,
    k: int,
    predictors: dict[str, Predictor],
    classes: tuple[str, ...],
    seed: int = 0,
    jobs: int = 1,
) -> dict[str, Any]:
    """Run each predictor on the same speaker folds; per-fold reports and mean ± std.

    ``jobs`` > 1 trains that many folds at once in worker processes (each on one thread).
    """
    folds = speaker_folds(clips.speakers, k, seed)
    everyone = np.arange(len(clips))
    splits = []
    for test_idx in folds:
        train, test = clips.subset(np.setdiff1d(everyone, test_idx)), clips.subset(test_idx)
        assert not set(train.speakers) & set(test.speakers)
        splits.append((train, test))
    out: dict[str, Any] = {"folds": k, "n": len(clips), "models": {}}
    for name, predictor in predictors.items():
        started = time.perf_counter()
        if name == "egemaps_svm":  # extract once here, not in competing workers
            from hamdel.perception.voice._baseline import egemaps_matrix

            egemaps_matrix(clips)
        if name.startswith("whisper"):  # embed once here (cached), not in competing workers
            from dataclasses import replace

            from hamdel.perception.voice._whisper import EncoderConfig, embedding_matrix
            from hamdel.perception.voice._whisper_head import LAYER_CHOICES

            args = getattr(predictor, "args", (None, LAYER_CHOICES))
            base = args[0] or EncoderConfig()
            for depth in args[1]:
                embedding_matrix(clips, config=replace(base, layers=depth))
        if jobs > 1:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(jobs, mp_context=mp.get_context("spawn")) as pool:
                preds = list(pool.map(_run_fold, [predictor] * k, *zip(*splits, strict=True)))
        else:
            preds = [_run_fold(predictor, tr, te) for tr, te in splits]
        reports = []
        for f, ((_, test), predicted) in enumerate(zip(splits, preds, strict=True)):
            report = classification_report(
                [classes[i] for i in test.labels], [classes[i] for i in predicted], classes
            ).to_voice_dict()
            report["fold"] = f
            report["test_speakers"] = sorted(set(test.speakers))
            log.info("%s fold %d: uar %.3f acc %.3f", name, f, report["uar"], report["accuracy"])
            reports.append(report)
        total = np.sum([np.array(r["confusion"]["matrix"]) for r in reports], axis=0)
        out["models"][name] = {
            "summary": mean_std(reports),
            "seconds": round(time.perf_counter() - started, 1),
            "pooled_confusion": {"labels": list(classes), "matrix": total.tolist()},
            "per_fold": [{k2: r[k2] for k2 in ("fold", "n", "accuracy", "uar", "macro_f1",
                                                "test_speakers")} for r in reports],
        }  # fmt: skip
    return out


__all__ = [
    "Predictor",
    "cnn_predictor",
    "cross_validate",
    "speaker_folds",
    "svm_predictor",
    "whisper_predictor",
]
