"""Readers for the text corpora in the shared data folder: each returns ``(texts, labels)``.

Every reader has the same shape, ``read_<corpus>(root, split) -> TextCorpus``; ``root`` is the
shared data folder (``../shared/data`` by default). Labels are the corpus's own: emotion labels
are mapped onto the six classes by :mod:`hamdel.core.labels.text`, which counts what it skips.
"""

from __future__ import annotations

import csv
import os
import zlib
from dataclasses import dataclass
from pathlib import Path

from hamdel.core.errors import InputError

csv.field_size_limit(10_000_000)

DEFAULT_ROOT = Path(__file__).resolve().parents[4].parent / "shared" / "data"


def data_root(root: str | Path | None = None) -> Path:
    """The shared corpora folder: ``root``, else ``HAMDEL_DATA_DIR``, else ``../shared/data``."""
    if root is not None:
        return Path(root)
    env = os.environ.get("HAMDEL_DATA_DIR")
    return Path(env) if env else DEFAULT_ROOT


@dataclass(frozen=True)
class TextCorpus:
    """Parallel lists of texts and labels, with the corpus name."""

    name: str
    texts: tuple[str, ...]
    labels: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.texts)


def _read_csv(path: Path, text_col: str, label_col: str) -> tuple[list[str], list[str]]:
    if not path.is_file():
        raise InputError(f"corpus file not found: {path}")
    texts, labels = [], []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            texts.append(row[text_col])
            labels.append(row[label_col])
    return texts, labels


def read_dreaddit(root: str | Path | None = None, split: str = "train") -> TextCorpus:
    """Dreaddit stress segments; labels ``"1"`` (stress) / ``"0"``; splits train, test."""
    t, y = _read_csv(data_root(root) / "text" / "dreaddit" / f"{split}.csv", "text", "label")
    return TextCorpus(f"dreaddit-{split}", tuple(t), tuple(y))


def read_depression_reddit(root: str | Path | None = None, split: str = "train") -> TextCorpus:
    """Depression Reddit (cleaned); labels ``"1"`` (depressive) / ``"0"``; only train is shared."""
    path = data_root(root) / "text" / "depression_reddit" / f"{split}.csv"
    t, y = _read_csv(path, "text", "label")
    return TextCorpus(f"depression_reddit-{split}", tuple(t), tuple(y))


def read_armanemo(root: str | Path | None = None, split: str = "train") -> TextCorpus:
    """ArmanEmo Persian emotion texts; labels ANGRY, FEAR, HAPPY, HATE, OTHER, SAD, SURPRISE."""
    path = data_root(root) / "text" / "emotion_fa" / "armanemo" / f"{split}.csv"
    t, y = _read_csv(path, "text", "label")
    return TextCorpus(f"armanemo-{split}", tuple(t), tuple(y))


def read_dair_ai(root: str | Path | None = None, split: str = "train") -> TextCorpus:
    """dair-ai emotion tweets; splits train, val, test; six labels incl. love and joy."""
    path = data_root(root) / "text" / "emotion_en" / "dair_ai" / f"{split}.csv"
    t, y = _read_csv(path, "text", "label")
    return TextCorpus(f"dair_ai-{split}", tuple(t), tuple(y))


def read_empathetic_dialogues(root: str | Path | None = None, split: str = "train") -> TextCorpus:
    """EmpatheticDialogues situation prompts with 32 emotion labels; splits train, dev, test."""
    path = data_root(root) / "text" / "emotion_en" / "empathetic_dialogues" / f"{split}.tsv"
    if not path.is_file():
        raise InputError(f"corpus file not found: {path}")
    texts, labels = [], []
    with path.open(encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            text, _, label = line.rstrip("\n").rpartition("\t")
            if text:
                texts.append(text)
                labels.append(label)
    return TextCorpus(f"empathetic_dialogues-{split}", tuple(texts), tuple(labels))


def read_goemotions_ekman(root: str | Path | None = None, split: str = "train") -> TextCorpus:
    """GoEmotions mapped to Ekman; single-label rows only (multi-label rows are dropped)."""
    base = data_root(root) / "text" / "emotion_en" / "goemotions" / "ekman"
    path = base / f"{split}.tsv"
    if not path.is_file():
        raise InputError(f"corpus file not found: {path}")
    names = (base / "labels.txt").read_text(encoding="utf-8").split()
    texts, labels = [], []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2 or "," in parts[1]:
                continue
            texts.append(parts[0])
            labels.append(names[int(parts[1])])
    return TextCorpus(f"goemotions_ekman-{split}", tuple(texts), tuple(labels))


def crc_half(text: str) -> int:
    """0 or 1 by CRC-32 of the text. ArmanEmo's test split is withheld, so its train split is
    halved this way: half 0 for development and training, half 1 held out for measuring."""
    return zlib.crc32(text.encode("utf-8")) % 2


SUBREDDITS = (
    "EOOD",
    "anxietydepression",
    "casualconversation",
    "depression",
    "mentalhealth",
    "mentalillness",
    "offmychest",
    "suicidewatch",
    "therapy",
)


def read_subreddits(root: str | Path | None = None) -> TextCorpus:
    """All subreddit files; the label is the subreddit name (a weak label)."""
    texts: list[str] = []
    labels: list[str] = []
    for name in SUBREDDITS:
        path = data_root(root) / "text" / "subreddits" / f"r_{name}.csv"
        t, y = _read_csv(path, "text", "subreddit")
        texts += t
        labels += y
    return TextCorpus("subreddits", tuple(texts), tuple(labels))


__all__ = [
    "SUBREDDITS",
    "TextCorpus",
    "crc_half",
    "data_root",
    "read_armanemo",
    "read_dair_ai",
    "read_depression_reddit",
    "read_dreaddit",
    "read_empathetic_dialogues",
    "read_goemotions_ekman",
    "read_subreddits",
]
