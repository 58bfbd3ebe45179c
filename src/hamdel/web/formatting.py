"""Dates and times as the person reads them: in their own time zone, their language's digits and
calendar (Solar Hijri in Persian)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from hamdel.core.calendar import in_zone, long_date, short_date, year_of
from hamdel.core.languages import localize_digits


def local_moment(
    moment: datetime, profile: Mapping[str, Any], language: str, *, now: datetime | None = None
) -> str:
    """ "14:05" today, "7 Dec, 14:05" this year, "7 Dec 2025, 14:05" before; in Persian the Solar
    Hijri date with Persian digits («۱۶ آذر، ۱۴:۰۵»)."""
    lang = "fa" if language == "fa" else "en"
    here = in_zone(moment, profile)
    today = in_zone(now or datetime.now(UTC), profile)
    clock = f"{here:%H:%M}"
    if here.date() == today.date():
        text = clock
    else:
        same_year = year_of(here.date(), lang) == year_of(today.date(), lang)
        day = short_date(here.date(), lang) if same_year else long_date(here.date(), lang)
        text = f"{day}{'، ' if lang == 'fa' else ', '}{clock}"
    return localize_digits(text, lang)


__all__ = ["local_moment"]
