"""Crisis lines per country, in the person's language; shown before any other reply.

The lines are data (``data/safety/crisis_lines.toml``): each has its source and the date it was
checked. Only the person's country is shown: from their profile; otherwise they are asked to
choose, and meanwhile get the international directory and the advice to call the local
emergency number. The emergency number comes first when an attempt is in progress.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any

from hamdel.core.languages import Language, localize_digits
from hamdel.safety.texts import DATA_DIR, safety_text

LINES_FILE = DATA_DIR / "crisis_lines.toml"


@dataclass(frozen=True)
class CrisisLine:
    country: str
    name: str
    contact: str
    """The number as people write it (Persian digits in Persian)."""
    hours: str
    tel: str | None
    """``tel:`` link (None for a text-only line)."""
    sms: str | None = None
    """A text line: "<number> <keyword>" as the data gives it."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Country:
    code: str
    names: dict[str, str]
    emergency: str
    lines: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class CrisisResources:
    language: str
    message: str
    lines: tuple[CrisisLine, ...]
    emergency: str
    """The sentence about the emergency number (with the number when the country is known)."""
    country: str | None = None
    country_name: str | None = None
    emergency_number: str | None = None
    needs_country: bool = False
    """No country is known: the person is asked to choose one (:func:`countries`)."""
    attempt: bool = False
    """An attempt may be in progress: the emergency number goes first."""
    urgent: str | None = None
    """With ``attempt``: the sentence to read first."""
    international: dict[str, str] = field(default_factory=dict)
    """The international directory (name, url), shown when the country has no line."""

    @property
    def choose_country(self) -> str | None:
        """The request to choose a country (None when it is known)."""
        return safety_text(self.language, "person_choose_country") if self.needs_country else None

    @property
    def international_note(self) -> str | None:
        """What the international directory is, when it is shown."""
        return safety_text(self.language, "person_international") if self.international else None

    @property
    def emergency_shown(self) -> str | None:
        """The emergency number as the person reads it (Persian digits in Persian)."""
        return (
            localize_digits(self.emergency_number, self.language) if self.emergency_number else None
        )

    @property
    def emergency_tel(self) -> str | None:
        return f"tel:{self.emergency_number}" if self.emergency_number else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "message": self.message,
            "urgent": self.urgent,
            "lines": [line.to_dict() for line in self.lines],
            "emergency": self.emergency,
            "emergency_number": self.emergency_number,
            "country": self.country,
            "country_name": self.country_name,
            "needs_country": self.needs_country,
            "choose_country": self.choose_country,
            "international": self.international,
        }


@cache
def _data() -> tuple[dict[str, Country], dict[str, Any]]:
    with LINES_FILE.open("rb") as f:
        raw = tomllib.load(f)
    table = {
        c["code"].upper(): Country(
            code=c["code"].upper(),
            names={"en": c["name_en"], "fa": c["name_fa"]},
            emergency=str(c["emergency"]),
            lines=tuple(c.get("line", [])),
        )
        for c in raw["country"]
    }
    return table, raw["international"]


FIRST = {"fa": ("IR", "AF", "TJ")}
"""Where most people who read the language live: offered first in the chooser."""


def countries(language: str) -> list[tuple[str, str]]:
    """Every country with lines, as (code, name in ``language``): the language's own countries
    first, then the rest sorted by name."""
    lang = Language(language).value
    first = FIRST.get(lang, ())
    named = [(c.code, c.names[lang]) for c in _data()[0].values()]
    return sorted(named, key=lambda x: (first.index(x[0]) if x[0] in first else len(first), x[1]))


def known_country(code: str | None) -> str | None:
    """``code`` upper-cased when the data has it, else None."""
    return code.upper() if code and code.upper() in _data()[0] else None


def country_info(code: str | None, language: str) -> tuple[str | None, str | None]:
    """The country's name in ``language`` and its emergency number (None when unknown)."""
    country = _data()[0].get((code or "").upper())
    if country is None:
        return None, None
    return country.names[Language(language).value], country.emergency


TEXT_LINE = {"en": "text {keyword} to {number}", "fa": "پیامک «{keyword}» به {number}"}


def _line(country: str, raw: dict[str, Any], lang: str) -> CrisisLine:
    sms = raw.get("sms") or None
    display = raw["display"]
    if not raw["dial"] and sms:  # a text-only line: say it in the person's language
        number, _, keyword = sms.partition(" ")
        display = TEXT_LINE[lang].format(keyword=keyword, number=number)
    return CrisisLine(
        country=country,
        name=raw[f"name_{lang}"],
        contact=localize_digits(display, lang) if raw["dial"] else display,
        hours=raw[f"hours_{lang}"],
        tel=f"tel:{raw['dial']}" if raw["dial"] else None,
        sms=sms,
    )


def crisis_resources(
    country: str | None, language: str, *, attempt: bool = False
) -> CrisisResources:
    """The lines of the person's country only; no country known: ``needs_country`` and the
    international directory. Never empty of advice: the emergency sentence is always there."""
    lang = Language(language).value
    table, international = _data()
    known = table.get((country or "").upper())
    directory = {"name": international[f"name_{lang}"], "url": international["url"]}
    if known is None:
        return CrisisResources(
            language=lang,
            message=safety_text(lang, "person_crisis"),
            lines=(),
            emergency=safety_text(lang, "person_emergency_unknown"),
            country=None,
            needs_country=True,
            attempt=attempt,
            urgent=safety_text(lang, "person_emergency_unknown") if attempt else None,
            international=directory,
        )
    number = localize_digits(known.emergency, lang)
    lines = tuple(_line(known.code, raw, lang) for raw in known.lines)
    return CrisisResources(
        language=lang,
        message=safety_text(lang, "person_crisis"),
        lines=lines,
        emergency=safety_text(lang, "person_emergency", emergency=number),
        country=known.code,
        country_name=known.names[lang],
        emergency_number=known.emergency,
        attempt=attempt,
        urgent=safety_text(lang, "person_attempt", emergency=number) if attempt else None,
        international=directory if not lines else {},
    )


__all__ = [
    "LINES_FILE",
    "CrisisLine",
    "CrisisResources",
    "countries",
    "country_info",
    "crisis_resources",
    "known_country",
]
