"""Numbers as words in English and Persian (cardinals, decimals, ordinals, years).

>>> persian_words(25)
'بیست و پنج'
>>> english_words(1_234)
'one thousand two hundred thirty-four'
"""

from __future__ import annotations

import re

_EN_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_EN_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))
_EN_ORDINAL_IRREGULAR = {
    "one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
    "nine": "ninth", "twelve": "twelfth",
}  # fmt: skip

_FA_ONES = [
    "صفر",
    "یک",
    "دو",
    "سه",
    "چهار",
    "پنج",
    "شش",
    "هفت",
    "هشت",
    "نه",
    "ده",
    "یازده",
    "دوازده",
    "سیزده",
    "چهارده",
    "پانزده",
    "شانزده",
    "هفده",
    "هجده",
    "نوزده",
]
_FA_TENS = ["_", "_", "بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود"]
_FA_HUNDREDS = ["_", "صد", "دویست", "سیصد", "چهارصد", "پانصد", "ششصد", "هفتصد", "هشتصد", "نهصد"]
_FA_SCALES = ((10**12, "تریلیون"), (10**9, "میلیارد"), (10**6, "میلیون"), (1000, "هزار"))

MAX_NUMBER = 10**15 - 1
"""Larger integers are read digit by digit (they are codes or phone numbers, not amounts)."""


def _en_below_1000(n: int) -> str:
    words: list[str] = []
    if n >= 100:
        words += [_EN_ONES[n // 100], "hundred"]
        n %= 100
    if n >= 20:
        tens, ones = divmod(n, 10)
        words.append(_EN_TENS[tens] + (f"-{_EN_ONES[ones]}" if ones else ""))
    elif n or not words:
        words.append(_EN_ONES[n])
    return " ".join(words)


def english_words(n: int) -> str:
    """Cardinal number in English words (``-12`` -> ``'minus twelve'``)."""
    if n < 0:
        return "minus " + english_words(-n)
    if n > MAX_NUMBER:
        return digits_words(str(n), "en")
    parts: list[str] = []
    for value, name in _EN_SCALES:
        if n >= value:
            parts.append(f"{_en_below_1000(n // value)} {name}")
            n %= value
    if n or not parts:
        parts.append(_en_below_1000(n))
    return " ".join(parts)


def english_ordinal(n: int) -> str:
    """Ordinal in English words (``22`` -> ``'twenty-second'``)."""
    match = re.fullmatch(r"(.*[ -])?(\w+)", english_words(n))
    assert match is not None  # english_words always ends in a word
    head, last = match.group(1) or "", match.group(2)
    if last in _EN_ORDINAL_IRREGULAR:
        last = _EN_ORDINAL_IRREGULAR[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + last


def english_year(n: int) -> str:
    """A year as English speakers read it (``1984`` -> ``'nineteen eighty-four'``)."""
    if not 1100 <= n <= 2099 or 2000 <= n <= 2009:
        return english_words(n)
    high, low = divmod(n, 100)
    if low == 0:
        return f"{english_words(high)} hundred"
    middle = " oh " if low < 10 else " "
    return english_words(high) + middle + english_words(low)


def _fa_below_1000(n: int) -> str:
    parts: list[str] = []
    if n >= 100:
        parts.append(_FA_HUNDREDS[n // 100])
        n %= 100
    if n >= 20:
        tens, ones = divmod(n, 10)
        parts.append(_FA_TENS[tens])
        if ones:
            parts.append(_FA_ONES[ones])
    elif n:
        parts.append(_FA_ONES[n])
    return " و ".join(parts) if parts else _FA_ONES[0]


def persian_words(n: int) -> str:
    """Cardinal number in Persian words (``25`` -> ``'بیست و پنج'``, ``1000`` -> ``'هزار'``)."""
    if n < 0:
        return "منفی " + persian_words(-n)
    if n > MAX_NUMBER:
        return digits_words(str(n), "fa")
    parts: list[str] = []
    for value, name in _FA_SCALES:
        if n >= value:
            count = n // value
            parts.append(
                name if (count == 1 and value == 1000) else f"{_fa_below_1000(count)} {name}"
            )
            n %= value
    if n or not parts:
        parts.append(_fa_below_1000(n))
    return " و ".join(parts)


def persian_ordinal(n: int) -> str:
    """Ordinal in Persian words (``3`` -> ``'سوم'``, ``22`` -> ``'بیست و دوم'``)."""
    words = persian_words(n)
    if words.endswith("سه"):
        return words[:-2] + "سوم"
    if words.endswith("سی"):
        return words + "‌ام"
    return words + "م"


def digits_words(digits: str, lang: str) -> str:
    """Read a string of ASCII digits one by one."""
    table = _EN_ONES if lang == "en" else _FA_ONES
    return " ".join(table[int(d)] for d in digits if d.isdigit())


def number_words(text: str, lang: str) -> str:
    """Words for a number written with ASCII digits and an optional ``.`` decimal part."""
    negative = text.startswith("-")
    text = text.lstrip("+-")
    whole, _, frac = text.partition(".")
    say = english_words if lang == "en" else persian_words
    words = say(int(whole)) if whole else say(0)
    if frac:
        point = "point" if lang == "en" else "ممیز"
        frac_words = (
            digits_words(frac, lang) if lang == "en" or frac.startswith("0") else say(int(frac))
        )
        words = f"{words} {point} {frac_words}"
    if negative:
        words = ("minus " if lang == "en" else "منفی ") + words
    return words


__all__ = [
    "MAX_NUMBER",
    "digits_words",
    "english_ordinal",
    "english_words",
    "english_year",
    "number_words",
    "persian_ordinal",
    "persian_words",
]
