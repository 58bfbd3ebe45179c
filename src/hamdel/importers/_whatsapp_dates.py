"""The dates of a WhatsApp chat export: which field is the day, 12-hour clocks, Persian phones.

WhatsApp writes the phone's local date format: ``12/31/20`` (US), ``31/12/2020``, ``31.12.20``,
``2020-12-31``, and on a Persian phone Persian digits and possibly the Solar Hijri calendar
(``۱۳۹۹/۱۰/۱۱``). Whether the first field is the day or the month is decided once per file
(:class:`DateOrder`): a first field over 12 settles day-first, a second field over 12
month-first. When every date fits both, the reading under which the messages run in time order
wins (WhatsApp writes them in order); when both do, a dotted date (``31.12.20``) is day-first, a
slashed one with AM/PM month-first (the US), any other day-first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from hamdel.core.calendar import from_jalali
from hamdel.core.errors import InputError

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_PM = ("p", "ب")


def ascii_digits(text: str) -> str:
    return text.translate(_DIGITS)


def fields(date: str) -> tuple[int, int, int, int]:
    """The three numbers of a date and the width of the first (4: year first)."""
    parts = [p for p in _split(ascii_digits(date)) if p]
    a, b, c = (int(p) for p in parts)
    return a, b, c, len(parts[0])


def _split(date: str) -> list[str]:
    for sep in "./-":
        date = date.replace(sep, " ")
    return date.split()


@dataclass
class DateOrder:
    """Learns from every date of a file whether it is day-first (``"dmy"``) or month-first."""

    day_first_seen: bool = False
    month_first_seen: bool = False
    dotted: bool = False
    twelve_hour: bool = False
    _last: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    _backwards: dict[str, int] = field(default_factory=lambda: {"dmy": 0, "mdy": 0})

    def see(self, date: str, twelve_hour: bool) -> None:
        a, b, c, width = fields(date)
        if width == 4:
            return
        self.dotted = self.dotted or "." in date
        self.twelve_hour = self.twelve_hour or twelve_hour
        self.day_first_seen = self.day_first_seen or a > 12
        self.month_first_seen = self.month_first_seen or b > 12
        for order, key in (("dmy", (c, b, a)), ("mdy", (c, a, b))):
            if order in self._last and key < self._last[order]:
                self._backwards[order] += 1
            self._last[order] = key

    def decide(self) -> str:
        if self.day_first_seen and self.month_first_seen:
            raise InputError("the chat's dates mix day-first and month-first; it cannot be read")
        if self.day_first_seen or self.month_first_seen:
            return "dmy" if self.day_first_seen else "mdy"
        if self._backwards["dmy"] != self._backwards["mdy"]:
            return min(self._backwards, key=lambda k: self._backwards[k])
        if self.dotted:
            return "dmy"
        return "mdy" if self.twelve_hour else "dmy"


def jalali_to_gregorian(jy: int, jm: int, jd: int) -> tuple[int, int, int]:
    """A Solar Hijri date as a Gregorian one (1399/10/11 → 2020/12/31)."""
    day = from_jalali(jy, jm, jd)
    return day.year, day.month, day.day


def moment(date: str, time: str, ampm: str | None, order: str, where: str) -> datetime:
    """The message's moment, its local time labelled UTC (the file has no zone)."""
    a, b, c, width = fields(date)
    if width == 4:
        year, month, day = a, b, c
    elif order == "dmy":
        day, month, year = a, b, c
    else:
        month, day, year = a, b, c
    if year < 100:
        year += 2000
    if 1300 <= year < 1500:
        if not (1 <= month <= 12 and 1 <= day <= 31):
            raise InputError(f"{where}: {date!r} is not a date")
        year, month, day = jalali_to_gregorian(year, month, day)
    hms = [int(p) for p in ascii_digits(time).replace(".", ":").split(":")]
    hour, minute, second = hms[0], hms[1], hms[2] if len(hms) > 2 else 0
    if ampm:
        if not 1 <= hour <= 12:
            raise InputError(f"{where}: {time!r} is not a 12-hour time")
        hour = hour % 12 + (12 if ampm.strip().lower().startswith(_PM) else 0)
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        raise InputError(f"{where}: {date} {time} is not a date") from None


__all__ = ["DateOrder", "ascii_digits", "fields", "jalali_to_gregorian", "moment"]
