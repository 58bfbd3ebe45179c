"""Text normalisation before synthesis: numbers, dates, digits, abbreviations, emoji."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hamdel.voice_out import english_words, has_speech, normalize_text, persian_words
from hamdel.voice_out._numbers import english_ordinal, english_year, persian_ordinal


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "صفر"), (9, "نه"), (13, "سیزده"), (25, "بیست و پنج"), (100, "صد"),
        (105, "صد و پنج"), (999, "نهصد و نود و نه"), (1000, "هزار"), (1001, "هزار و یک"),
        (2026, "دو هزار و بیست و شش"), (1405, "هزار و چهارصد و پنج"),
        (1_000_000, "یک میلیون"), (2_500_000, "دو میلیون و پانصد هزار"), (-3, "منفی سه"),
    ],
)  # fmt: skip
def test_persian_number_words(n: int, words: str) -> None:
    assert persian_words(n) == words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "zero"), (15, "fifteen"), (21, "twenty-one"), (100, "one hundred"),
        (1234, "one thousand two hundred thirty-four"), (1_000_001, "one million one"),
    ],
)  # fmt: skip
def test_english_number_words(n: int, words: str) -> None:
    assert english_words(n) == words


def test_ordinals_and_years() -> None:
    assert [english_ordinal(n) for n in (1, 2, 3, 12, 20, 22)] == [
        "first", "second", "third", "twelfth", "twentieth", "twenty-second",
    ]  # fmt: skip
    assert [persian_ordinal(n) for n in (1, 3, 23, 30)] == ["یکم", "سوم", "بیست و سوم", "سی‌ام"]
    assert english_year(1984) == "nineteen eighty-four"
    assert english_year(2005) == "two thousand five"
    assert english_year(1905) == "nineteen oh five"


def test_number_words_never_leave_digits() -> None:
    rng = random.Random(0)
    for n in [rng.randrange(10**k) for k in range(1, 13) for _ in range(20)]:
        assert not re.search(r"\d", persian_words(n))
        assert not re.search(r"\d", english_words(n))


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("۲۵ نفر", "بیست و پنج نفر"),  # Persian digits
        ("٣٤ روز", "سی و چهار روز"),  # Arabic-Indic digits
        ("۳٫۵ ساعت", "سه ممیز پنج ساعت"),  # Arabic decimal separator
        ("۸۵٪ بهتر", "هشتاد و پنج درصد بهتر"),
        ("۱۴۰۵/۰۹/۰۱", "یکم آذر هزار و چهارصد و پنج"),  # Jalali date
        ("ساعت ۱۴:۳۰", "ساعت چهارده و سی دقیقه"),
        ("سال ۱۴۰۰ ه.ش", "سال هزار و چهارصد هجری شمسی"),
        ("كتاب يك", "کتاب یک"),  # Arabic kaf/yeh
        ("۷-۹ ساعت", "هفت تا نه ساعت"),
    ],
)
def test_persian_normalisation(text: str, spoken: str) -> None:
    assert normalize_text(text, "fa") == spoken


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("Dr. Smith saw 3 patients.", "Doctor Smith saw three patients."),
        ("On 2026-11-22 at 7:05", "On November twenty-second, twenty twenty-six at seven oh five"),
        ("It was 45% better", "It was forty-five percent better"),
        ("It costs $12.50", "It costs twelve dollars and fifty cents"),
        ("about 1,250 people", "about one thousand two hundred fifty people"),
        ("the 3rd day", "the third day"),
        ("Call 0912123", "Call zero nine one two one two three"),  # codes: digit by digit
        ("I feel great 😀🎉!", "I feel great!"),
        ("Sleep 7-9 hours", "Sleep seven to nine hours"),
        ("It is -5 outside", "It is minus five outside"),
        ("Tea & biscuits, e.g. now", "Tea and biscuits, for example now"),
    ],
)
def test_english_normalisation(text: str, spoken: str) -> None:
    assert normalize_text(text, "en") == spoken


def test_emoji_only_has_no_speech() -> None:
    assert normalize_text("😀😀 🎉 ❤️", "en") == ""
    assert not has_speech(normalize_text("😀 !!! ...", "fa"))
    assert has_speech(normalize_text("۲", "fa"))  # a digit becomes a word


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported language"):
        normalize_text("hello", "de")


@given(
    st.text(alphabet="ab سل 0123456789۰۱۲۳۴۵۶۷۸۹٠٣.,:/-%$٪٫", max_size=40),
    st.sampled_from(["en", "fa"]),
)
@settings(max_examples=300, deadline=None)
def test_no_digit_survives_normalisation(text: str, lang: str) -> None:
    spoken = normalize_text(text, lang)
    assert not re.search(r"[0-9\u06f0-\u06f9\u0660-\u0669]", spoken), spoken
