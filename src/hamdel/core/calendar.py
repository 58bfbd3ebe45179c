"""The calendars people read dates in: Gregorian in English, Solar Hijri (Jalali) in Persian."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hamdel.core.languages import localize_digits

MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "fa": (
        *("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور"),
        *("مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"),
    ),
}


@dataclass(frozen=True)
class JalaliDate:
    """A Solar Hijri date: ``month`` 1 is Farvardin, the month of Nowruz."""

    year: int
    month: int
    day: int


# ---------------------------------------------------------------- Solar Hijri calendar
# Years where the 33-year leap cycle shifts (Borkowski's arithmetic, as in jalaali-js).
_BREAKS: tuple[int, ...] = (-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060)
_BREAKS += (2097, 2192, 2262, 2324, 2394, 2456, 3178)


def _tmod(a: int, b: int) -> int:
    """Remainder with the sign of ``a`` (C and JavaScript ``%``), as the algorithm assumes."""
    return a - b * math.trunc(a / b)


def _jalali_year(jy: int) -> tuple[date, bool]:
    """Gregorian date of 1 Farvardin ``jy``, and whether year ``jy - 1`` was a leap year."""
    if not _BREAKS[0] <= jy < _BREAKS[-1]:
        raise ValueError(f"Jalali year {jy} is outside the supported range")
    gy, leap_j, jp, jump = jy + 621, -14, _BREAKS[0], 0
    for jm in _BREAKS[1:]:
        jump = jm - jp
        if jy < jm:
            break
        leap_j += jump // 33 * 8 + jump % 33 // 4
        jp = jm
    n = jy - jp
    leap_j += n // 33 * 8 + (n % 33 + 3) // 4
    if jump % 33 == 4 and jump - n == 4:
        leap_j += 1
    leap_g = gy // 4 - (gy // 100 + 1) * 3 // 4 - 150
    if jump - n < 6:
        n = n - jump + (jump + 4) // 33 * 33
    since_leap = _tmod(_tmod(n + 1, 33) - 1, 4)  # years since the last leap year; -1 means 4
    return date(gy, 3, 20 + leap_j - leap_g), since_leap == 1


def to_jalali(day: date) -> JalaliDate:
    """The Solar Hijri (Iranian) date of a Gregorian date.

    >>> to_jalali(date(2026, 12, 7))
    JalaliDate(year=1405, month=9, day=16)
    """
    jy = day.year - 621
    nowruz, after_leap = _jalali_year(jy)
    k = (day - nowruz).days
    if k >= 0:
        if k <= 185:  # the first six months have 31 days
            return JalaliDate(jy, 1 + k // 31, k % 31 + 1)
        k -= 186
    else:  # before Nowruz: the second half of the previous year
        jy, k = jy - 1, k + 179 + after_leap
    return JalaliDate(jy, 7 + k // 30, k % 30 + 1)


def from_jalali(year: int, month: int, day: int) -> date:
    """The Gregorian date of a Solar Hijri one (days past a month's end run into the next).

    >>> from_jalali(1399, 10, 11)
    datetime.date(2020, 12, 31)
    """
    nowruz, _ = _jalali_year(year)
    offset = (month - 1) * 31 if month <= 6 else 186 + (month - 7) * 30
    return nowruz + timedelta(days=offset + day - 1)


def short_date(day: date, language: str) -> str:
    """A day as an axis label: ``7 Dec`` in English, «۱۶ آذر» (Solar Hijri) in Persian.

    >>> short_date(date(2026, 12, 7), "en"), short_date(date(2026, 12, 7), "fa")
    ('7 Dec', '۱۶ آذر')
    """
    if language == "fa":
        jalali = to_jalali(day)
        return localize_digits(f"{jalali.day} {MONTHS['fa'][jalali.month - 1]}", language)
    return f"{day.day} {MONTHS['en'][day.month - 1]}"


def in_zone(moment: datetime, profile: Mapping[str, Any]) -> datetime:
    """``moment`` in the person's time zone (profile ``timezone``), else UTC."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    zone = profile.get("timezone")
    try:
        return aware.astimezone(ZoneInfo(str(zone))) if zone else aware.astimezone(UTC)
    except (ZoneInfoNotFoundError, ValueError):
        return aware.astimezone(UTC)


def long_date(day: date, language: str) -> str:
    """``7 Dec 2026`` in English, «۱۶ آذر ۱۴۰۵» in Persian."""
    if language == "fa":
        jalali = to_jalali(day)
        return f"{short_date(day, 'fa')} {localize_digits(str(jalali.year), 'fa')}"
    return f"{short_date(day, 'en')} {day.year}"


def year_of(day: date, language: str) -> int:
    """The year ``day`` falls in, in the calendar of ``language``."""
    return to_jalali(day).year if language == "fa" else day.year


__all__ = [
    "MONTHS",
    "JalaliDate",
    "from_jalali",
    "in_zone",
    "long_date",
    "short_date",
    "to_jalali",
    "year_of",
]
