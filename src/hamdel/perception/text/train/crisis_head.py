"""Train the crisis embedding head: logistic regression on multilingual-e5-small embeddings of
the authored crisis sentences in English and Persian (``data/text``).

Authored sentences alone teach the head only the hard cases: it then flagged half of ordinary
tweets. So everyday messages are added as negatives (:func:`everyday_messages`: dair-ai and
GoEmotions in English, half of ArmanEmo in Persian; weak labels, a rare crisis among them is
possible). The regularisation strength is chosen by stratified cross-validation (mean PR-AUC
over the two languages); each language's threshold is the highest that keeps the head's own
out-of-fold recall on the authored crisis sentences at :data:`HEAD_RECALL` (the lexicon is not
counted: it was tuned on some of these lists).
"""

from __future__ import annotations

import logging
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from hamdel.perception.text import corpora
from hamdel.perception.text.embed import DIM, E5Embedder, cached_embed
from hamdel.perception.text.linear import LinearTextModel
from hamdel.perception.text.train.authored import Sentences, read_lists
from hamdel.perception.text.train.linear_fit import LinearConfig, fit_linear

log = logging.getLogger(__name__)

HEAD_LISTS = (
    "crisis_prototypes",
    "crisis_test_list",
    "crisis_fresh_list",
    "crisis_train_sentences",
    "crisis_blind_list",
)
"""Authored lists the shipped head learns from. ``crisis_blind_list_2`` is held out."""
HEAD_RECALL = 0.97
C_GRID = (2.0, 8.0, 32.0, 128.0)
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.05, 0.96, 0.05))
FOLDS = 5
EVERYDAY_PER_SOURCE = 3000
"""Everyday negatives taken from each source (seeded sample)."""


def everyday_messages(root: Path | None = None, per_source: int = EVERYDAY_PER_SOURCE) -> Sentences:
    """Ordinary messages as negatives: dair-ai train and GoEmotions train (English), the even
    CRC half of ArmanEmo train (Persian, twice the count). The odd half and the English test
    splits stay out for measuring the flag rate. Empty when the corpora are absent."""
    picks: list[tuple[str, list[str], int]] = []
    try:
        picks.append(("en", list(corpora.read_dair_ai(root, "train").texts), per_source))
        picks.append(("en", list(corpora.read_goemotions_ekman(root, "train").texts), per_source))
        arman = corpora.read_armanemo(root, "train").texts
        picks.append(("fa", [t for t in arman if corpora.crc_half(t) == 0], 2 * per_source))
    except Exception as exc:  # any missing corpus: train on the authored lists only
        log.warning("crisis head: everyday negatives unavailable (%s)", exc)
        return Sentences((), np.zeros(0, dtype=int), np.zeros(0, dtype=str))
    texts: list[str] = []
    langs: list[str] = []
    for lang, pool, k in picks:
        chosen = random.Random(len(pool)).sample(pool, min(k, len(pool)))
        texts += chosen
        langs += [lang] * len(chosen)
    return Sentences(tuple(texts), np.zeros(len(texts), dtype=int), np.array(langs))


def _fit(x: np.ndarray, y: np.ndarray, c: float) -> Any:
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    return LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(x, y)


def _average_precision(y: np.ndarray, p: np.ndarray) -> float:
    from sklearn.metrics import average_precision_score  # type: ignore[import-untyped]

    return float(average_precision_score(y, p))


def out_of_fold(x: np.ndarray, data: Sentences, c: float, seed: int) -> np.ndarray:
    """Out-of-fold probabilities, folds stratified by language and label."""
    from sklearn.model_selection import StratifiedKFold  # type: ignore[import-untyped]

    strata = np.char.add(data.langs.astype(str), data.labels.astype(str))
    oof = np.zeros(len(data.labels))
    for tr, te in StratifiedKFold(FOLDS, shuffle=True, random_state=seed).split(x, strata):
        oof[te] = _fit(x[tr], data.labels[tr], c).predict_proba(x[te])[:, 1]
    return oof


def pick_threshold(y: np.ndarray, p: np.ndarray, recall: float = HEAD_RECALL) -> float:
    """The highest grid threshold whose recall on ``(y, p)`` is at least ``recall``."""
    ok = [t for t in THRESHOLDS if np.sum((p >= t) & (y == 1)) >= recall * np.sum(y == 1)]
    return max(ok) if ok else THRESHOLDS[0]


def train_head(
    out: Path,
    seed: int,
    embedder: E5Embedder | None = None,
    lists: Sequence[str] = HEAD_LISTS,
    root: Path | None = None,
) -> tuple[dict[str, float], dict[str, Any]]:
    """Fit the head on ``lists`` (default :data:`HEAD_LISTS`) plus everyday negatives, save
    ``out/xl.npz``; return the thresholds and the cross-validation metrics."""
    authored = read_lists(lists)
    if len(authored.texts) < 50:
        raise ValueError("too few authored crisis sentences to train the head")
    everyday = everyday_messages(root)
    data = Sentences(
        authored.texts + everyday.texts,
        np.concatenate([authored.labels, everyday.labels]).astype(int),
        np.concatenate([authored.langs, everyday.langs]).astype(str),
    )
    is_authored = np.arange(len(data.texts)) < len(authored.texts)
    embedder = embedder or E5Embedder.load()
    x = np.vstack(
        [
            cached_embed(list(authored.texts), "crisis_head", embedder),
            cached_embed(list(everyday.texts), "crisis_everyday", embedder)
            if everyday.texts
            else np.zeros((0, DIM), dtype=np.float32),
        ]
    )
    cv: dict[str, Any] = {}
    best_c, best_ap, best_oof = C_GRID[0], -1.0, np.zeros(0)
    for c in C_GRID:
        oof = out_of_fold(x, data, c, seed)
        ap = float(np.mean([_average_precision(data.labels[m], oof[m]) for m in _lang_masks(data)]))
        cv[f"C={c}"] = {"pr_auc_mean_en_fa": round(ap, 4)}
        if ap > best_ap:
            best_c, best_ap, best_oof = c, ap, oof
    thresholds: dict[str, float] = {}
    per_lang: dict[str, Any] = {}
    for lang, m in zip(("en", "fa"), _lang_masks(data), strict=True):
        ma = m & is_authored
        y, p = data.labels[ma], best_oof[ma]
        t = pick_threshold(y, p)
        flag = p >= t
        tp = float(np.sum(flag & (y == 1)))
        me = m & ~is_authored
        thresholds[lang] = float(t)
        per_lang[lang] = {
            "n_authored": int(ma.sum()),
            "n_everyday": int(me.sum()),
            "threshold": t,
            "oof_recall_authored": round(tp / max(float(np.sum(y == 1)), 1.0), 4),
            "oof_precision_authored": round(tp / max(float(np.sum(flag)), 1.0), 4),
            "oof_pr_auc_authored": round(_average_precision(y, p), 4),
            "oof_everyday_flag_rate": round(float(np.mean(best_oof[me] >= t)), 4)
            if me.any()
            else None,
        }
    info = {
        "data": "authored crisis sentences: "
        + ", ".join(lists)
        + f"; everyday negatives: {len(everyday.texts)} (dair-ai, GoEmotions, ArmanEmo half)",
        "C": best_c,
        "seed": seed,
    }
    cfg = LinearConfig(features=None, use_embeddings=True, C=best_c, class_weight="balanced")
    model: LinearTextModel = fit_linear(data.texts, [str(v) for v in data.labels], cfg, x, info)
    model.save(out / "xl.npz")
    metrics = {"C_grid": cv, "C": best_c, "per_language": per_lang, "n": len(data.texts)}
    return thresholds, metrics


def _lang_masks(data: Sentences) -> tuple[np.ndarray, np.ndarray]:
    return data.langs == "en", data.langs != "en"


__all__ = [
    "HEAD_LISTS",
    "HEAD_RECALL",
    "everyday_messages",
    "pick_threshold",
    "train_head",
]
