"""Read manifests and rating studies; agreement metrics; calibration of eSM2 from a CSV.

Manifests are CSV ``text,label[,language]`` (labels: ``positive``/``negative``/``neutral``,
``pos``/``neg``, or a number whose sign is the polarity; for themes, a theme name). A ratings
study is CSV ``text,rating[,language][,age_range][,gender][,education][,region]`` with the
self-rated sentiment on −5..+5; an empty attribute cell means "not consented".
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from hamdel.core.errors import InputError
from hamdel.perception.sentiment.compare import FitSet
from hamdel.perception.sentiment.esm2 import (
    PROFILE_ATTRIBUTES,
    Esm2Weights,
    clean_profile,
)
from hamdel.perception.sentiment.scorer import SentimentScorer

POLARITIES = ("negative", "neutral", "positive")
_POLARITY_WORDS = {
    "positive": "positive",
    "pos": "positive",
    "negative": "negative",
    "neg": "negative",
    "neutral": "neutral",
    "neu": "neutral",
}


def polarity_label(raw: str) -> str | None:
    """A manifest label as a polarity, or ``None`` when it is not one."""
    word = raw.strip().lower()
    if word in _POLARITY_WORDS:
        return _POLARITY_WORDS[word]
    try:
        value = float(word)
    except ValueError:
        return None
    return "positive" if value > 0 else "negative" if value < 0 else "neutral"


def read_csv(path: Path, required: Sequence[str]) -> list[dict[str, str]]:
    """Rows of a CSV with a header holding ``required`` columns (``InputError`` otherwise)."""
    try:
        with Path(path).open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise InputError(
                    f"{path}: missing column(s) {missing}; header is {reader.fieldnames}"
                )
            return [dict(row) for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc


def agreement(
    gold: Sequence[str], predicted: Sequence[str], classes: Sequence[str]
) -> dict[str, Any]:
    """Accuracy, UAR, macro-F1, per-class precision/recall/F1 and the confusion matrix.

    Classes absent from ``gold`` are left out of UAR and macro-F1 (their recall is undefined).
    """
    index = {c: i for i, c in enumerate(classes)}
    confusion = np.zeros((len(classes), len(classes)), dtype=int)
    for g, p in zip(gold, predicted, strict=True):
        confusion[index[g], index[p]] += 1
    per_class: dict[str, dict[str, float]] = {}
    recalls, f1s = [], []
    for c, i in index.items():
        support = int(confusion[i].sum())
        tp = int(confusion[i, i])
        precision = tp / confusion[:, i].sum() if confusion[:, i].sum() else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[c] = {
            "precision": round(float(precision), 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": support,
        }
        if support:
            recalls.append(recall)
            f1s.append(f1)
    n = int(confusion.sum())
    return {
        "n": n,
        "accuracy": round(float(np.trace(confusion)) / n, 4) if n else 0.0,
        "uar": round(float(np.mean(recalls)), 4) if recalls else 0.0,
        "macro_f1": round(float(np.mean(f1s)), 4) if f1s else 0.0,
        "per_class": per_class,
        "classes": list(classes),
        "confusion": confusion.tolist(),
    }


def evaluate_polarity(
    scorer: SentimentScorer, rows: Iterable[dict[str, str]], lang: str | None = None
) -> dict[str, Any]:
    """Agreement of the raw Sentimeter polarity with manifest labels."""
    gold, predicted, skipped, covered = [], [], 0, 0
    for row in rows:
        label = polarity_label(row.get("label") or "")
        text = (row.get("text") or "").strip()
        if label is None or not text:
            skipped += 1
            continue
        score = scorer.raw(text, row.get("language") or lang)
        covered += score != 0
        gold.append(label)
        predicted.append("positive" if score > 0 else "negative" if score < 0 else "neutral")
    out = agreement(gold, predicted, POLARITIES)
    binary = [(g, p) for g, p in zip(gold, predicted, strict=True) if g != "neutral"]
    out["skipped"] = skipped
    out["coverage"] = round(covered / len(gold), 4) if gold else 0.0
    out["polar_accuracy"] = (
        round(sum(g == p for g, p in binary) / len(binary), 4) if binary else 0.0
    )
    return out


def evaluate_themes(
    scorer: SentimentScorer, rows: Iterable[dict[str, str]], lang: str | None = None
) -> dict[str, Any]:
    """Agreement of the detected theme with manifest labels."""
    from hamdel.perception.sentiment.themes import THEMES

    gold, predicted, skipped = [], [], 0
    for row in rows:
        label, text = (row.get("label") or "").strip(), (row.get("text") or "").strip()
        if label not in THEMES or not text:
            skipped += 1
            continue
        gold.append(label)
        predicted.append(scorer.score(text, row.get("language") or lang).theme)
    out = agreement(gold, predicted, THEMES)
    out["skipped"] = skipped
    return out


@dataclass(frozen=True)
class Rating:
    """One row of a ratings study."""

    text: str
    rating: float
    language: str | None = None
    profile: dict[str, str] = field(default_factory=dict)


def read_ratings(path: Path) -> list[Rating]:
    """Parse a ratings CSV; a bad rating or attribute raises ``InputError`` naming the line."""
    rows = read_csv(path, ("text", "rating"))
    out = []
    for line, row in enumerate(rows, 2):
        try:
            rating = float(row["rating"])
        except (TypeError, ValueError) as exc:
            raise InputError(f"{path}:{line}: rating {row['rating']!r} is not a number") from exc
        if not -5.0 <= rating <= 5.0:
            raise InputError(f"{path}:{line}: rating {rating} is outside -5..+5")
        try:
            profile = clean_profile({a: (row.get(a) or "").strip() for a in PROFILE_ATTRIBUTES})
        except InputError as exc:
            raise InputError(f"{path}:{line}: {exc}") from exc
        text = (row.get("text") or "").strip()
        if not text:
            raise InputError(f"{path}:{line}: empty text")
        out.append(Rating(text, rating, (row.get("language") or "").strip() or None, profile))
    return out


def fit_set(
    scorer: SentimentScorer, ratings: Sequence[Rating], regions: Sequence[str] = ()
) -> FitSet:
    """Score every rated sentence and build the indicator matrix of its writer and theme."""
    frame = Esm2Weights(regions=tuple(regions))
    scores, x = np.zeros(len(ratings)), np.zeros((len(ratings), len(frame.names)))
    for i, item in enumerate(ratings):
        result = scorer.score(item.text, item.language)
        scores[i] = result.raw
        x[i] = frame.indicators(item.profile, result.theme)
    return FitSet(scores, np.array([r.rating for r in ratings], float), x, tuple(regions))


__all__ = [
    "POLARITIES",
    "Rating",
    "agreement",
    "evaluate_polarity",
    "evaluate_themes",
    "fit_set",
    "polarity_label",
    "read_csv",
    "read_ratings",
]
