"""Interface strings in English and Persian, as data (``data/web/strings_*.toml``). Persian is
written for Persian readers, not translated word for word. Missing keys fail loudly in tests."""

from __future__ import annotations

import tomllib
from pathlib import Path

STRINGS_DIR = Path(__file__).resolve().parents[3] / "data" / "web"
"""``strings_en.toml`` and ``strings_fa.toml``: one key per string, the same keys in both."""


def _load() -> dict[str, dict[str, str]]:
    tables = {}
    for lang in ("en", "fa"):
        with (STRINGS_DIR / f"strings_{lang}.toml").open("rb") as handle:
            tables[lang] = tomllib.load(handle)
    if tables["en"].keys() != tables["fa"].keys():
        missing = sorted(tables["en"].keys() ^ tables["fa"].keys())
        raise ValueError(f"strings_en.toml and strings_fa.toml differ in keys: {missing[:10]}")
    return {key: {"en": tables["en"][key], "fa": tables["fa"][key]} for key in tables["en"]}


STRINGS: dict[str, dict[str, str]] = _load()


def translator(language: str) -> dict[str, str]:
    """Strings for one language (falls back to English only for an unknown language code)."""
    lang = language if language in ("en", "fa") else "en"
    return {key: values[lang] for key, values in STRINGS.items()}


__all__ = ["STRINGS", "STRINGS_DIR", "translator"]
