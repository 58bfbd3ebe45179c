"""The message catalogue: happy, calm, relaxing and motivational messages in English and Persian.

Each kind has 90 messages, 30 at each intensity level (lower, intermediate, extreme). Extreme
messages carry an intensity adverb from :data:`INTENSITY_ADVERBS_EN` and
:data:`INTENSITY_ADVERBS_FA` in both languages; lower ones carry none. Lines of
``data/recommend/messages/<kind>.jsonl``::

    {"id": "hap-low-01", "kind": "happy", "intensity": "lower", "en": "...", "fa": "..."}

Optional ``contra_risks`` / ``contra_contexts`` lists mark messages the rules must not send to a
person with that risk habit or in that context (e.g. "celebrate" messages and an alcohol habit).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hamdel.core.errors import InputError, ModelUnavailableError
from hamdel.core.languages import LANGUAGES
from hamdel.core.profile import INTENSITY_LEVELS, MESSAGE_KINDS
from hamdel.recommend._text import english_problems, persian_problems, unsafe_terms
from hamdel.recommend.corpus import CONTEXTS, HAZARDS, RISK_HABITS, Bilingual, _subset, read_jsonl

logger = logging.getLogger(__name__)

DEFAULT_DIR = Path(__file__).resolve().parents[3] / "data" / "recommend" / "messages"
"""The catalogue shipped in the repository."""

PER_KIND = 90
PER_LEVEL = 30

INTENSITY_ADVERBS_EN: tuple[str, ...] = (
    "truly",
    "incredibly",
    "deeply",
    "absolutely",
    "immensely",
    "wonderfully",
    "extraordinarily",
    "profoundly",
    "remarkably",
    "tremendously",
    "completely",
    "utterly",
    "endlessly",
    "infinitely",
)
"""English intensity adverbs; an extreme message uses at least one, a lower one none."""

INTENSITY_ADVERBS_FA: tuple[str, ...] = (
    "واقعاً",
    "کاملاً",
    "فوق‌العاده",
    "حسابی",
    "با تمام وجود",
    "از ته دل",
    "خیلی خیلی",
    "چقدر",
)
"""Persian intensity markers, as a Persian writer says them to a friend; an extreme message uses
at least one, a lower one none."""

CALQUES_FA: tuple[str, ...] = ("بی‌نهایت", "عمیقاً", "بسیار", "شدیداً", "حقیقتاً", "به‌راستی")
"""Bookish or calqued intensifiers ("infinitely", "deeply") that no message may use."""

_ID = re.compile(r"^(hap|cal|rel|mot)-(low|mid|ext)-\d{2}$")


def intensity_adverbs(text: str, language: str) -> list[str]:
    """The intensity adverbs of ``language`` that occur as words in ``text``."""
    if language == "en":
        return [a for a in INTENSITY_ADVERBS_EN if re.search(rf"\b{a}\b", text, re.IGNORECASE)]
    bound = r"(?<![\w\u200c])"
    return [
        a for a in INTENSITY_ADVERBS_FA if re.search(bound + re.escape(a) + r"(?![\w\u200c])", text)
    ]


@dataclass(frozen=True)
class Message(Bilingual):
    """One message of a kind and intensity, in English and Persian."""

    id: str
    kind: str
    intensity: str
    en: str
    fa: str
    contraindicated_risks: frozenset[str] = frozenset()
    contraindicated_contexts: frozenset[str] = frozenset()
    hazards: frozenset[str] = frozenset()
    """E.g. ``celebration``, or ``letting_go`` for imagery a person with thoughts of dying could
    read as an invitation (held back after a recent check-in or crisis)."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON line form (contraindications only when present)."""
        data: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "intensity": self.intensity,
            "en": self.en,
            "fa": self.fa,
        }
        if self.contraindicated_risks:
            data["contra_risks"] = sorted(self.contraindicated_risks)
        if self.contraindicated_contexts:
            data["contra_contexts"] = sorted(self.contraindicated_contexts)
        if self.hazards:
            data["hazards"] = sorted(self.hazards)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Message:
        """Build and validate a message; raises :class:`InputError` naming it."""
        if not isinstance(data, Mapping):
            raise InputError("a message must be a JSON object")
        ident = data.get("id")
        if not isinstance(ident, str) or not _ID.match(ident):
            raise InputError(f"message id {ident!r} must look like 'hap-ext-07'")
        kind, level, en, fa = (data.get(k) for k in ("kind", "intensity", "en", "fa"))
        if kind not in MESSAGE_KINDS or level not in INTENSITY_LEVELS:
            raise InputError(f"message {ident}: unknown kind {kind!r} or intensity {level!r}")
        if not isinstance(en, str) or not isinstance(fa, str):
            raise InputError(f"message {ident}: 'en' and 'fa' must both be strings")
        try:
            risks = _subset(data, "contra_risks", RISK_HABITS)
            contexts = _subset(data, "contra_contexts", CONTEXTS)
            hazards = _subset(data, "hazards", HAZARDS)
        except InputError as exc:
            raise InputError(f"message {ident}: {exc}") from exc
        message = cls(
            id=ident,
            kind=kind,
            intensity=level,
            en=en,
            fa=fa,
            contraindicated_risks=risks,
            contraindicated_contexts=contexts,
            hazards=hazards,
        )
        problems = message.problems()
        if problems:
            raise InputError(f"message {ident}: {'; '.join(problems)}")
        return message

    def problems(self) -> list[str]:
        """Language, safety and intensity problems (empty when the message is sound)."""
        found = [f"en {p}" for p in english_problems(self.en)]
        found += [f"fa {p}" for p in persian_problems(self.fa)]
        found += [f"unsafe wording {t!r}" for t in unsafe_terms(self.en, self.fa)]
        for language in LANGUAGES:
            adverbs = intensity_adverbs(self.text(language), language)
            if self.intensity == "extreme" and not adverbs:
                found.append(f"extreme but no {language} intensity adverb")
            if self.intensity == "lower" and adverbs:
                found.append(f"lower but uses {language} intensity adverb(s) {adverbs}")
            if self.intensity == "intermediate" and language == "fa" and adverbs:
                found.append(f"intermediate but uses Persian intensity marker(s) {adverbs}")
        bound = r"(?<![\w\u200c])"
        found += [
            f"fa uses the calque {c!r}"
            for c in CALQUES_FA
            if re.search(bound + re.escape(c) + r"(?![\w\u200c])", self.fa)
        ]
        return found


class MessageCatalogue:
    """All messages, checked for the counts per kind and level.

    Examples
    --------
    >>> catalogue = MessageCatalogue.load()
    >>> len(catalogue.select("calm", "extreme"))
    30
    """

    def __init__(self, messages: tuple[Message, ...]) -> None:
        self.messages = messages

    @classmethod
    def load(cls, path: str | Path | None = None, check_counts: bool = True) -> MessageCatalogue:
        """Read every ``*.jsonl`` of a folder (or one file)."""
        source = Path(path) if path is not None else DEFAULT_DIR
        files = sorted(source.glob("*.jsonl")) if source.is_dir() else [source]
        if not files or not all(f.is_file() for f in files):
            raise ModelUnavailableError(f"no message files found at {source}")
        messages: list[Message] = []
        seen: set[str] = set()
        for file in files:
            for number, data in read_jsonl(file):
                try:
                    message = Message.from_dict(data)
                except InputError as exc:
                    raise InputError(f"{file.name}:{number}: {exc}") from exc
                if message.id in seen:
                    raise InputError(f"{file.name}:{number}: duplicate id {message.id}")
                seen.add(message.id)
                messages.append(message)
        catalogue = cls(tuple(messages))
        if check_counts:
            catalogue.check_counts()
        return catalogue

    def check_counts(self) -> None:
        """Raise :class:`InputError` unless each kind has 90 messages, 30 per level."""
        counts = Counter((m.kind, m.intensity) for m in self.messages)
        wrong = {
            f"{k}/{lv}": counts[(k, lv)]
            for k in MESSAGE_KINDS
            for lv in INTENSITY_LEVELS
            if counts[(k, lv)] != PER_LEVEL
        }
        if wrong:
            raise InputError(
                f"the catalogue needs {PER_LEVEL} messages per kind and level; got {wrong}"
            )

    def __len__(self) -> int:
        return len(self.messages)

    def __iter__(self) -> Iterator[Message]:
        return iter(self.messages)

    def select(self, kind: str, intensity: str | None = None) -> tuple[Message, ...]:
        """The messages of ``kind`` (and of ``intensity`` when given)."""
        if kind not in MESSAGE_KINDS:
            raise InputError(f"unknown message kind {kind!r}; known: {', '.join(MESSAGE_KINDS)}")
        if intensity is not None and intensity not in INTENSITY_LEVELS:
            raise InputError(
                f"unknown intensity {intensity!r}; known: {', '.join(INTENSITY_LEVELS)}"
            )
        return tuple(
            m
            for m in self.messages
            if m.kind == kind and (intensity is None or m.intensity == intensity)
        )


__all__ = [
    "CALQUES_FA",
    "DEFAULT_DIR",
    "INTENSITY_ADVERBS_EN",
    "INTENSITY_ADVERBS_FA",
    "PER_KIND",
    "PER_LEVEL",
    "Message",
    "MessageCatalogue",
    "intensity_adverbs",
]
