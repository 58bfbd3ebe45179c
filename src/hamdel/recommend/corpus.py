"""The bilingual coping-suggestion corpus: typed items, loading, and validation.

Each line of ``data/recommend/suggestions/*.jsonl`` is one item::

    {"id": "sad-0001", "en": "...", "fa": "...", "primary": "sadness",
     "emotions": ["fear", "sadness"], "minutes": 5, "energy": "low", "privacy": false,
     "outdoors": false, "another_person": false, "contra_risks": [], "contra_contexts": [],
     "reviewed_safe": true}

``primary`` is the emotion the item was written for (the label a suggestion → emotion model
learns); ``emotions`` lists every emotion it fits, the primary one included. ``reviewed_safe``
is set by a person who re-read the item against the safety rules of ``docs/knowledge.md``;
items without it are skipped when loading (and counted in the log).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hamdel.core.emotions import EMOTIONS
from hamdel.core.errors import InputError, ModelUnavailableError
from hamdel.core.languages import LANGUAGES
from hamdel.recommend._text import english_problems, persian_problems, unsafe_terms

logger = logging.getLogger(__name__)

DEFAULT_DIR = Path(__file__).resolve().parents[3] / "data" / "recommend" / "suggestions"
"""The corpus shipped in the repository."""

ENERGY_LEVELS = ("low", "medium", "high")
HAZARDS = (
    "exertion",
    "water",
    "heights",
    "food",
    "alone_outdoors",
    "night",
    "heartbeat",
    "celebration",
    "letting_go",
)
"""What an item may expose a person to (the ontology's ``hd:Hazard`` individuals)."""
HELPLINE = "{helpline}"
"""Placeholder in a professional-help item for the person's own country's helpline."""
RISK_HABITS = ("smoking", "alcohol", "other")
CONTEXTS = ("home", "study", "work", "travel")
_ID = re.compile(r"^[a-z]{3,4}-\d{4}$")
_EMOTION_NAMES = tuple(e.value for e in EMOTIONS)


class Bilingual:
    """An item written in both languages (``en``, ``fa``)."""

    en: str
    fa: str

    @property
    def texts(self) -> Mapping[str, str]:
        """The text by language code."""
        return {"en": self.en, "fa": self.fa}

    def text(self, language: str) -> str:
        """The text in ``language`` (``"en"`` or ``"fa"``)."""
        if language not in LANGUAGES:
            raise InputError(f"unknown language {language!r}; use en or fa")
        return self.en if language == "en" else self.fa


@dataclass(frozen=True)
class Suggestion(Bilingual):
    """One coping suggestion in English and Persian, with what it needs and what rules it out."""

    id: str
    en: str
    fa: str
    primary: str
    emotions: frozenset[str]
    minutes: int
    energy: str
    needs_privacy: bool
    needs_outdoors: bool
    needs_another_person: bool
    contraindicated_risks: frozenset[str]
    contraindicated_contexts: frozenset[str]
    reviewed_safe: bool
    hazards: frozenset[str] = frozenset()
    """What doing it exposes the person to (see :data:`HAZARDS`); the rules keep it from whom
    the ontology says."""
    professional: bool = False
    """Points to professional help (a doctor, a counsellor, a helpline): offered only when low
    mood or stress has lasted days, never as an answer to one message."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON line form (lists sorted, so the files are stable)."""
        return {
            "id": self.id,
            "en": self.en,
            "fa": self.fa,
            "primary": self.primary,
            "emotions": [e for e in _EMOTION_NAMES if e in self.emotions],
            "minutes": self.minutes,
            "energy": self.energy,
            "privacy": self.needs_privacy,
            "outdoors": self.needs_outdoors,
            "another_person": self.needs_another_person,
            "contra_risks": sorted(self.contraindicated_risks),
            "contra_contexts": sorted(self.contraindicated_contexts),
            "hazards": sorted(self.hazards),
            "reviewed_safe": self.reviewed_safe,
            **({"professional": True} if self.professional else {}),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Suggestion:
        """Build and validate an item; raises :class:`InputError` naming the item and the field."""
        if not isinstance(data, Mapping):
            raise InputError("a suggestion must be a JSON object")
        ident = data.get("id")
        if not isinstance(ident, str) or not _ID.match(ident):
            raise InputError(f"suggestion id {ident!r} must look like 'sad-0001'")
        try:
            item = cls(
                id=ident,
                en=_text(data, "en"),
                fa=_text(data, "fa"),
                primary=_choice(data, "primary", _EMOTION_NAMES),
                emotions=_subset(data, "emotions", _EMOTION_NAMES, min_len=1),
                minutes=_minutes(data.get("minutes")),
                energy=_choice(data, "energy", ENERGY_LEVELS),
                needs_privacy=_flag(data, "privacy"),
                needs_outdoors=_flag(data, "outdoors"),
                needs_another_person=_flag(data, "another_person"),
                contraindicated_risks=_subset(data, "contra_risks", RISK_HABITS),
                contraindicated_contexts=_subset(data, "contra_contexts", CONTEXTS),
                reviewed_safe=_flag(data, "reviewed_safe"),
                hazards=_subset(data, "hazards", HAZARDS),
                professional=_flag(data, "professional"),
            )
        except InputError as exc:
            raise InputError(f"suggestion {ident}: {exc}") from exc
        problems = item.problems()
        if item.primary not in item.emotions:
            problems.append(f"primary emotion {item.primary} is not among its emotions")
        if item.en.count(HELPLINE) != item.fa.count(HELPLINE):
            problems.append(f"{HELPLINE} must appear as often in en as in fa")
        if HELPLINE in item.en and not item.professional:
            problems.append(f"only a professional-help item may name {HELPLINE}")
        if problems:
            raise InputError(f"suggestion {ident}: {'; '.join(problems)}")
        return item

    def problems(self) -> list[str]:
        """Language, spelling and safety problems of the texts (empty when the item is sound)."""
        en, fa = self.en.replace(HELPLINE, "Samaritans"), self.fa.replace(HELPLINE, "صدای مشاور")
        found = [f"en {p}" for p in english_problems(en)]
        found += [f"fa {p}" for p in persian_problems(fa)]
        found += [f"unsafe wording {t!r}" for t in unsafe_terms(en, fa)]
        return found


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{key!r} must be a non-empty string")
    return value


def _flag(data: Mapping[str, Any], key: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise InputError(f"{key!r} must be true or false")
    return value


def _choice(data: Mapping[str, Any], key: str, options: tuple[str, ...]) -> str:
    value = data.get(key)
    if value not in options:
        raise InputError(f"{key!r} must be one of {', '.join(options)}, not {value!r}")
    return str(value)


def _subset(
    data: Mapping[str, Any], key: str, options: tuple[str, ...], min_len: int = 0
) -> frozenset[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or any(v not in options for v in value):
        raise InputError(f"{key!r} must be a list drawn from {', '.join(options)}, not {value!r}")
    if len(set(value)) < min_len:
        raise InputError(f"{key!r} must name at least {min_len} value(s)")
    return frozenset(value)


def _minutes(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 60:
        raise InputError(f"'minutes' must be a whole number from 1 to 60, not {value!r}")
    return value


def read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` for each non-blank line; bad JSON raises :class:`InputError`."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path.name}:{number}: not valid JSON ({exc.msg})") from exc


class SuggestionCorpus:
    """All suggestions, in file then line order.

    Examples
    --------
    >>> corpus = SuggestionCorpus.load()
    >>> all("sadness" in s.emotions for s in corpus.for_emotion("sadness"))
    True
    """

    def __init__(self, items: tuple[Suggestion, ...]) -> None:
        self.items = items
        self._by_id = {item.id: item for item in items}

    @classmethod
    def load(
        cls, path: str | Path | None = None, include_unreviewed: bool = False
    ) -> SuggestionCorpus:
        """Read every ``*.jsonl`` of a folder (or one file); duplicate ids are an error."""
        source = Path(path) if path is not None else DEFAULT_DIR
        files = sorted(source.glob("*.jsonl")) if source.is_dir() else [source]
        if not files or not all(f.is_file() for f in files):
            raise ModelUnavailableError(f"no suggestion files found at {source}")
        items: list[Suggestion] = []
        seen: dict[str, str] = {}
        skipped = 0
        for file in files:
            for number, data in read_jsonl(file):
                try:
                    item = Suggestion.from_dict(data)
                except InputError as exc:
                    raise InputError(f"{file.name}:{number}: {exc}") from exc
                if item.id in seen:
                    raise InputError(
                        f"{file.name}:{number}: id {item.id} already used in {seen[item.id]}"
                    )
                seen[item.id] = file.name
                if not item.reviewed_safe and not include_unreviewed:
                    skipped += 1
                    continue
                items.append(item)
        if skipped:
            logger.warning("skipped %d suggestions not marked reviewed_safe", skipped)
        return cls(tuple(items))

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Suggestion]:
        return iter(self.items)

    def get(self, ident: str) -> Suggestion | None:
        """The item with this id, or ``None``."""
        return self._by_id.get(ident)

    def for_emotion(self, emotion: str) -> tuple[Suggestion, ...]:
        """The items tagged as fitting ``emotion``."""
        if emotion not in _EMOTION_NAMES:
            raise InputError(f"unknown emotion {emotion!r}; known: {', '.join(_EMOTION_NAMES)}")
        return tuple(item for item in self.items if emotion in item.emotions)


__all__ = [
    "CONTEXTS",
    "DEFAULT_DIR",
    "ENERGY_LEVELS",
    "HAZARDS",
    "HELPLINE",
    "RISK_HABITS",
    "Suggestion",
    "SuggestionCorpus",
    "read_jsonl",
]
