"""The profile attributes a person may choose to share, each with its own consent.

Least collection: hamdel asks for nothing by default. An attribute's value is stored only while
its consent is given; withdrawing consent erases the value. A missing attribute contributes
nothing anywhere (eSM2 correction, ontology rules fall back to the defaults).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hamdel.core.errors import InputError

MESSAGE_KINDS = ("happy", "calm", "relaxing", "motivational")
INTENSITY_LEVELS = ("lower", "intermediate", "extreme")
STRESS_LEVELS = ("low", "medium", "high")


@dataclass(frozen=True)
class Attribute:
    name: str
    description: str
    check: Callable[[Any], Any]


def _choice(*options: str) -> Callable[[Any], Any]:
    def check(value: Any) -> str:
        if not isinstance(value, str) or value not in options:
            raise InputError(f"must be one of {', '.join(options)}")
        return value

    return check


def _subset(*options: str, min_len: int = 0, max_len: int | None = None) -> Callable[[Any], Any]:
    def check(value: Any) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputError("must be a list of strings")
        bad = [v for v in value if v not in options]
        if bad:
            raise InputError(f"unknown values {bad}; allowed: {', '.join(options)}")
        unique = sorted(set(value), key=options.index)
        upper = len(options) if max_len is None else max_len
        if not min_len <= len(unique) <= upper:
            raise InputError(f"must name between {min_len} and {upper} values")
        return unique

    return check


def _number(low: float, high: float, integer: bool = False) -> Callable[[Any], Any]:
    def check(value: Any) -> float | int:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InputError("must be a number")
        if integer and not float(value).is_integer():
            raise InputError("must be a whole number")
        if not low <= value <= high:
            raise InputError(f"must be between {low:g} and {high:g}")
        return int(value) if integer else float(value)

    return check


def _short_text(max_len: int) -> Callable[[Any], Any]:
    def check(value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise InputError("must be a non-empty string")
        if len(value) > max_len:
            raise InputError(f"must be at most {max_len} characters")
        return value.strip()

    return check


def _country(value: Any) -> str:
    if not isinstance(value, str) or len(value) != 2 or not value.isascii() or not value.isalpha():
        raise InputError("must be a two-letter ISO 3166 country code such as IR or US")
    return value.upper()


def _timezone(value: Any) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if not isinstance(value, str) or not value.strip() or len(value) > 64:
        raise InputError("must be an IANA time zone name such as Asia/Tehran")
    try:
        ZoneInfo(value.strip())
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InputError(
            f"unknown time zone {value!r}; use an IANA name such as Asia/Tehran"
        ) from exc
    return value.strip()


ATTRIBUTES: dict[str, Attribute] = {
    a.name: a
    for a in (
        Attribute("age_range", "age range", _choice("18-26", "27-35", "36-43", "other")),
        Attribute("gender", "gender", _choice("female", "male", "other")),
        Attribute("education", "education level", _choice("basic", "secondary", "higher")),
        Attribute("region", "region you live in", _short_text(64)),
        Attribute("country", "country, for crisis resources", _country),
        Attribute("occupation", "work or study", _choice("work", "study", "both", "neither")),
        Attribute("activity_level", "how active you are", _choice("low", "moderate", "high")),
        Attribute("sleep_hours", "usual hours of sleep", _number(0, 16)),
        Attribute("sleep_routine", "sleep routine", _choice("regular", "irregular")),
        Attribute("risk_habits", "risk habits", _subset("smoking", "alcohol", "other")),
        Attribute("context", "where you usually are", _choice("home", "study", "work", "travel")),
        Attribute(
            "preferred_message_kinds",
            "one or two kinds of message you like",
            _subset(*MESSAGE_KINDS, min_len=1, max_len=2),
        ),
        Attribute("messages_per_day", "messages per day", _number(0, 10, integer=True)),
        Attribute(
            "message_periods",
            "times of day for messages",
            _subset("morning", "afternoon", "evening", "night", min_len=1),
        ),
        Attribute("timezone", "your time zone, so messages come at your times of day", _timezone),
    )
}


def validate_attribute(name: str, value: Any) -> Any:
    """Return the normalised value, or raise :class:`InputError` naming the attribute."""
    attribute = ATTRIBUTES.get(name)
    if attribute is None:
        raise InputError(f"unknown profile attribute {name!r}; known: {', '.join(ATTRIBUTES)}")
    try:
        return attribute.check(value)
    except InputError as exc:
        raise InputError(f"profile attribute {name!r} {exc}") from exc


__all__ = [
    "ATTRIBUTES",
    "INTENSITY_LEVELS",
    "MESSAGE_KINDS",
    "STRESS_LEVELS",
    "Attribute",
    "validate_attribute",
]
