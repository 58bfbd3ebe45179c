"""Server-side SVG charts: well-formed, gaps kept, Persian mirrored, escaped, clamped, dated."""

from __future__ import annotations

import doctest
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from hamdel.web import charts
from hamdel.web.charts import (
    PALETTE,
    JalaliDate,
    Point,
    Series,
    bar_chart,
    line_chart,
    short_date,
    to_jalali,
)

SVG = "{http://www.w3.org/2000/svg}"
START = date(2026, 12, 1)


def _series(values: list[float | None], name: str = "Mood", unit: str = "") -> Series:
    return Series(name, tuple(Point(START + timedelta(d), v) for d, v in enumerate(values)), unit)


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # raises on anything that is not well-formed XML
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    return root


def _by_class(root: ET.Element, cls: str) -> list[ET.Element]:
    return [e for e in root.iter() if cls in (e.get("class") or "").split()]


def _points(polyline: ET.Element) -> list[tuple[float, float]]:
    pairs = (p.split(",") for p in (polyline.get("points") or "").split())
    return [(float(x), float(y)) for x, y in pairs]


def _texts(root: ET.Element) -> list[str]:
    return ["".join(e.itertext()) for e in root.iter(f"{SVG}text")]


def _line(values: list[float | None], language: str = "en") -> ET.Element:
    return _parse(line_chart([_series(values)], language=language, low=1, high=5, title="Mood"))


@pytest.mark.parametrize("language", ["en", "fa"])
def test_every_chart_is_well_formed_svg_without_styles_or_scripts(language: str) -> None:
    outputs = [
        line_chart(
            [_series([1, 2, None, 4]), _series([3, 3, 3, 3], "Energy")],
            language=language,
            low=1,
            high=5,
            title="t",
            labels={1: "😞", 3: "😐", 5: "😄"},
        ),
        bar_chart([("calm", 3), ("sad", 1)], language=language, title="t"),
        line_chart([], language=language, low=0, high=1, title="t"),
        bar_chart([], language=language, title="t"),
    ]
    for svg in outputs:
        root = _parse(svg)
        assert root[0].tag == f"{SVG}title"
        # the pages' CSP (style-src 'self') would drop inline styles: presentation attributes only
        assert not any(e.get("style") is not None for e in root.iter())
        assert not any(e.tag in {f"{SVG}style", f"{SVG}script"} for e in root.iter())
        assert root.get("direction") == ("rtl" if language == "fa" else "ltr")


def test_a_missing_value_breaks_the_line_and_never_interpolates() -> None:
    root = _line([1, 2, None, 3, 4, 5, None, 2])
    segments = _by_class(root, "segment")
    assert [len(_points(s)) for s in segments] == [2, 3]  # the lone last value is only a dot
    assert len(_by_class(root, "dot")) == 6


def test_an_absent_day_or_nan_breaks_the_line_unless_the_gap_is_allowed() -> None:
    weekly = Series("Mood", tuple(Point(START + timedelta(7 * w), 3.0) for w in range(4)))
    root = _parse(line_chart([weekly], language="en", low=1, high=5, title="t"))
    assert _by_class(root, "segment") == [] and len(_by_class(root, "dot")) == 4
    root = _parse(line_chart([weekly], language="en", low=1, high=5, title="t", max_gap_days=7))
    assert len(_by_class(root, "segment")) == 1
    assert len(_by_class(_line([1, 2, float("nan"), 3, 4]), "segment")) == 2


def test_every_series_has_its_own_group_colour_dash_and_marker() -> None:
    svg = line_chart(
        [_series([1, 2, 3], f"s{i}") for i in range(4)], language="en", low=1, high=5, title="t"
    )
    root = _parse(svg)
    groups = _by_class(root, "series")
    assert len(groups) == 4
    styles = {(s.get("stroke"), s.get("stroke-dasharray")) for s in _by_class(root, "segment")}
    assert len({colour for colour, _ in styles}) == 4 and len({dash for _, dash in styles}) == 4
    dots = [g.find(f"{SVG}*[@class='dot']") for g in groups]
    shapes = {(d.tag, len((d.get("points") or "").split())) for d in dots if d is not None}
    assert len(shapes) == 4
    assert [t for t in _texts(root) if t.startswith("s")] == ["s0", "s1", "s2", "s3"]  # legend


def test_persian_is_mirrored_with_persian_digits_and_solar_hijri_dates() -> None:
    en = _by_class(_line([1, 2, 3, 4, 5, 4, 3]), "segment")[0]
    fa_root = _line([1, 2, 3, 4, 5, 4, 3], language="fa")
    fa = _by_class(fa_root, "segment")[0]
    en_x, fa_x = [x for x, _ in _points(en)], [x for x, _ in _points(fa)]
    assert en_x == sorted(en_x) and fa_x == sorted(fa_x, reverse=True)  # oldest on the right
    # the y axis sits on the right, beyond every point
    assert min(float(t.get("x") or 0) for t in _by_class(fa_root, "y-tick")) > max(fa_x)
    texts = _texts(fa_root)
    assert not any(re.search("[0-9]", t) for t in texts), texts
    assert "۱۶ آذر" in texts  # 2026-12-07, the newest day, is always labelled
    assert "۵" in texts and "۱" in texts


def test_signed_persian_tick_labels_stay_sign_first() -> None:
    root = _parse(
        line_chart(
            [_series([-2, 0, 3])],
            language="fa",
            low=-5,
            high=5,
            title="t",
            labels={-5: "−5", 0: "0", 5: "+5"},
        )
    )
    ticks = ["".join(t.itertext()) for t in _by_class(root, "y-tick")]
    assert ticks == ["\u2066−۵\u2069", "۰", "\u2066+۵\u2069"]  # an LTR isolate keeps "−۵" whole


def test_the_accessible_name_summarises_the_chart_in_words() -> None:
    assert _line([2, 3, None, 4]).get("aria-label") == "Mood. Mood, 3 days: from 2 to 4"
    assert _line([2, 3, None, 4], "fa").get("aria-label") == "Mood. Mood، ۳ روز: از ۲ تا ۴"
    two = line_chart(
        [_series([3]), _series([60, 62.5], "Pulse", "bpm"), _series([None], "Sleep")],
        language="en",
        low=0,
        high=100,
        title="This week",
    )
    assert _parse(two).get("aria-label") == (
        "This week. Mood, 1 day: 3; Pulse, 2 days: from 60 bpm to 62.5 bpm; Sleep: no data yet"
    )


def test_text_is_escaped_so_the_svg_is_safe_to_embed() -> None:
    name = '<script>alert("x")</script> & \x0b'
    svg = line_chart(
        [_series([1, 2], name)], language="en", low=1, high=5, title=name, labels={1: "<b>"}
    )
    assert "<script" not in svg and "<b>" not in svg
    root = _parse(svg)
    assert '<script>alert("x")</script> & ' in _texts(root)  # shown as text, control char dropped
    assert (root.get("aria-label") or "").startswith('<script>alert("x")</script> & ')
    bars = bar_chart([(name, 1)], language="en", title=name)
    assert "<script" not in bars
    _parse(bars)


def test_values_outside_the_range_are_clamped_into_the_plot_area() -> None:
    root = _line([10, -10, 3])
    grid = [float(g.get("y1") or 0) for g in _by_class(root, "grid")]
    top, bottom = min(grid), max(grid)
    ys = [float(d.get("cy") or 0) for d in _by_class(root, "dot")]
    assert ys == [top, bottom, (top + bottom) / 2]
    tips = ["".join(d.itertext()) for d in _by_class(root, "dot")]
    assert tips == ["1 Dec: 10", "2 Dec: −10", "3 Dec: 3"]  # the tooltip keeps the true value


def test_nothing_recorded_says_so_in_the_language() -> None:
    for chart in (
        line_chart([], language="en", low=1, high=5, title="Mood"),
        bar_chart([], language="en", title="Mood"),
    ):
        root = _parse(chart)
        assert _texts(root) == ["No data yet"] and root.get("aria-label") == "Mood: No data yet"
    root = _line([None, None], "fa")
    assert _texts(root) == ["هنوز داده‌ای نیست"] and _by_class(root, "segment") == []


def test_bad_axes_are_refused() -> None:
    with pytest.raises(ValueError, match="low < high"):
        line_chart([_series([1])], language="en", low=5, high=5, title="t")
    with pytest.raises(ValueError, match="outside"):
        line_chart([_series([1])], language="en", low=1, high=5, title="t", labels={7: "7"})


@pytest.mark.parametrize("language", ["en", "fa"])
def test_bars_grow_from_the_label_side_in_proportion(language: str) -> None:
    root = _parse(
        bar_chart([("calm", 4), ("sad", 2), ("angry", 9)], language=language, title="t", high=4)
    )
    rects = list(root.iter(f"{SVG}rect"))
    widths = [float(r.get("width") or 0) for r in rects]
    assert widths[0] == widths[2] == pytest.approx(2 * widths[1], abs=0.1)  # 9 is clamped to 4
    starts = {
        round(float(r.get("x") or 0) + (w if language == "fa" else 0), 1)
        for r, w in zip(rects, widths, strict=True)
    }
    assert len(starts) == 1  # every bar starts on the same edge: left in English, right in Persian
    values = ["".join(t.itertext()) for t in _by_class(root, "bar-value")]
    assert values == (["۴", "۲", "۹"] if language == "fa" else ["4", "2", "9"])
    labels = _by_class(root, "bar-label")
    label_x, bar_x = float(labels[0].get("x") or 0), float(rects[0].get("x") or 0)
    assert (label_x > bar_x) if language == "fa" else (label_x < bar_x)
    expected = "t: calm ۴، sad ۲، angry ۹" if language == "fa" else "t: calm 4, sad 2, angry 9"
    assert root.get("aria-label") == expected


def test_the_palette_is_readable_on_white() -> None:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for colour in (*PALETTE, charts.INK, charts.MUTED, charts.BAR):
        assert 1.05 / (luminance(colour) + 0.05) >= 4.5, colour


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 12, 7), JalaliDate(1405, 9, 16)),
        (date(1979, 2, 11), JalaliDate(1357, 11, 22)),  # 22 Bahman
        (date(2000, 1, 1), JalaliDate(1378, 10, 11)),
        (date(2024, 3, 19), JalaliDate(1402, 12, 29)),
        (date(2024, 3, 20), JalaliDate(1403, 1, 1)),  # Nowruz
        (date(2025, 3, 20), JalaliDate(1403, 12, 30)),  # 1403 is a leap year
        (date(2025, 3, 21), JalaliDate(1404, 1, 1)),
        (date(2026, 3, 20), JalaliDate(1404, 12, 29)),
        (date(2025, 9, 22), JalaliDate(1404, 6, 31)),
        (date(2025, 9, 23), JalaliDate(1404, 7, 1)),
    ],
)
def test_solar_hijri_dates(day: date, expected: JalaliDate) -> None:
    assert to_jalali(day) == expected


def test_solar_hijri_days_follow_each_other_without_gaps() -> None:
    day, previous = date(1950, 1, 1), to_jalali(date(1950, 1, 1))
    while day < date(2080, 1, 1):
        day += timedelta(1)
        current = to_jalali(day)
        if current.day != 1:
            assert (current.year, current.month, current.day - 1) == (
                previous.year,
                previous.month,
                previous.day,
            )
        else:
            months = 31 if previous.month <= 6 else 30 if previous.month <= 11 else None
            assert months is None or previous.day == months, (day, previous)
            assert previous.month != 12 or previous.day in (29, 30)
            step = (
                (previous.year, previous.month + 1)
                if previous.month < 12
                else (previous.year + 1, 1)
            )
            assert (current.year, current.month) == step
        previous = current


def test_short_dates() -> None:
    assert short_date(date(2026, 12, 7), "en") == "7 Dec"
    assert short_date(date(2026, 12, 7), "fa") == "۱۶ آذر"
    assert short_date(date(2025, 3, 21), "fa") == "۱ فروردین"


def test_the_docstring_examples_run_and_exports_exist() -> None:
    assert doctest.testmod(charts).failed == 0
    assert all(hasattr(charts, name) for name in charts.__all__)
