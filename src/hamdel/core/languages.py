"""Languages hamdel speaks: English (left to right) and Persian (right to left)."""

from __future__ import annotations

import tomllib
from enum import StrEnum
from pathlib import Path


class Language(StrEnum):
    EN = "en"
    FA = "fa"


RTL_LANGUAGES: frozenset[Language] = frozenset({Language.FA})

LANGUAGES: tuple[str, ...] = tuple(language.value for language in Language)
"""``("en", "fa")``: the codes, for checks and loops over both languages."""

MAX_TEXT_CHARS = 20_000
"""The longest text hamdel takes in one piece (a message, a post, a text to speak)."""


_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def localize_digits(text: object, language: str) -> str:
    """Persian digits in Persian text (``7.5`` stays ``7.5`` in English)."""
    return str(text).translate(_PERSIAN_DIGITS) if language == "fa" else str(text)


def storable_text(text: str) -> bool:
    """False for text no database keeps: a NUL character or a lone surrogate."""
    return "\x00" not in text and not any("\ud800" <= ch <= "\udfff" for ch in text)


def direction(language: Language | str) -> str:
    """The HTML ``dir`` value for a language: ``"rtl"`` for Persian, ``"ltr"`` otherwise."""
    return "rtl" if Language(language) in RTL_LANGUAGES else "ltr"


def read_texts(folder: Path, language: str) -> dict[str, str]:
    """The texts of ``folder/texts_<language>.toml`` (one key a text), trimmed."""
    with (folder / f"texts_{language}.toml").open("rb") as handle:
        return {key: value.strip() for key, value in tomllib.load(handle).items()}


__all__ = [
    "LANGUAGES",
    "MAX_TEXT_CHARS",
    "RTL_LANGUAGES",
    "Language",
    "direction",
    "localize_digits",
    "read_texts",
    "storable_text",
]
