"""Interface strings in English and Persian, as data (``data/web/*_en.toml`` and ``*_fa.toml``,
one pair per area: ``strings`` for the pages, ``imports``, ``study``, ``ratings``). Persian is
written for Persian readers, not translated word for word. Missing or repeated keys fail loudly."""

from __future__ import annotations

import tomllib
from pathlib import Path

from hamdel.core.languages import LANGUAGES

STRINGS_DIR = Path(__file__).resolve().parents[3] / "data" / "web"
"""``<area>_en.toml`` and ``<area>_fa.toml``: one key per string, the same keys in both."""


def _load() -> dict[str, dict[str, str]]:
    tables: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        table: dict[str, str] = {}
        for path in sorted(STRINGS_DIR.glob(f"*_{lang}.toml")):
            with path.open("rb") as handle:
                part = tomllib.load(handle)
            repeated = sorted(table.keys() & part.keys())
            if repeated:
                raise ValueError(f"{path.name} repeats keys of another file: {repeated[:10]}")
            table.update(part)
        tables[lang] = table
    if tables["en"].keys() != tables["fa"].keys():
        missing = sorted(tables["en"].keys() ^ tables["fa"].keys())
        raise ValueError(f"the English and Persian strings differ in keys: {missing[:10]}")
    return {key: {"en": tables["en"][key], "fa": tables["fa"][key]} for key in tables["en"]}


STRINGS: dict[str, dict[str, str]] = _load()


def translator(language: str) -> dict[str, str]:
    """Strings for one language (falls back to English only for an unknown language code)."""
    lang = language if language in LANGUAGES else "en"
    return {key: values[lang] for key, values in STRINGS.items()}


__all__ = ["STRINGS", "STRINGS_DIR", "translator"]
