"""Languages hamdel speaks: English (left to right) and Persian (right to left)."""

from __future__ import annotations

from enum import StrEnum


class Language(StrEnum):
    EN = "en"
    FA = "fa"


RTL_LANGUAGES: frozenset[Language] = frozenset({Language.FA})


def direction(language: Language | str) -> str:
    """The HTML ``dir`` value for a language: ``"rtl"`` for Persian, ``"ltr"`` otherwise."""
    return "rtl" if Language(language) in RTL_LANGUAGES else "ltr"


__all__ = ["RTL_LANGUAGES", "Language", "direction"]
