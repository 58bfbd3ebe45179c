"""The safety texts (``data/safety/texts_{en,fa}.toml``): what the person in crisis reads and
what a trusted contact receives. The Persian was written natively, not translated, and
reviewed by a reader who did not write it (docs/reviews/safety_texts_fa_review.md)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from hamdel.core.languages import Language, read_texts

DATA_DIR = Path(__file__).resolve().parents[3] / "data" / "safety"


@cache
def texts(language: str) -> dict[str, str]:
    return read_texts(DATA_DIR, Language(language).value)


def safety_text(language: str, key: str, **values: str) -> str:
    """One text in ``language`` with its placeholders filled."""
    return texts(language)[key].format(**values) if values else texts(language)[key]


__all__ = ["DATA_DIR", "safety_text", "texts"]
