"""Server-side SVG charts for the mood pages: no JavaScript, no CDN, no chart library.

Each chart is a pure function from typed points to an SVG string that is safe to embed with
Jinja's ``|safe``: every text is escaped, and only presentation attributes are used (the pages'
CSP forbids inline ``style``). Persian charts are mirrored: time runs right to left, the y axis
sits on the right, digits are Persian and dates are Solar Hijri («۱۶ آذر»). Series differ by
colour, dash pattern and marker shape, so colour is never the only cue.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Literal

from hamdel.core.calendar import JalaliDate, short_date, to_jalali
from hamdel.core.languages import direction, localize_digits

INK, MUTED, GRID, BAR = "#1f2a33", "#5b6b78", "#d5dbe0", "#2f6f73"
# Every colour has a contrast of at least 4.5:1 on white (WCAG AA for text).
PALETTE = ("#2f6f73", "#b34a0c", "#0b5fa5", "#8e3b8e")
DASHES = ("", "7 4", "2 3", "9 3 2 3")
SHAPES = ("circle", "square", "diamond", "triangle")
FONTS = {
    "en": "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif",
    "fa": "Vazirmatn, 'Noto Naskh Arabic', 'Noto Sans Arabic', Tahoma, sans-serif",
}
NO_DATA = {"en": "No data yet", "fa": "هنوز داده‌ای نیست"}
_FONT_SIZE = 12
_PAD = 8
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SIGNED = re.compile(r"^[+\-−][\d۰-۹.]+$")

Align = Literal["left", "right", "middle"]


@dataclass(frozen=True)
class Point:
    """One day's value; ``None`` is a day without a value (the line breaks there)."""

    day: date
    value: float | None


@dataclass(frozen=True)
class Series:
    """A named line of points; ``unit`` follows values in tooltips and the spoken summary."""

    name: str
    points: tuple[Point, ...]
    unit: str = ""


# ---------------------------------------------------------------- text and SVG pieces
def _clean(text: object) -> str:
    """Escaped text without the control characters XML forbids."""
    return escape(_NOT_XML.sub("", str(text)), quote=True)


def _number(value: float, language: str) -> str:
    """``4``, ``7.5``, ``−2`` (a true minus); Persian digits, and an LTR isolate for the sign."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    text = "0" if text == "-0" else text.replace("-", "−")
    return _label(text, language)


def _label(text: str, language: str) -> str:
    """Chart text in the language: Persian digits, signed numbers kept sign-first in RTL."""
    text = localize_digits(text, language)
    return f"\u2066{text}\u2069" if language == "fa" and _SIGNED.match(text) else text


def _text_width(text: str, size: float = _FONT_SIZE) -> float:
    """A generous guess of the rendered width (no font metrics on the server)."""
    return size * sum(_char_width(ord(ch)) for ch in text)


def _char_width(code: int) -> float:
    if 0x200B <= code <= 0x200F or 0x2060 <= code <= 0x206F:  # joiners, marks, isolates
        return 0.0
    return 1.25 if code >= 0x2600 else 0.62  # emoji and symbols are wide


def _text(x: float, y: float, text: str, align: Align, rtl: bool, **attrs: str) -> str:
    """A ``<text>`` placed by its left, right or middle edge, whatever the writing direction.

    ``rtl`` is the direction set on the ``<svg>``, in which ``start`` is the right edge.
    """
    anchor = {"left": "end" if rtl else "start", "right": "start" if rtl else "end"}
    attrs = {"fill": INK, **attrs}
    extra = "".join(f' {k.rstrip("_").replace("_", "-")}="{_clean(v)}"' for k, v in attrs.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor.get(align, "middle")}"'
        f"{extra}>{_clean(text)}</text>"
    )


def _svg(width: float, height: float, language: str, title: str, label: str, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width:.0f}"'
        f' height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" role="img"'
        f' aria-label="{_clean(label)}" lang="{_clean(language)}" direction="{direction(language)}"'
        f' font-family="{_clean(FONTS.get(language, FONTS["en"]))}" font-size="{_FONT_SIZE}">'
        f"<title>{_clean(title)}</title>{body}</svg>"
    )


def _empty(title: str, language: str, width: float) -> str:
    """The small chart shown before anything was recorded."""
    message = NO_DATA.get(language, NO_DATA["en"])
    body = _text(width / 2, 28, message, "middle", language == "fa", fill=MUTED, class_="empty")
    return _svg(width, 44, language, title, f"{title}: {message}", body)


def _marker(shape: str, x: float, y: float, colour: str, tip: str, cls: str = "dot") -> str:
    """A dot on a point, shaped per series; its ``<title>`` is the hover tooltip."""
    tip_xml = f"<title>{_clean(tip)}</title>"
    common = f'class="{cls}" fill="{colour}" stroke="#ffffff" stroke-width="1"'
    if shape == "circle":
        return f'<circle {common} cx="{x:.1f}" cy="{y:.1f}" r="4">{tip_xml}</circle>'
    if shape == "square":
        corner = f'x="{x - 3.5:.1f}" y="{y - 3.5:.1f}"'
        return f'<rect {common} {corner} width="7" height="7">{tip_xml}</rect>'
    if shape == "diamond":
        corners = [(x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y)]
    else:
        corners = [(x, y - 5), (x + 5, y + 4), (x - 5, y + 4)]
    points = " ".join(f"{px:.1f},{py:.1f}" for px, py in corners)
    return f'<polygon {common} points="{points}">{tip_xml}</polygon>'


# ---------------------------------------------------------------- line chart
@dataclass(frozen=True)
class _Frame:
    """The plot area and its scales; Persian mirrors x so the newest day is on the left."""

    left: float
    right: float
    top: float
    bottom: float
    first: date
    span: int
    low: float
    high: float
    rtl: bool

    def x(self, day: date) -> float:
        inner_left, inner_right = self.left + 8, self.right - 8
        share = 0.5 if self.span == 0 else (day - self.first).days / self.span
        share = 1 - share if self.rtl else share
        return inner_left + share * (inner_right - inner_left)

    def y(self, value: float) -> float:
        share = (min(max(value, self.low), self.high) - self.low) / (self.high - self.low)
        return self.bottom - share * (self.bottom - self.top)


def _known(value: float | None) -> bool:
    return value is not None and not math.isnan(value)


def _runs(series: Series, max_gap_days: int) -> list[list[Point]]:
    """Stretches of known values; a ``None``, NaN or a gap of missing days ends a stretch."""
    by_day = {p.day: p for p in series.points}  # the last point given for a day wins
    runs: list[list[Point]] = []
    previous: date | None = None
    for day in sorted(by_day):
        point = by_day[day]
        if not _known(point.value):
            previous = None
            continue
        if previous is None or (day - previous).days > max_gap_days:
            runs.append([])
        runs[-1].append(point)
        previous = day
    return runs


def _summary(series: Series, language: str) -> str:
    """``Mood, 7 days: from 2 to 4`` («حال، ۷ روز: از ۲ تا ۴») for the accessible name."""
    known = [p for p in sorted(series.points, key=lambda p: p.day) if _known(p.value)]
    unit = f" {series.unit}" if series.unit else ""
    values = [_number(p.value, language) + unit for p in known if p.value is not None]
    days, fa, name = len({p.day for p in known}), language == "fa", _label(series.name, language)
    if not values:
        return f"{name}: {NO_DATA['fa' if fa else 'en'].lower()}"
    if fa:
        count = localize_digits(days, language)
        span = f"{values[0]}" if len(values) == 1 else f"از {values[0]} تا {values[-1]}"
        return f"{name}، {count} روز: {span}"
    count = f"{days} day" + ("" if days == 1 else "s")
    span = values[0] if len(values) == 1 else f"from {values[0]} to {values[-1]}"
    return f"{name}, {count}: {span}"


def _legend(series: Sequence[Series], language: str, width: float) -> tuple[list[str], int]:
    """Swatches (colour, dash and marker) with the names, wrapped into rows from the start."""
    rtl, parts, row, cursor = language == "fa", [], 0, float(_PAD)
    for index, s in enumerate(series):
        name = _label(s.name, language)
        item = 30 + _text_width(name) + 18
        if cursor + item > width - _PAD and cursor > _PAD:
            row, cursor = row + 1, float(_PAD)
        y = _PAD + 10 + row * 20
        x0, x1 = (width - cursor, width - cursor - 24) if rtl else (cursor, cursor + 24)
        colour, dash = PALETTE[index % 4], DASHES[index % 4]
        parts.append(
            f'<g class="legend-item"><line x1="{x0:.1f}" y1="{y:.1f}" x2="{x1:.1f}" y2="{y:.1f}"'
            f' stroke="{colour}" stroke-width="2.5" stroke-dasharray="{dash or "none"}"/>'
            + _marker(SHAPES[index % 4], (x0 + x1) / 2, y, colour, s.name, "legend-dot")
            + _text(x1 + (-6 if rtl else 6), y + 4, name, "right" if rtl else "left", rtl)
            + "</g>"
        )
        cursor += item
    return parts, row + 1


def _y_axis(frame: _Frame, ticks: Mapping[float, str], language: str) -> list[str]:
    parts = []
    for value, text in sorted(ticks.items()):
        y = frame.y(value)
        parts.append(
            f'<line class="grid" x1="{frame.left:.1f}" y1="{y:.1f}" x2="{frame.right:.1f}"'
            f' y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>'
        )
        align: Align = "left" if frame.rtl else "right"
        x = frame.right + 6 if frame.rtl else frame.left - 6
        parts.append(_text(x, y + 4, _label(text, language), align, frame.rtl, class_="y-tick"))
    return parts


def _x_axis(frame: _Frame, language: str) -> list[str]:
    """A baseline and short dates, counted back from the newest day so it is always labelled."""
    parts = [
        f'<line class="axis" x1="{frame.left:.1f}" y1="{frame.bottom:.1f}" x2="{frame.right:.1f}"'
        f' y2="{frame.bottom:.1f}" stroke="{MUTED}" stroke-width="1"/>'
    ]
    most = max(2, int((frame.right - frame.left) // 64))
    step = max(1, math.ceil(frame.span / (most - 1)))
    for back in range(0, frame.span + 1, step):
        day = date.fromordinal(frame.first.toordinal() + frame.span - back)
        x = frame.x(day)
        parts.append(
            f'<line x1="{x:.1f}" y1="{frame.bottom:.1f}" x2="{x:.1f}" y2="{frame.bottom + 4:.1f}"'
            f' stroke="{MUTED}" stroke-width="1"/>'
        )
        label = short_date(day, language)
        parts.append(_text(x, frame.bottom + 17, label, "middle", frame.rtl, class_="x-tick"))
    return parts


def _series_group(frame: _Frame, s: Series, index: int, language: str, gap: int) -> str:
    """One ``<g>`` per series: a polyline per unbroken stretch, and a marker on every value."""
    colour, dash, shape = PALETTE[index % 4], DASHES[index % 4], SHAPES[index % 4]
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    parts = [f'<g class="series" data-index="{index}"><title>{_clean(s.name)}</title>']
    runs = _runs(s, gap)
    for run in runs:
        if len(run) > 1:
            points = " ".join(f"{frame.x(p.day):.1f},{frame.y(p.value or 0):.1f}" for p in run)
            parts.append(
                f'<polyline class="segment" points="{points}" fill="none" stroke="{colour}"'
                f' stroke-width="2.5" stroke-linejoin="round"{dash_attr}/>'
            )
    unit = f" {s.unit}" if s.unit else ""
    for p in (p for run in runs for p in run):
        value = p.value or 0
        tip = f"{short_date(p.day, language)}: {_number(value, language)}{unit}"
        parts.append(_marker(shape, frame.x(p.day), frame.y(value), colour, tip))
    return "".join(parts) + "</g>"


def line_chart(
    series: Sequence[Series],
    *,
    language: str,
    low: float,
    high: float,
    title: str,
    width: int = 640,
    height: int = 220,
    labels: Mapping[float, str] | None = None,
    max_gap_days: int = 1,
) -> str:
    """Values per day as lines: one polyline per unbroken stretch, a marker on every value.

    Days run oldest to newest, left to right in English and right to left in Persian. Values
    outside ``[low, high]`` are drawn at the edge (their tooltip keeps the true value). A day
    with ``None``, or more than ``max_gap_days`` days without a point, breaks the line.

    Parameters
    ----------
    series : the lines, styled in order (colour, dash pattern, marker shape).
    language : ``"en"`` or ``"fa"``.
    low, high : the y axis range.
    title : the chart's ``<title>``, also the start of its accessible name.
    labels : y tick labels by value (``{1: "😞", 5: "😄"}``); ``None`` labels low, middle, high.

    Examples
    --------
    >>> mood = Series("Mood", (Point(date(2026, 12, 6), 2), Point(date(2026, 12, 7), 4)))
    >>> svg = line_chart([mood], language="en", low=1, high=5, title="Mood this week")
    >>> 'aria-label="Mood this week. Mood, 2 days: from 2 to 4"' in svg
    True
    """
    if not low < high:
        raise ValueError(f"the y axis needs low < high, got low={low} and high={high}")
    auto = (low, (low + high) / 2, high)
    ticks = dict(labels) if labels is not None else {v: _number(v, "en") for v in auto}
    outside = [v for v in ticks if not low <= v <= high]
    if outside:
        raise ValueError(f"tick labels outside [{low}, {high}]: {outside}")
    days = [p.day for s in series for p in s.points if _known(p.value)]
    if not days:
        return _empty(title, language, width)
    rtl = language == "fa"
    legend, rows = _legend(series, language, width)
    axis_width = max(_text_width(_label(t, language)) for t in ticks.values()) + 10 if ticks else 0
    left, right = (24, width - _PAD - axis_width) if rtl else (_PAD + axis_width, width - 24)
    top, bottom = _PAD + rows * 20 + 10, height - _PAD - 22
    if bottom - top < 40:
        raise ValueError(f"a chart of height {height} leaves no room to plot")
    first, last = min(days), max(days)
    frame = _Frame(left, right, top, bottom, first, (last - first).days, low, high, rtl)
    groups = [_series_group(frame, s, i, language, max_gap_days) for i, s in enumerate(series)]
    body = "".join([*_y_axis(frame, ticks, language), *_x_axis(frame, language), *groups, *legend])
    separator = "؛ " if rtl else "; "
    label = f"{title}. " + separator.join(_summary(s, language) for s in series)
    return _svg(width, height, language, title, label, body)


# ---------------------------------------------------------------- bar chart
@dataclass(frozen=True)
class _Bars:
    """Where the bars start (the edge of the label column), how long a full one is, how tall."""

    start: float
    length: float
    row_height: int
    rtl: bool


def _bar_row(bars: _Bars, row: int, name: str, share: float, shown: str) -> str:
    """Label, bar and value of one row; the label ends where the bar starts."""
    rtl, size, y = bars.rtl, bars.length * share, _PAD + row * bars.row_height
    middle, step = y + bars.row_height / 2 + 4, -6 if rtl else 6
    near: Align = "left" if rtl else "right"
    far: Align = "right" if rtl else "left"
    end = bars.start - size if rtl else bars.start + size
    label = _text(bars.start - step, middle, name, near, rtl, class_="bar-label")
    value = _text(end + step, middle, shown, far, rtl, class_="bar-value")
    rect = (
        f'<rect x="{min(bars.start, end):.1f}" y="{y + 4:.1f}" width="{size:.1f}"'
        f' height="{bars.row_height - 8}" rx="2" fill="{BAR}"/>'
    )
    return f'<g class="bar"><title>{_clean(name)}: {_clean(shown)}</title>{label}{rect}{value}</g>'


def bar_chart(
    bars: Sequence[tuple[str, float]],
    *,
    language: str,
    title: str,
    high: float | None = None,
    width: int = 640,
    row_height: int = 26,
    unit: str = "",
) -> str:
    """Horizontal bars, a label and a value each (e.g. emotions this week), mirrored in Persian.

    Bars keep the given order and grow from the label column (on the left in English, on the
    right in Persian); a value above ``high`` fills the row and its printed value stays true;
    ``high=None`` scales to the largest value. Negative and NaN values draw no bar.

    Examples
    --------
    >>> svg = bar_chart([("calm", 4), ("sad", 2)], language="en", title="This week")
    >>> 'aria-label="This week: calm 4, sad 2"' in svg
    True
    """
    if not bars:
        return _empty(title, language, width)
    rtl, values = language == "fa", [0.0 if math.isnan(v) else v for _, v in bars]
    scale = high if high is not None and high > 0 else max(*values, 1.0)
    names = [_label(name, language) for name, _ in bars]
    shown = [_number(v, language) + (f" {unit}" if unit else "") for v in values]
    label_width = min(max(map(_text_width, names)) + 10, width * 0.4)
    length = width - 2 * _PAD - label_width - max(map(_text_width, shown)) - 10
    start = width - _PAD - label_width if rtl else _PAD + label_width
    layout = _Bars(start, length, row_height, rtl)
    rows = [
        _bar_row(layout, row, name, min(max(value, 0.0), scale) / scale, text)
        for row, (name, value, text) in enumerate(zip(names, values, shown, strict=True))
    ]
    separator = "، " if rtl else ", "
    label = f"{title}: " + separator.join(f"{n} {t}" for n, t in zip(names, shown, strict=True))
    height = 2 * _PAD + len(bars) * row_height
    return _svg(width, height, language, title, label, "".join(rows))


__all__ = [
    "PALETTE",
    "JalaliDate",
    "Point",
    "Series",
    "bar_chart",
    "line_chart",
    "short_date",
    "to_jalali",
]
