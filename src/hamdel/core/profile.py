"""The profile attributes a person may choose to share, each with its own consent.

Least collection: hamdel asks for nothing by default. An attribute's value is stored only while
its consent is given; withdrawing consent erases the value. A missing attribute contributes
nothing anywhere (eSM2 correction, ontology rules fall back to the defaults).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from hamdel.core.errors import InputError

MESSAGE_KINDS = ("happy", "calm", "relaxing", "motivational")
INTENSITY_LEVELS = ("lower", "intermediate", "extreme")
STRESS_LEVELS = ("low", "medium", "high")


AttributeKind = Literal["choice", "subset", "number", "text", "country", "timezone"]


@dataclass(frozen=True)
class Attribute:
    """One attribute: its validator, and declarative metadata that forms render inputs from.

    The metadata describes what ``check`` accepts (``tests/web/test_profile_page.py``
    keeps them in step); validation itself is ``check`` alone.
    """

    name: str
    description: str
    check: Callable[[Any], Any]
    kind: AttributeKind = "text"
    options: tuple[str, ...] = ()
    """The allowed values of a ``choice`` or ``subset``, in display order."""
    min_items: int = 0
    max_items: int | None = None
    """How many values a ``subset`` names (``None``: up to all of them)."""
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    max_length: int | None = None


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
    from zoneinfo import ZoneInfoNotFoundError

    if not isinstance(value, str) or not value.strip() or len(value) > 64:
        raise InputError("must be an IANA time zone name such as Asia/Tehran")
    try:
        ZoneInfo(value.strip())
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InputError(
            f"unknown time zone {value!r}; use an IANA name such as Asia/Tehran"
        ) from exc
    return value.strip()


def _choice_attribute(name: str, description: str, *options: str) -> Attribute:
    return Attribute(name, description, _choice(*options), kind="choice", options=options)


def _subset_attribute(
    name: str, description: str, *options: str, min_len: int = 0, max_len: int | None = None
) -> Attribute:
    return Attribute(
        name,
        description,
        _subset(*options, min_len=min_len, max_len=max_len),
        kind="subset",
        options=options,
        min_items=min_len,
        max_items=max_len,
    )


def _number_attribute(
    name: str, description: str, low: float, high: float, integer: bool = False
) -> Attribute:
    return Attribute(
        name,
        description,
        _number(low, high, integer=integer),
        kind="number",
        minimum=low,
        maximum=high,
        integer=integer,
    )


ATTRIBUTES: dict[str, Attribute] = {
    a.name: a
    for a in (
        _choice_attribute("age_range", "age range", "18-26", "27-35", "36-43", "other"),
        _choice_attribute("gender", "gender", "female", "male", "other"),
        _choice_attribute("education", "education level", "basic", "secondary", "higher"),
        Attribute("region", "region you live in", _short_text(64), kind="text", max_length=64),
        Attribute("country", "country, for crisis resources", _country, kind="country"),
        _choice_attribute("occupation", "work or study", "work", "study", "both", "neither"),
        _choice_attribute("activity_level", "how active you are", "low", "moderate", "high"),
        _number_attribute("sleep_hours", "usual hours of sleep", 0, 16),
        _choice_attribute("sleep_routine", "sleep routine", "regular", "irregular"),
        _subset_attribute("risk_habits", "risk habits", "smoking", "alcohol", "other"),
        _choice_attribute("context", "where you usually are", "home", "study", "work", "travel"),
        _subset_attribute(
            "health",
            "health conditions suggestions must respect",
            "heart",
            "pregnancy",
            "mobility",
            "eating",
            "diabetes",
        ),
        _choice_attribute("recent_loss", "a recent loss (someone close died)", "yes", "no"),
        _choice_attribute(
            "remember_topics", "refer back to what we talked about last time", "yes", "no"
        ),
        _subset_attribute(
            "preferred_message_kinds",
            "one or two kinds of message you like",
            *MESSAGE_KINDS,
            min_len=1,
            max_len=2,
        ),
        _number_attribute("messages_per_day", "messages per day", 0, 10, integer=True),
        _subset_attribute(
            "message_periods",
            "times of day for messages",
            "morning",
            "afternoon",
            "evening",
            "night",
            min_len=1,
        ),
        Attribute(
            "timezone",
            "your time zone, so messages come at your times of day",
            _timezone,
            kind="timezone",
            max_length=64,
        ),
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


def local_time(moment: datetime, profile: Mapping[str, Any]) -> datetime:
    """``moment`` in the person's time zone (attribute ``timezone``); as given when they shared
    none, or when ``moment`` is naive (taken as their local time already).

    >>> from datetime import UTC
    >>> local_time(datetime(2026, 12, 7, 20, tzinfo=UTC), {"timezone": "Asia/Tehran"}).hour
    23
    """
    zone = profile.get("timezone")
    if not zone or moment.tzinfo is None:
        return moment
    return moment.astimezone(ZoneInfo(str(zone)))


__all__ = [
    "ATTRIBUTES",
    "INTENSITY_LEVELS",
    "MESSAGE_KINDS",
    "STRESS_LEVELS",
    "Attribute",
    "AttributeKind",
    "local_time",
    "validate_attribute",
]
