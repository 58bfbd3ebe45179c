"""The text emotion recipe: its data (the corpora and the authored everyday chat lines) and its
two models, English ``en.npz`` (TF-IDF) and Persian ``xl.npz`` (TF-IDF + e5), six classes each.

Every weight and setting here was chosen on development data only: leave-one-writer-out over
the four chat lists, the corpora's dev splits (English) and 10-fold CV on ArmanEmo's even CRC
half (Persian); ``benchmarks/text_bench.py --part emotion_cv`` re-runs the checks. The held-out
lists (:data:`HELD_OUT_LISTS`) and ArmanEmo's odd half are never read here.

A trained model is then calibrated: one temperature on its logits, fitted on the same
development data with every register weighing the same
(:mod:`~hamdel.perception.text.train.emotion_calibration`); the top emotion never changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from hamdel.core.errors import TextError
from hamdel.core.labels.text import map_labels
from hamdel.core.metrics import classification_report
from hamdel.perception.text import corpora
from hamdel.perception.text.embed import E5Embedder, cached_embed
from hamdel.perception.text.features import FeatureConfig
from hamdel.perception.text.linear import LinearTextModel
from hamdel.perception.text.normalize import clean_input, detect_language, normalize
from hamdel.perception.text.train.authored import DATA, read_column, read_lists
from hamdel.perception.text.train.linear_fit import LinearConfig, fit_linear

SEED = 20261122
EN_FEATURES = FeatureConfig((1, 2), (2, 5))
"""Word uni+bigrams + char 2-5-grams (typos, elongations, Finglish): leave-one-writer-out
macro-F1 on the chat lines 0.741 against 0.720 word-only (chat weight 10), dev splits within
0.001 of word-only (dair-ai 0.783 / 0.784, GoEmotions 0.567 / 0.558, EmpatheticDialogues
0.699 / 0.697); char n-grams are cached per token at serve time."""
PERSIAN_FEATURES = FeatureConfig((1, 2), (2, 5))
EMBED_CHARS = 1000
"""The analyzer embeds with ``E5Embedder.load()`` (1,000 characters): training does the same."""
EN_C = 4.0
FA_C = 4.0

CHAT_LISTS = (
    "chat_everyday_train_a",
    "chat_everyday_train_b",
    "chat_everyday_train_c",
    "chat_everyday_train_d",
)
"""Authored everyday chat with its dominant ``emotion`` (2,400 lines, four writers, half English,
half Persian incl. Finglish; ``data/text/README.md``)."""
HELD_OUT_LISTS = ("chat_everyday_blind", "chat_emotion_blind_2")
"""Written blind by other writers: measured by the benchmark, never trained on or tuned on."""

CHAT_EN_WEIGHT = 10.0
"""Sample weight of each chat line in the English model (every corpus text weighs 1; 1,348
lines against 70,757 corpus texts). Leave-one-writer-out macro-F1 on the chat lines (word
n-grams) 0.494 without them, 0.649 (1), 0.695 (3), 0.720 (10), 0.724 (30); on the corpora's
dev splits 10 costs at most 0.008 (GoEmotions), 30 costs 0.013: 10 takes nearly all the gain."""
CHAT_FA_WEIGHT = 1.0
"""Sample weight of each chat line in the Persian model (ArmanEmo texts weigh 1). Chat
leave-one-writer-out macro-F1 0.372 without them (no neutral), 0.671 (0.5), 0.717 (1), 0.746
(3), 0.769 (10); ArmanEmo even-half 10-fold macro-F1 0.736 without, 0.732, 0.723, 0.707, 0.689:
1 is the largest weight that keeps ArmanEmo within 0.02 of the recipe without chat. Also
tried: C = 16, e5 scale 3, neutral lines weighted 5 (chat +0.005 to +0.021 at weight 1, but
each costs ArmanEmo more than 0.02)."""
ARMANEMO_HALF = 0
"""The Persian model learns ArmanEmo's even CRC half only; the odd half measures it."""


def emotion_route(text: str) -> str | None:
    """Which emotion model the analyzer uses for ``text``: ``"en"`` (English, and Finglish,
    which reads as English by script), ``"xl"`` (Persian or mixed), or ``None`` (no letters:
    no emotion is scored)."""
    try:
        lang = detect_language(normalize(clean_input(text)))
    except TextError:
        return None
    if lang == "unknown":
        return None
    return "en" if lang == "en" else "xl"


@dataclass(frozen=True)
class ChatLines:
    """Authored chat lines: text, dominant emotion and the list (writer) each came from."""

    texts: tuple[str, ...]
    emotions: tuple[str, ...]
    lists: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.texts)

    def take(self, rows: Sequence[int]) -> ChatLines:
        return ChatLines(
            tuple(self.texts[i] for i in rows),
            tuple(self.emotions[i] for i in rows),
            tuple(self.lists[i] for i in rows),
        )


def chat_lines(route: str, lists: Sequence[str] = CHAT_LISTS, folder: Path = DATA) -> ChatLines:
    """The lines of ``lists`` that the ``route`` model (``"en"`` or ``"xl"``) serves: routed as
    the analyzer routes them, so Finglish lines teach the English model."""
    texts: list[str] = []
    emotions: list[str] = []
    names: list[str] = []
    for name in lists:
        rows = read_lists([name], folder)
        labels = read_column([name], "emotion", folder)
        for text, emotion in zip(rows.texts, labels, strict=True):
            if emotion and emotion_route(text) == route:
                texts.append(text)
                emotions.append(emotion)
                names.append(name)
    return ChatLines(tuple(texts), tuple(emotions), tuple(names))


def english_sets(root: Path | None = None, split: str = "train") -> dict[str, Any]:
    """Per English corpus: ``(texts, labels, skipped)`` mapped to the six (``split``: ``train``,
    ``dev`` for choosing, ``test`` for the model card)."""
    readers = {
        "dair_ai": (corpora.read_dair_ai, {"train": "train", "dev": "val", "test": "test"}),
        "goemotions_ekman": (
            corpora.read_goemotions_ekman,
            {"train": "train", "dev": "dev", "test": "test"},
        ),
        "empathetic_dialogues": (
            corpora.read_empathetic_dialogues,
            {"train": "train", "dev": "dev", "test": "test"},
        ),
    }
    out: dict[str, Any] = {}
    for name, (reader, splits) in readers.items():
        corpus = reader(root, splits[split])
        mapped = map_labels(name, corpus.labels)
        texts = [corpus.texts[i] for i in mapped.kept]
        out[name] = (texts, [e.value for e in mapped.emotions], mapped.n_skipped)
    return out


def english_emotion_data(
    root: Path | None = None, split: str = "train"
) -> tuple[list[str], list[str], dict[str, int]]:
    """dair-ai + GoEmotions (Ekman, single-label) + EmpatheticDialogues, mapped to the six."""
    texts: list[str] = []
    labels: list[str] = []
    skipped: dict[str, int] = {}
    for name, (t, y, n_skip) in english_sets(root, split).items():
        texts += t
        labels += y
        skipped[name] = n_skip
    return texts, labels, skipped


def embed(texts: Sequence[str], name: str) -> np.ndarray:
    """e5 embeddings as the analyzer computes them, cached outside the repository."""
    return cached_embed(list(texts), name, E5Embedder.load(max_chars=EMBED_CHARS))


def persian_emotion_data(
    root: Path | None = None, embeddings: bool = False, half: int | None = ARMANEMO_HALF
) -> tuple[list[str], list[str], int, np.ndarray | None]:
    """ArmanEmo's five emotions (HATE, OTHER skipped), of one CRC ``half`` (``None``: all),
    and optionally their e5 embeddings."""
    corpus = corpora.read_armanemo(root)
    mapped = map_labels("armanemo", corpus.labels)
    keep = [k for k, i in enumerate(mapped.kept)
            if half is None or corpora.crc_half(corpus.texts[i]) == half]  # fmt: skip
    rows = [mapped.kept[k] for k in keep]
    emb = embed(corpus.texts, "armanemo")[rows] if embeddings else None
    skipped = sum(1 for t in corpus.texts if half is None or corpora.crc_half(t) == half)
    texts = [corpus.texts[i] for i in rows]
    return texts, [mapped.emotions[k].value for k in keep], skipped - len(rows), emb


def _weights(n_corpus: int, n_chat: int, weight: float) -> np.ndarray:
    return np.concatenate([np.ones(n_corpus), np.full(n_chat, weight)])


def fit_en(
    texts: Sequence[str],
    labels: Sequence[str],
    chat: ChatLines,
    weight: float = CHAT_EN_WEIGHT,
    info: dict[str, Any] | None = None,
    features: FeatureConfig = EN_FEATURES,
) -> LinearTextModel:
    """The English model: TF-IDF n-gram logistic regression, chat lines weighted."""
    return fit_linear(
        list(texts) + list(chat.texts),
        list(labels) + list(chat.emotions),
        LinearConfig(features, C=EN_C),
        info=info,
        sample_weight=_weights(len(texts), len(chat), weight),
    )


def fit_xl(
    texts: Sequence[str],
    labels: Sequence[str],
    emb: np.ndarray,
    chat: ChatLines,
    chat_emb: np.ndarray,
    weight: float = CHAT_FA_WEIGHT,
    info: dict[str, Any] | None = None,
) -> LinearTextModel:
    """The Persian model: TF-IDF word + char n-grams and the e5 embedding; neutral is learned
    from the chat lines alone (ArmanEmo has no neutral class)."""
    return fit_linear(
        list(texts) + list(chat.texts),
        list(labels) + list(chat.emotions),
        LinearConfig(PERSIAN_FEATURES, use_embeddings=True, C=FA_C),
        np.vstack([emb, chat_emb]),
        info,
        sample_weight=_weights(len(texts), len(chat), weight),
    )


def evaluate(
    model: LinearTextModel,
    texts: Sequence[str],
    labels: Sequence[str],
    emb: np.ndarray | None = None,
) -> dict[str, Any]:
    """Macro-F1 over the classes present, accuracy, per class, confusion."""
    proba = model.predict_proba(list(texts), emb)
    pred = [model.classes[i] for i in proba.argmax(axis=1)]
    return classification_report(list(labels), pred, model.classes, proba).to_dict()


def train_en(out: Path, root: Path | None = None) -> dict[str, Any]:
    """Fit and save ``en.npz``; its figures on the three corpora's official test splits."""
    texts, labels, skipped = english_emotion_data(root)
    chat = chat_lines("en")
    info = {
        "data": "dair-ai + GoEmotions-Ekman + EmpatheticDialogues train; chat lines "
        f"{', '.join(CHAT_LISTS)} routed to English ({len(chat)}, weight {CHAT_EN_WEIGHT:g})",
        "skipped": skipped,
        "seed": SEED,
    }
    fit_en(texts, labels, chat, info=info).save(out / "en.npz")
    metrics: dict[str, Any] = {"skipped_train": skipped, "en_chat_train_lines": len(chat)}
    metrics |= _calibrate(out, root, "en")
    model = LinearTextModel.load(out / "en.npz")
    for name, (t, y, _) in english_sets(root, "test").items():
        metrics[f"en_{name}_test"] = evaluate(model, t, y)
    return metrics


def train_xl(out: Path, root: Path | None = None) -> dict[str, Any]:
    """Fit and save ``xl.npz`` on ArmanEmo's even half + the Persian chat lines; its figures on
    ArmanEmo's odd half (never trained on: the official test split is withheld)."""
    texts, labels, n_skip, emb = persian_emotion_data(root, embeddings=True)
    assert emb is not None
    chat = chat_lines("xl")
    chat_emb = embed(chat.texts, "chat_emotion_xl")
    info = {
        "data": f"ArmanEmo train, CRC half {ARMANEMO_HALF}, 5 emotions ({len(texts)}); chat "
        f"lines routed to Persian ({len(chat)}, weight {CHAT_FA_WEIGHT:g}; the only neutral)",
        "skipped": n_skip,
        "seed": SEED,
    }
    fit_xl(texts, labels, emb, chat, chat_emb, info=info).save(out / "xl.npz")
    metrics = _calibrate(out, root, "xl")
    model = LinearTextModel.load(out / "xl.npz")
    held, held_labels, _, held_emb = persian_emotion_data(
        root, embeddings=True, half=1 - ARMANEMO_HALF
    )
    return metrics | {
        "xl_chat_train_lines": len(chat),
        "xl_armanemo_heldout_half": evaluate(model, held, held_labels, held_emb),
    }


def _calibrate(out: Path, root: Path | None, part: str) -> dict[str, Any]:
    """Add the temperature to the model just saved (development data only)."""
    from hamdel.perception.text.train.emotion_calibration import calibrate_emotion

    return calibrate_emotion(out, root, (part,))


__all__ = [
    "CHAT_EN_WEIGHT",
    "CHAT_FA_WEIGHT",
    "CHAT_LISTS",
    "HELD_OUT_LISTS",
    "ChatLines",
    "chat_lines",
    "emotion_route",
    "english_emotion_data",
    "english_sets",
    "evaluate",
    "fit_en",
    "fit_xl",
    "persian_emotion_data",
    "train_en",
    "train_xl",
]
