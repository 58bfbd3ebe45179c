"""Checks shared by the corpus and the catalogue: language, Persian spelling, safety wording."""

from __future__ import annotations

import re
import unicodedata

ZWNJ = "\u200c"
_PERSIAN_LETTER = re.compile(r"[\u0600-\u06ff]")
_ARABIC_FORMS = {"\u064a": "ي (Arabic yeh; use ی)", "\u0643": "ك (Arabic kaf; use ک)"}
# A detached prefix or suffix that must be joined with a ZWNJ: «می توانی» → «می‌توانی».
_DETACHED = re.compile(r"(?:^|[\s«(])(?:ن?می|ب?ها|های|ترین)(?=[\s.،؛!?»)]|$)")
_LATIN = re.compile(r"[A-Za-z]")

UNSAFE_EN: tuple[str, ...] = (
    r"\bmedicat",
    r"\bmedicine",
    r"\bpills?\b",
    r"\bsupplement",
    r"\bvitamin",
    r"\bdoses?\b",
    r"\bprescri",
    r"\bdiagnos",
    r"\bdisorder",
    r"\bcured?\b",
    r"\balcohol",
    r"\bwine\b",
    r"\bbeer\b",
    r"\bcigarette",
    r"\bsmok",
    r"\bvap(e|ing)\b",
    r"\bdrugs?\b",
    r"\bfasting\b",
    r"\bskip (a )?meals?\b",
    r"\bdriv(e|ing)\b",
    r"\bcalm down\b",
)
"""English patterns (regular expressions) that must never match authored text."""

UNSAFE_FA: tuple[str, ...] = (
    "دارو",
    "قرص",
    "مکمل",
    "ویتامین",
    "تشخیص",
    "اختلال",
    "درمان قطعی",
    "الکل",
    "مشروب",
    "شراب",
    "سیگار",
    "قلیان",
    "مواد مخدر",
    r"روزه(?!\w)",
    "گرسنگی بکش",
    "رانندگی",
    r"آروم باش(?!\w)",
    r"آرام باش(?!\w)",
)
"""Persian patterns that must never match at the start of a word of authored text."""


def persian_problems(text: str) -> list[str]:
    """Spelling problems of a Persian text: no Persian letters, Arabic forms, detached affixes."""
    problems: list[str] = []
    if not _PERSIAN_LETTER.search(text):
        problems.append("has no Persian letters")
    if _LATIN.search(text):
        problems.append("contains Latin letters")
    problems += [f"contains {name}" for char, name in _ARABIC_FORMS.items() if char in text]
    detached = _DETACHED.search(text)
    if detached:
        problems.append(f"detached affix {detached.group(0).strip()!r}: join it with a ZWNJ")
    if "  " in text or text != text.strip():
        problems.append("stray spaces")
    if ZWNJ + " " in text or " " + ZWNJ in text or ZWNJ * 2 in text:
        problems.append("ZWNJ next to a space or doubled")
    return problems


def english_problems(text: str) -> list[str]:
    """Problems of an English text: Persian letters inside, stray spaces."""
    problems: list[str] = []
    if _PERSIAN_LETTER.search(text):
        problems.append("contains Persian letters")
    if not _LATIN.search(text):
        problems.append("has no Latin letters")
    if "  " in text or text != text.strip():
        problems.append("stray spaces")
    return problems


def unsafe_terms(en: str, fa: str) -> list[str]:
    """The unsafe fragments found in an item's English and Persian texts."""
    found = [p for p in UNSAFE_EN if re.search(p, en, re.IGNORECASE)]
    return found + [t for t in UNSAFE_FA if re.search(r"(?<![\w\u200c])" + t, fa)]


def normalise(text: str) -> str:
    """Lower-cased, NFKC, punctuation dropped, spaces and ZWNJ folded (for duplicate checks)."""
    text = unicodedata.normalize("NFKC", text).lower().replace(ZWNJ, " ")
    text = text.replace("\u064a", "ی").replace("\u0643", "ک")
    return " ".join(re.findall(r"\w+", text))


__all__ = [
    "UNSAFE_EN",
    "UNSAFE_FA",
    "ZWNJ",
    "english_problems",
    "normalise",
    "persian_problems",
    "unsafe_terms",
]
