"""Derive ``data/sentiment/fa_lexipers.tsv`` from LexiPers (free use with citation).

LexiPers (Sabeti, Hosseini, Ghassem-Sani & Mirroshandel 2016, GCAI) labels Persian adjective
synsets −1 / 0 / +1. Every word of a ±1 synset becomes an ``adj`` entry at a fixed magnitude of
:data:`MAGNITUDE` (LexiPers has polarity, not strength; 2 is AFINN's typical mild word). Words
found in synsets of both signs, and senses longer than three words, are left out.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from hamdel.core.errors import InputError
from hamdel.perception.sentiment._text import lookup_key

MAGNITUDE = 2.0
_PERSIAN_LETTERS = str.maketrans({"\u064a": "ی", "\u0643": "ک"})
CITATION = (
    "Sabeti, B., Hosseini, P., Ghassem-Sani, G. & Mirroshandel, S. A. (2016). LexiPers: An "
    "ontology based sentiment lexicon for Persian. GCAI 2016, EPiC Series in Computing 41:329-339."
)


def lexipers_entries(
    xml_path: Path, exclude: frozenset[str] = frozenset()
) -> list[tuple[str, float]]:
    """``(word, ±MAGNITUDE)`` pairs from LexiPers' ``adj-final.xml``, sorted by word.

    Words whose look-up key is in ``exclude`` are left out.
    """
    try:
        root = ET.parse(xml_path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise InputError(f"cannot read LexiPers file {xml_path}: {exc}") from exc
    signs: dict[str, set[int]] = {}
    raw: dict[str, str] = {}
    for synset in root.iter("Synset"):
        label = synset.get("Label", "0").strip()
        if label not in ("+1", "-1", "1"):
            continue
        sign = -1 if label == "-1" else 1
        for sense in synset.get("Sense", "").split(","):
            key = lookup_key(sense)
            if key and key.count(" ") <= 2 and key not in exclude:
                signs.setdefault(key, set()).add(sign)
                raw.setdefault(key, " ".join(sense.translate(_PERSIAN_LETTERS).split()))
    return sorted((raw[key], MAGNITUDE * next(iter(s))) for key, s in signs.items() if len(s) == 1)


def read_exclusions(path: Path) -> frozenset[str]:
    """Look-up keys of the words listed one per line in ``path`` (``#`` comments)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(lookup_key(w) for w in lines if w.strip() and not w.startswith("#"))


def write_lexipers_tsv(
    xml_path: Path, out_path: Path, exclude: frozenset[str] = frozenset()
) -> int:
    """Write the derived TSV (with the citation in its header); return the number of entries."""
    entries = lexipers_entries(xml_path, exclude)
    lines = [
        "# Derived from LexiPers v1.0 (free for research or commercial use with citation):",
        f"# {CITATION}",
        f"# Positive/negative adjective synsets, each word at +/-{MAGNITUDE:g}; words with both",
        "# signs and words in fa_lexipers_exclude.txt dropped.",
        "# Regenerate: hamdel sentiment import-lexipers adj-final.xml",
        "# entry\tscore\tkind",
    ]
    lines += [f"{word}\t{score:g}\tadj" for word, score in entries]
    out_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(entries)


__all__ = [
    "CITATION",
    "MAGNITUDE",
    "lexipers_entries",
    "read_exclusions",
    "write_lexipers_tsv",
]
