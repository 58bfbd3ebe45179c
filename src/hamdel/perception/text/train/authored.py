"""The lists we wrote ourselves in ``data/text`` (crisis sentences, Persian depression posts,
everyday chat, held-out lists): ``text`` with ``label`` (0/1), or ``expected`` (a crisis
outcome: ``crisis`` and ``check_in`` read as 1), or neither (everyday chat: 0); an optional
``language`` column."""

from __future__ import annotations

import csv
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hamdel.perception.text.normalize import detect_language, normalize

log = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parents[5] / "data" / "text"


@dataclass(frozen=True)
class Sentences:
    texts: tuple[str, ...]
    labels: np.ndarray
    langs: np.ndarray


def read_lists(names: Sequence[str], folder: Path = DATA) -> Sentences:
    """Read authored lists by name (``folder/NAME.csv``); a missing file is skipped with a
    warning, so a checkout without one list still trains."""
    texts: list[str] = []
    labels: list[int] = []
    langs: list[str] = []
    for name in names:
        path = folder / f"{name}.csv"
        if not path.is_file():
            log.warning("authored list %s not found, skipped", path)
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                texts.append(row["text"])
                labels.append(_label(row))
                langs.append(row.get("language") or detect_language(normalize(row["text"])))
    return Sentences(tuple(texts), np.array(labels), np.array(langs))


def _label(row: dict[str, str]) -> int:
    if row.get("label") not in (None, ""):
        return int(row["label"])
    return 1 if row.get("expected") in ("crisis", "check_in") else 0


def read_column(names: Sequence[str], column: str, folder: Path = DATA) -> tuple[str, ...]:
    """One column of the lists, row-aligned with :func:`read_lists` (``""`` where absent)."""
    values: list[str] = []
    for name in names:
        path = folder / f"{name}.csv"
        if path.is_file():
            with path.open(encoding="utf-8", newline="") as fh:
                values += [row.get(column) or "" for row in csv.DictReader(fh)]
    return tuple(values)


__all__ = ["DATA", "Sentences", "read_column", "read_lists"]
