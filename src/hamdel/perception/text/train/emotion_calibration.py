"""Calibrate the six-class emotion models without retraining them (issue 19, item 2).

``en.npz`` and ``xl.npz`` keep their weights (same logits, same top emotion); they gain a
:class:`~hamdel.perception.text.calibration.TemperatureScaling` fitted on development data of
every register the model serves, each register weighing the same:

* English: dair-ai val (tweets), GoEmotions dev (Reddit comments, Ekman, single-label, mapped),
  EmpatheticDialogues dev (situation prompts, mapped) read by the shipped model, which never
  trained on them; and the English-routed chat lines, leave-one-writer-out (the recipe refitted
  on the corpora and three chat lists reads the fourth).
* Persian: ArmanEmo's even CRC half, 10-fold stratified CV as the recipe's (all Persian chat
  lines in every fold), and the Persian chat lines, leave-one-writer-out (with the whole even
  half).

Nothing held out is read here (the test splits, ArmanEmo's odd half, the blind chat lists):
``benchmarks/emotion_calibration.py`` scores those once the temperature is fixed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from hamdel.perception.text.calibration import (
    TemperatureScaling,
    classwise_ece,
    fit_temperature,
    softmax,
    top_label_ece,
)
from hamdel.perception.text.linear import LinearTextModel
from hamdel.perception.text.train import emotion as recipe

log = logging.getLogger(__name__)

FOLDS = 10
EN_DEV_REGISTERS = {
    "dair_ai": "tweets",
    "goemotions_ekman": "Reddit comments",
    "empathetic_dialogues": "situation prompts",
}
"""The English corpora's dev splits and the register each stands for."""


@dataclass(frozen=True)
class RegisterLogits:
    """Raw scores of one register's texts from a model that did not train on them."""

    register: str
    source: str
    logits: np.ndarray
    """``(n, classes)``, columns in the model's ``classes`` order."""
    labels: np.ndarray
    """``(n,)`` class indices."""

    def __post_init__(self) -> None:
        if self.logits.shape != (self.labels.size, self.logits.shape[1]):
            raise ValueError(f"{self.source}: logits and labels differ in length")


def _indices(classes: Sequence[str], labels: Sequence[str]) -> np.ndarray:
    return np.array([list(classes).index(y) for y in labels], dtype=np.int64)


def _leave_one_writer_out(
    chat: recipe.ChatLines, fit: Callable[[list[int]], LinearTextModel],
    read: Callable[[LinearTextModel, list[int]], np.ndarray], n_classes: int,
) -> np.ndarray:  # fmt: skip
    """Logits of every chat line from the recipe fitted without that line's list (writer)."""
    out = np.zeros((len(chat), n_classes))
    for held in sorted(set(chat.lists)):
        test = [i for i, n in enumerate(chat.lists) if n == held]
        model = fit([i for i, n in enumerate(chat.lists) if n != held])
        out[test] = read(model, test)
        log.info("emotion calibration: %s read out of fold", held)
    return out


def english_dev_logits(model: LinearTextModel, root: Path | None = None) -> list[RegisterLogits]:
    """The English model's development logits, one entry per register (see the module)."""
    sets = []
    for name, (texts, labels, _) in recipe.english_sets(root, "dev").items():
        logits = model.decision_function(texts)
        y = _indices(model.classes, labels)
        sets.append(RegisterLogits(EN_DEV_REGISTERS[name], f"{name} dev", logits, y))
    texts, labels, _ = recipe.english_emotion_data(root)
    chat = recipe.chat_lines("en")

    def fit(keep: list[int]) -> LinearTextModel:
        return recipe.fit_en(texts, labels, chat.take(keep))

    def read(m: LinearTextModel, rows: list[int]) -> np.ndarray:
        return m.decision_function([chat.texts[i] for i in rows])

    logits = _leave_one_writer_out(chat, fit, read, len(model.classes))
    labels_chat = _indices(model.classes, chat.emotions)
    sets.append(RegisterLogits("chat", "chat lines, leave one writer out", logits, labels_chat))
    return sets


def persian_dev_logits(model: LinearTextModel, root: Path | None = None) -> list[RegisterLogits]:
    """The Persian model's development logits: ArmanEmo even half out of fold, chat lines
    leave-one-writer-out."""
    from sklearn.model_selection import StratifiedKFold  # type: ignore[import-untyped]

    texts, labels, _, emb = recipe.persian_emotion_data(root, embeddings=True)
    assert emb is not None
    chat = recipe.chat_lines("xl")
    chat_emb = recipe.embed(chat.texts, "chat_emotion_xl")
    arman = np.zeros((len(texts), len(model.classes)))
    skf = StratifiedKFold(FOLDS, shuffle=True, random_state=recipe.SEED)
    for k, (tr, te) in enumerate(skf.split(texts, labels)):
        fold = recipe.fit_xl([texts[i] for i in tr], [labels[i] for i in tr], emb[tr],
                             chat, chat_emb)  # fmt: skip
        arman[te] = fold.decision_function([texts[i] for i in te], emb[te])
        log.info("emotion calibration: ArmanEmo fold %d read", k)

    def fit(keep: list[int]) -> LinearTextModel:
        return recipe.fit_xl(texts, labels, emb, chat.take(keep), chat_emb[keep])

    def read(m: LinearTextModel, rows: list[int]) -> np.ndarray:
        return m.decision_function([chat.texts[i] for i in rows], chat_emb[rows])

    chat_logits = _leave_one_writer_out(chat, fit, read, len(model.classes))
    return [
        RegisterLogits("Persian social texts", f"ArmanEmo even half, {FOLDS}-fold",
                       arman, _indices(model.classes, labels)),
        RegisterLogits("chat", "chat lines, leave one writer out", chat_logits,
                       _indices(model.classes, chat.emotions)),
    ]  # fmt: skip


def register_weights(sets: Sequence[RegisterLogits]) -> np.ndarray:
    """One weight per text, so that every register sums to the same total."""
    registers = sorted({s.register for s in sets})
    size = {r: sum(s.labels.size for s in sets if s.register == r) for r in registers}
    return np.concatenate([np.full(s.labels.size, 1.0 / size[s.register]) for s in sets])


def fit_register_temperature(sets: Sequence[RegisterLogits]) -> float:
    """The temperature of the pooled registers, each weighing the same."""
    logits = np.vstack([s.logits for s in sets])
    labels = np.concatenate([s.labels for s in sets])
    return fit_temperature(logits, labels, register_weights(sets))


def ece_rows(sets: Sequence[RegisterLogits], temperature: float) -> dict[str, Any]:
    """Per register: n, top-label and classwise ECE, raw and at ``temperature`` (in sample:
    the temperature was fitted on these), and the register's own best temperature."""
    rows: dict[str, Any] = {}
    for s in sets:
        raw, cal = softmax(s.logits), softmax(s.logits / temperature)
        rows[s.source] = {
            "register": s.register,
            "n": int(s.labels.size),
            "ece_raw": round(top_label_ece(s.labels, raw), 4),
            "ece_calibrated": round(top_label_ece(s.labels, cal), 4),
            "classwise_raw": round(classwise_ece(s.labels, raw), 4),
            "classwise_calibrated": round(classwise_ece(s.labels, cal), 4),
            "own_temperature": round(fit_temperature(s.logits, s.labels), 3),
        }
    return rows


def calibrate_model(path: Path, sets: Sequence[RegisterLogits]) -> dict[str, Any]:
    """Fit the temperature on ``sets`` and re-save the model at ``path`` with it (weights
    untouched). Returns the temperature and the development ECE per register."""
    model = LinearTextModel.load(path)
    t = fit_register_temperature(sets)
    rows = ece_rows(sets, t)
    info = {
        "fitted_on": "; ".join(f"{s.register}: {s.source} ({s.labels.size})" for s in sets),
        "weighting": "each register weighs the same",
        "development_ece": rows,
    }
    model.with_calibration(TemperatureScaling(t, info)).save(path)
    log.info("emotion %s: temperature %.3f", path.name, t)
    return {"temperature": round(t, 4), "registers": rows}


def calibrate_emotion(
    out: Path, root: Path | None = None, parts: Sequence[str] = ("en", "xl")
) -> dict[str, Any]:
    """Add a temperature to ``out/en.npz`` and ``out/xl.npz`` (those of ``parts``)."""
    metrics: dict[str, Any] = {}
    for name in parts:
        path = out / f"{name}.npz"
        model = LinearTextModel.load(path)
        sets = (english_dev_logits if name == "en" else persian_dev_logits)(model, root)
        metrics[f"{name}_calibration"] = calibrate_model(path, sets)
    return metrics


__all__ = [
    "RegisterLogits",
    "calibrate_emotion",
    "calibrate_model",
    "ece_rows",
    "english_dev_logits",
    "fit_register_temperature",
    "persian_dev_logits",
    "register_weights",
]
