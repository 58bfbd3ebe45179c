"""Suggestions that fit only a person who named their situation.

Some suggestions presuppose a circumstance: "If you miss a pet you've lost, look at their
photos ...", "Before an exam, write your three key points on a card". Offered to someone who
wrote "work was so stressful today and I can't switch off", they read as random. The file
``data/recommend/situations.toml`` lists them with the words a person in that situation uses, in
English and Persian; the engine offers such an item only when the person's words this turn name
its situation, and then ranks it up (it answers what they said).

Matching is plain and predictable: English words as whole words (case-insensitive, with an
optional ``s``/``es``/``ed``/``ing``/``'s`` ending), Persian words as the start of a word of the
message (a stem matches its inflections: «امتحانم» matches «امتحانمو»; «سگ» is not found in
«سپاسگزارم») after the same normalisation of both (Arabic ي/ك as Persian ی/ک, tatweel
dropped); a space or zero-width non-joiner inside a Persian word list entry matches a space, a
non-joiner or nothing, so «حیوان‌خانگی», «حیوان خانگی» and «حیوانخانگی» agree. A turn
without words (a heart-rate upload, a scheduled message) names none.

>>> s = Situations({"sad-1": Situation("lost pet", ("pet", "dog"), ("سگ",))})
>>> sorted(s.named_in("our dog died last night"))
['sad-1']
>>> sorted(s.named_in("سگم دیشب مرد")), sorted(s.named_in("work was so stressful"))
(['sad-1'], [])
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from hamdel.core.errors import InputError
from hamdel.core.settings import PROJECT_ROOT

DEFAULT_SITUATIONS = PROJECT_ROOT / "data" / "recommend" / "situations.toml"
_FOLD = str.maketrans({"ي": "ی", "ك": "ک", "ى": "ی", "\u200c": " ", "\u0640": ""})
_GAPS = re.compile(r"\s+")


def _fold(text: str) -> str:
    """NFKC, Persian letters for their Arabic look-alikes, a non-joiner as a space, one space
    for any run of white space, lower case."""
    folded = unicodedata.normalize("NFKC", text).translate(_FOLD)
    return _GAPS.sub(" ", folded).casefold()


@dataclass(frozen=True)
class Situation:
    """What an item presupposes (``name``) and the words that name it, by language."""

    name: str
    en: tuple[str, ...]
    fa: tuple[str, ...]

    @cached_property
    def _english(self) -> re.Pattern[str] | None:
        words = sorted({_fold(w) for w in self.en if w.strip()}, key=len, reverse=True)
        if not words:
            return None
        alternatives = "|".join(re.escape(w) for w in words)
        return re.compile(rf"(?<![\w])(?:{alternatives})(?:s|es|ed|d|ing|'s)?(?![\w])")

    @cached_property
    def _persian(self) -> re.Pattern[str] | None:
        words = sorted({_fold(w).strip() for w in self.fa if w.strip()}, key=len, reverse=True)
        if not words:
            return None
        alternatives = "|".join(r" ?".join(map(re.escape, w.split(" "))) for w in words)
        return re.compile(rf"(?<![\w])(?:{alternatives})")

    def named_in(self, folded: str) -> bool:
        """Whether the (folded) words name this situation."""
        return any(p is not None and p.search(folded) for p in (self._english, self._persian))


class Situations(Mapping[str, Situation]):
    """The situational items by id (read-only mapping)."""

    def __init__(self, items: Mapping[str, Situation]) -> None:
        self._items = dict(items)

    def __getitem__(self, item_id: str) -> Situation:
        return self._items[item_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def named_in(self, words: str | None) -> frozenset[str]:
        """The ids whose situation ``words`` name (none for ``None`` or empty words)."""
        if not words or not words.strip():
            return frozenset()
        folded = _fold(words)
        return frozenset(i for i, s in self._items.items() if s.named_in(folded))

    @classmethod
    def load(cls, path: str | Path | None = None) -> Situations:
        """The shipped list (or the one at ``path``); a missing default file gives none."""
        file = Path(path) if path is not None else DEFAULT_SITUATIONS
        if path is None and not file.is_file():
            return cls({})
        try:
            raw = tomllib.loads(file.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise InputError(f"cannot read the situations file {file}: {exc}") from exc
        items = {}
        for item_id, entry in raw.items():
            if not isinstance(entry, dict) or not isinstance(entry.get("situation"), str):
                raise InputError(f"{file.name}: [{item_id}] needs a situation name")
            en, fa = entry.get("en", []), entry.get("fa", [])
            if not all(isinstance(w, str) for w in [*en, *fa]) or not (en or fa):
                raise InputError(f"{file.name}: [{item_id}] needs en and/or fa word lists")
            items[item_id] = Situation(entry["situation"], tuple(en), tuple(fa))
        return cls(items)


__all__ = ["DEFAULT_SITUATIONS", "Situation", "Situations"]
