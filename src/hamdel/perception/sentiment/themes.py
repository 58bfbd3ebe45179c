"""Theme of a sentence: entertainment, work/studies, family, or other, from keyword lists.

The lists (``data/sentiment/themes.json``) were authored by us in both languages. A sentence's
theme is the one with the most keyword hits; a tie goes to the theme listed first in ``order``
(family, work/studies, entertainment: the ones where support is most often needed); no hit at
all gives ``other``. English keys also match ``-s``/``-es`` plurals; Persian keys also match
plural and possessive forms (``ها``, ``های``, ``م``, ``ت``, ``ش``, ``مان``, ``تان``, ``شان``).
"""

from __future__ import annotations

import json
from pathlib import Path

from hamdel.core.errors import InputError, ModelUnavailableError
from hamdel.core.languages import LANGUAGES
from hamdel.perception.sentiment._persian import noun_forms
from hamdel.perception.sentiment._text import lookup_key, tokenize
from hamdel.perception.sentiment.lexicon import DATA_DIR

THEMES = ("entertainment", "work_studies", "family", "other")
"""Theme names; ``other`` is the reference level of the eSM2 correction."""


class ThemeDetector:
    """``ThemeDetector.load()`` then :meth:`detect` (or :meth:`detect_tokens`)."""

    def __init__(
        self,
        keywords: dict[str, dict[str, str]],
        order: tuple[str, ...],
        bases: dict[str, dict[str, str]] | None = None,
    ) -> None:
        self.keywords = keywords  # language -> surface form -> theme
        self.order = order
        self.bases = bases or {}  # language -> surface form -> the keyword it is a form of

    @classmethod
    def load(cls, data_dir: Path | None = None) -> ThemeDetector:
        path = (Path(data_dir) if data_dir is not None else DATA_DIR) / "themes.json"
        if not path.is_file():
            raise ModelUnavailableError(f"theme keyword file {path} is missing")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise InputError(f"{path.name}: invalid JSON ({exc})") from exc
        order = tuple(data["order"])
        if set(order) != set(THEMES) - {"other"}:
            raise InputError(f"{path.name}: 'order' must list {THEMES[:3]}")
        blocked = frozenset(lookup_key(w) for w in data.get("fa_not_forms", []))
        keywords: dict[str, dict[str, str]] = {}
        bases: dict[str, dict[str, str]] = {}
        for language in LANGUAGES:
            table: dict[str, str] = {}
            base: dict[str, str] = {}
            for theme in reversed(order):  # earlier themes win a shared keyword
                for word in data[language][theme]:
                    key = lookup_key(word)
                    forms = noun_forms(key) if language == "fa" else (key, key + "s", key + "es")
                    kept = [f for f in forms if f not in blocked]
                    table.update(dict.fromkeys(kept, theme))
                    base.update(dict.fromkeys(kept, key))
                    table[key] = theme
                    base[key] = key
            keywords[language] = table
            bases[language] = base
        return cls(keywords, order, bases)

    def topic(self, text: str, language: str) -> str | None:
        """The first thing ``text`` talks about that a theme names, said back to its writer:
        English keeps the word as written, with "my"/"our" turned to "your" ("my exams" ->
        "your exams"); Persian gives the keyword without the writer's suffixes («امتحانام» ->
        «امتحان»). None when no theme keyword occurs."""
        table = self.keywords.get(language)
        if table is None:
            return None
        tokens = tokenize(text, language)
        for i, tok in enumerate(tokens):
            if tok not in table:
                continue
            if language == "fa":
                return self.bases.get(language, {}).get(tok, tok)
            before = tokens[i - 1] if i else ""
            if before in ("my", "our"):
                return f"your {tok}"
            return f"the {tok}" if before == "the" else tok
        return None

    def detect(self, text: str, language: str) -> str:
        return self.detect_tokens(tokenize(text, language), language)

    def detect_tokens(self, tokens: list[str], language: str) -> str:
        table = self.keywords.get(language)
        if table is None:
            raise InputError(f"theme language must be 'en' or 'fa', got {language!r}")
        hits = {theme: 0 for theme in self.order}
        found = False
        for tok in tokens:
            theme = table.get(tok)
            if theme is not None:
                hits[theme] += 1
                found = True
        if not found:
            return "other"
        best = max(hits.values())
        return next(theme for theme in self.order if hits[theme] == best)
