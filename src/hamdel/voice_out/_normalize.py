"""Text normalisation before synthesis: what a reader would say, written out in words.

Every backend reads letters best; digits, dates, symbols and abbreviations are spelled out here so
that all voices say the same thing (espeak-ng's own number reading differs between voices, and
Piper/Glow-TTS models read digits badly or not at all).

>>> normalize_text("۲۵ نفر", "fa")
'بیست و پنج نفر'
>>> normalize_text("Dr. Smith saw 3 patients on 2026-11-22.", "en")
'Doctor Smith saw three patients on November twenty-second, twenty twenty-six.'
"""

from __future__ import annotations

import re
import unicodedata

from hamdel.voice_out._numbers import (
    digits_words,
    english_ordinal,
    english_year,
    number_words,
    persian_ordinal,
    persian_words,
)

_CHAR_MAP: dict[str, str] = {
    "\u064a": "ی", "\u0649": "ی", "\u0643": "ک", "\u0640": "",  # Arabic yeh, kaf; tatweel
    "\u066b": ".", "\u066c": ",", "\u060c": "،", "\u066a": "%",  # Arabic decimal/thousands, percent
    "\u200b": "", "\u200d": "", "\u200e": "", "\u200f": "", "\ufeff": "",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2019": "'", "\u2018": "'",
    "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2212": "-",
}  # fmt: skip
for _i in range(10):
    _CHAR_MAP[chr(0x06F0 + _i)] = str(_i)  # Persian digits ۰-۹
    _CHAR_MAP[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits ٠-٩
_TRANSLATE = str.maketrans(_CHAR_MAP)

_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u20e3\U000e0020-\U000e007f"
    "\u2190-\u21ff\u2300-\u23ff\u25a0-\u25ff]"
)
_CONTROL = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]")
_SPACES = re.compile(r"[ \t]+")
SPEAKABLE = re.compile(r"[^\W\d_]", re.UNICODE)
"""A letter of any script: text without one has nothing to say."""

_EN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_FA_MONTHS_GREGORIAN = [
    "ژانویه",
    "فوریه",
    "مارس",
    "آوریل",
    "مه",
    "ژوئن",
    "ژوئیه",
    "اوت",
    "سپتامبر",
    "اکتبر",
    "نوامبر",
    "دسامبر",
]
_FA_MONTHS_JALALI = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
]

_ABBREVIATIONS: dict[str, dict[str, str]] = {
    "en": {
        "Dr.": "Doctor", "Mr.": "Mister", "Mrs.": "Missus", "Ms.": "Miz", "Prof.": "Professor",
        "St.": "Saint", "Jr.": "Junior", "Sr.": "Senior", "vs.": "versus", "etc.": "et cetera",
        "e.g.": "for example", "i.e.": "that is", "approx.": "approximately", "min.": "minutes",
        "hrs.": "hours", "hr.": "hour", "No.": "number", "a.m.": "A M", "p.m.": "P M",
        "km": "kilometres", "kg": "kilograms", "mg": "milligrams", "cm": "centimetres",
        "bpm": "beats per minute", "CBT": "C B T", "PTSD": "P T S D", "ADHD": "A D H D",
        "OK": "okay",
    },
    "fa": {
        "ه.ش.": "هجری شمسی", "ه.ش": "هجری شمسی", "ه.ق.": "هجری قمری", "ه.ق": "هجری قمری",
        "ق.م.": "قبل از میلاد", "ق.م": "قبل از میلاد", "م.": "میلادی",
        "ج.ا.ا": "جمهوری اسلامی ایران", "ص.": "صفحه", "ر.ک.": "رجوع کنید", "ر.ک": "رجوع کنید",
        "دکتر.": "دکتر", "کیلومتر": "کیلومتر", "km": "کیلومتر", "kg": "کیلوگرم",
        "mg": "میلی‌گرم", "bpm": "ضربان در دقیقه",
    },
}  # fmt: skip

_ISO_DATE = re.compile(r"(?<![\d/-])(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?![\d/-])")
_TIME = re.compile(r"(?<![\d:])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])")
_RANGE = re.compile(r"(?<![\d.-])(\d+)\s?-\s?(\d+)(?![\d.-])")
_PERCENT = re.compile(r"(-?\d+(?:\.\d+)?)\s?%")
_CURRENCY = re.compile(r"([$€£])\s?(\d+(?:\.\d+)?)")
_THOUSANDS = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?![\d])")
_EN_ORDINAL = re.compile(r"\b(\d+)(st|nd|rd|th)\b", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?|\d+(?:\.\d+)?")
_LONG_DIGITS = 16
_CURRENCY_WORDS = {
    "en": {"$": "dollars", "€": "euros", "£": "pounds"},
    "fa": {"$": "دلار", "€": "یورو", "£": "پوند"},
}


def clean_characters(text: str) -> str:
    """One spelling of each character: Persian/Arabic digits to ASCII, Arabic letters to Persian,
    invisible marks and emoji removed (ZWNJ kept), spaces collapsed."""
    text = unicodedata.normalize("NFC", text).translate(_TRANSLATE)
    text = _CONTROL.sub(" ", _EMOJI.sub(" ", text))
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _say_date(match: re.Match[str], lang: str) -> str:
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return match.group(0).replace("-", " ").replace("/", " ")
    if lang == "en":
        return f"{_EN_MONTHS[month - 1]} {english_ordinal(day)}, {english_year(year)}"
    months = _FA_MONTHS_JALALI if year < 1700 else _FA_MONTHS_GREGORIAN
    return f"{persian_ordinal(day)} {months[month - 1]} {persian_words(year)}"


def _say_time(match: re.Match[str], lang: str) -> str:
    hour, minute = int(match.group(1)), int(match.group(2))
    if lang == "en":
        if minute == 0:
            return f"{number_words(str(hour), 'en')} o'clock"
        middle = " oh " if minute < 10 else " "
        return number_words(str(hour), "en") + middle + number_words(str(minute), "en")
    before = match.string[max(0, match.start() - 6) : match.start()]
    said = persian_words(hour) if "ساعت" in before else f"ساعت {persian_words(hour)}"
    return said if minute == 0 else f"{said} و {persian_words(minute)} دقیقه"


def _say_number(match: re.Match[str], lang: str) -> str:
    token = match.group(0)
    digits = token.lstrip("-")
    if len(digits.partition(".")[0]) >= _LONG_DIGITS or (
        digits.startswith("0") and len(digits) > 1 and "." not in digits
    ):
        return digits_words(digits, lang)  # codes and phone numbers: digit by digit
    return f" {number_words(token, lang)} "


def _say_money(match: re.Match[str], lang: str) -> str:
    unit = _CURRENCY_WORDS[lang][match.group(1)]
    whole, _, cents = match.group(2).partition(".")
    said = f"{number_words(whole, lang)} {unit}"
    if len(cents) == 2 and int(cents):
        sub = "cents" if lang == "en" else "سنت"
        said += f" {'and' if lang == 'en' else 'و'} {number_words(cents.lstrip('0'), lang)} {sub}"
    return said


def _expand_abbreviations(text: str, lang: str) -> str:
    for short, long in _ABBREVIATIONS[lang].items():
        pattern = (
            rf"(?<![\w.]){re.escape(short)}(?![\w])"
            if short[-1] == "."
            else (rf"(?<![\w.]){re.escape(short)}(?![\w.])")
        )
        text = re.sub(pattern, long, text)
    return text


def normalize_text(text: str, lang: str) -> str:
    """Write out numbers, dates, times, percentages, currency and abbreviations in words.

    Parameters
    ----------
    text : str
        Any text; Persian and Arabic-Indic digits are read like ASCII digits.
    lang : {"en", "fa"}
        The language to read numbers in.

    Returns
    -------
    str
        The text as it should be spoken; it may be empty (emoji-only input).
    """
    if lang not in _ABBREVIATIONS:
        raise ValueError(f"unsupported language {lang!r}")
    text = clean_characters(text)
    text = _expand_abbreviations(text, lang)
    text = _ISO_DATE.sub(lambda m: _say_date(m, lang), text)
    text = _TIME.sub(lambda m: _say_time(m, lang), text)
    text = _THOUSANDS.sub(lambda m: m.group(0).replace(",", ""), text)
    to = "to" if lang == "en" else "تا"
    text = _RANGE.sub(lambda m: f"{m.group(1)} {to} {m.group(2)}", text)
    percent = "percent" if lang == "en" else "درصد"
    text = _PERCENT.sub(lambda m: f"{number_words(m.group(1), lang)} {percent}", text)
    text = _CURRENCY.sub(lambda m: _say_money(m, lang), text)
    if lang == "en":
        text = _EN_ORDINAL.sub(lambda m: english_ordinal(int(m.group(1))), text)
    text = _NUMBER.sub(lambda m: _say_number(m, lang), text)
    text = text.replace("&", " and " if lang == "en" else " و ")
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    text = "\n".join(line for line in lines if line)
    return re.sub(r" ([,.!?;:،؛؟])", r"\1", text)


def has_speech(text: str) -> bool:
    """Whether the text has any letter to say."""
    return bool(SPEAKABLE.search(text))


__all__ = ["clean_characters", "has_speech", "normalize_text"]
