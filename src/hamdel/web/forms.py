"""The profile form: what each input shows, and reading a submitted form into attribute values.

Pure functions (no request, no database): the page reads every field first and writes nothing
when any is invalid. Values are validated by ``core/profile.py`` itself; the messages shown next
to a field come from the interface strings, in the page language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import available_timezones

from hamdel.core.errors import InputError
from hamdel.core.languages import localize_digits
from hamdel.core.profile import ATTRIBUTES, Attribute, validate_attribute

SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("about", ("age_range", "gender", "education", "occupation")),
    ("place", ("country", "region", "timezone")),
    ("days", ("activity_level", "sleep_hours", "sleep_routine", "context", "risk_habits")),
    ("health", ("health", "recent_loss")),
    ("messages", ("preferred_message_kinds", "messages_per_day", "message_periods")),
    ("conversation", ("remember_topics",)),
)
"""How the page groups the attributes (every attribute appears exactly once)."""

SHARE_PREFIX = "share_"
_TO_ASCII_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫", "01234567890123456789.")


def _number_text(value: float) -> str:
    return f"{value:g}"


@dataclass
class Field:
    """One attribute as the form shows it."""

    attribute: Attribute
    shared: bool = False
    text: str = ""
    """The value of a single input (choice, number, text)."""
    chosen: list[str] = field(default_factory=list)
    """The ticked options of a subset."""
    error: str | None = None

    @property
    def name(self) -> str:
        return self.attribute.name


def fields_from_stored(stored: Mapping[str, tuple[bool, Any]]) -> dict[str, Field]:
    """The form as stored: ``stored`` maps a name to ``(consent, value)``."""
    fields: dict[str, Field] = {}
    for name, attribute in ATTRIBUTES.items():
        consent, value = stored.get(name, (False, None))
        f = Field(attribute, shared=bool(consent) and value is not None)
        if f.shared:
            if isinstance(value, list):
                f.chosen = [str(v) for v in value]
            elif isinstance(value, int | float) and not isinstance(value, bool):
                f.text = _number_text(value)
            else:
                f.text = str(value)
        fields[name] = f
    return fields


def error_text(attribute: Attribute, t: Mapping[str, str], language: str) -> str:
    """What to tell the person about a value ``check`` refused, in their language."""
    kind = attribute.kind
    if kind == "choice":
        return t["profile_error_choice"]
    if kind == "subset":
        upper = attribute.max_items if attribute.max_items is not None else len(attribute.options)
        low, high = localize_digits(attribute.min_items, language), localize_digits(upper, language)
        return t["profile_error_subset"].format(min=low, max=high)
    if kind == "number":
        key = "profile_error_integer" if attribute.integer else "profile_error_number"
        low = localize_digits(_number_text(attribute.minimum or 0), language)
        high = localize_digits(_number_text(attribute.maximum or 0), language)
        return t[key].format(min=low, max=high)
    if kind == "country":
        return t["profile_error_country"]
    if kind == "timezone":
        return t["profile_error_timezone"]
    return t["profile_error_text"].format(max=localize_digits(attribute.max_length or 0, language))


def _parse_number(text: str, attribute: Attribute) -> Any:
    cleaned = text.strip().translate(_TO_ASCII_DIGITS)
    try:
        number = float(cleaned)
    except ValueError:
        return cleaned  # the validator refuses it ("must be a number")
    if attribute.integer and number.is_integer():
        return int(number)
    return number


@dataclass
class ProfileSubmission:
    fields: dict[str, Field]
    shared: dict[str, Any]
    """Validated values for the attributes ticked "share"."""
    withheld: list[str]
    """Attributes not ticked: any stored value is to be erased."""

    @property
    def valid(self) -> bool:
        return all(f.error is None for f in self.fields.values())


def read_profile_form(
    form: Mapping[str, str], lists: Mapping[str, list[str]], t: Mapping[str, str], language: str
) -> ProfileSubmission:
    """Read and validate every attribute; ``lists`` holds every value of repeated fields."""
    fields: dict[str, Field] = {}
    shared: dict[str, Any] = {}
    withheld: list[str] = []
    for name, attribute in ATTRIBUTES.items():
        f = Field(attribute, shared=form.get(SHARE_PREFIX + name) == "1")
        if attribute.kind == "subset":
            f.chosen = [v[:64] for v in lists.get(name, [])][:16]
        else:
            f.text = form.get(name, "")[:200]
        fields[name] = f
        if not f.shared:
            withheld.append(name)
            continue
        raw: Any
        if attribute.kind == "subset":
            raw = f.chosen
        elif not f.text.strip():
            f.error = t["profile_error_missing"]
            continue
        elif attribute.kind == "number":
            raw = _parse_number(f.text, attribute)
        else:
            raw = f.text
        try:
            shared[name] = validate_attribute(name, raw)
        except InputError:
            f.error = error_text(attribute, t, language)
    return ProfileSubmission(fields=fields, shared=shared, withheld=withheld)


_ZONES: list[str] | None = None


def timezone_names() -> list[str]:
    """IANA names for the time-zone list (region/city names and UTC), sorted."""
    global _ZONES
    if _ZONES is None:
        _ZONES = sorted(
            z
            for z in available_timezones()
            if z == "UTC"
            or ("/" in z and not z.startswith(("Etc/", "SystemV/", "US/", "posix", "right")))
        )
    return _ZONES


def suggested_timezone(language: str) -> str:
    """The suggestion before the browser's own zone is known (app.js offers that one)."""
    return "Asia/Tehran" if language == "fa" else "UTC"


def every_attribute_in_a_section(names: Iterable[str]) -> bool:
    grouped = [n for _, section in SECTIONS for n in section]
    return sorted(grouped) == sorted(names) and len(grouped) == len(set(grouped))


__all__ = [
    "SECTIONS",
    "SHARE_PREFIX",
    "Field",
    "ProfileSubmission",
    "error_text",
    "every_attribute_in_a_section",
    "fields_from_stored",
    "read_profile_form",
    "suggested_timezone",
    "timezone_names",
]
