"""Text clean-up for English and Persian, language detection and emoji-aware tokens.

Persian writing arrives in many encodings of "the same" letter: Arabic yeh ``ي`` and kaf ``ك``
(from Arabic keyboards), Arabic-Indic and Persian digits, optional short-vowel marks (harakat),
tatweel stretching and several kinds of invisible joiners. :func:`normalize` maps all of them to
one form so that lexicons and models see one spelling.

>>> normalize("كتاب‌هاي  من ۱۲")
'کتاب\u200cهای من 12'
>>> detect_language("Salam, خوبی؟")
'mixed'
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from hamdel.core.errors import TextError

MAX_CHARS = 100_000
"""Texts longer than this are cut (at a word border) before analysis; see :func:`clean_input`."""

LanguageTag = Literal["en", "fa", "mixed", "unknown"]

ZWNJ = "\u200c"
_CHAR_MAP = {
    "\u064a": "ی",  # Arabic yeh
    "\u0649": "ی",  # alef maksura
    "\u06cc": "ی",
    "\u0643": "ک",  # Arabic kaf
    "\u06a9": "ک",
    "\u0629": "ه",  # teh marbuta
    "\u06c0": "ه",  # heh with yeh above -> heh (ezafe written apart)
    "\u0640": "",  # tatweel
    "\u200d": "",  # zero-width joiner
    "\u200b": "",  # zero-width space
    "\u200e": "",  # left-to-right mark
    "\u200f": "",  # right-to-left mark
    "\ufeff": "",  # byte-order mark
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u2019": "'",
    "\u2018": "'",
    "\u201c": '"',
    "\u201d": '"',
}
for _i in range(10):
    _CHAR_MAP[chr(0x06F0 + _i)] = str(_i)  # Persian digits
    _CHAR_MAP[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
_TRANSLATE = str.maketrans(_CHAR_MAP)

_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")
_CONTROL = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]")
_SPACES = re.compile(r"[ \t]+")
_NEWLINES = re.compile(r" *\n\s*")
_ZWNJ_RUNS = re.compile(r"\s*\u200c[\s\u200c]*")
# Persian suffixes/prefixes usually written with a half-space; a plain space there is restored
# to ZWNJ so that "می خواهم" and "می‌خواهم" are one token.
_MI_PREFIX = re.compile(r"(?<![\w\u200c])(ن?می) (?=[\u0600-\u06ff])")
_PLURAL_SUFFIX = re.compile(r"(?<=[\u0600-\u06ff]) (ها|های|هایی|تر|ترین)(?![\u0600-\u06ff\u200c])")

_PERSIAN_LETTER = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN_LETTER = re.compile("[A-Za-z]")

EMOTICONS = (
    ":-)",
    ":)",
    ":-(",
    ":(",
    ":'(",
    ":'-(",
    ":D",
    ":-D",
    "xD",
    "XD",
    ";)",
    ";-)",
    ":P",
    ":-P",
    ":p",
    ":/",
    ":-/",
    ":|",
    ":-|",
    ":o",
    ":O",
    "<3",
    "</3",
    ":*",
    "T_T",
    "-_-",
    "^_^",
    ":@",
    ":d",
    ":-d",
    ":-p",
)
_EMOTICON_RE = "|".join(re.escape(e) for e in sorted(EMOTICONS, key=len, reverse=True))
_EMOJI_RE = (
    "[\U0001f1e6-\U0001f1ff]{2}"  # flags
    "|[\U0001f300-\U0001faff\u2600-\u27bf\u2b50\u2b55\u2764\u2763\u203c\u2049]"
    "[\ufe0f\U0001f3fb-\U0001f3ff]?(?:\u200d[\U0001f300-\U0001faff\u2600-\u27bf][\ufe0f]?)*"
)
_TOKEN = re.compile(
    rf"[\w\u200c]+(?:'\w+)?|(?=[:;<>^T-])(?:{_EMOTICON_RE})(?!\w)|{_EMOJI_RE}|[!?؟]",
    re.UNICODE,
)
_NEEDS_FULL = re.compile("[\u0600-\u06ff\ufb50-\ufeff\uff01-\uff5e]")


def clean_input(text: object, *, max_chars: int = MAX_CHARS) -> str:
    """Check and clean one raw input; the gate every public entry point passes text through.

    Bytes are decoded as UTF-8 (a wrong encoding raises :class:`TextError`); control characters
    are removed; text longer than ``max_chars`` is cut at a word border.

    Raises
    ------
    TextError
        When the input is not text, cannot be decoded, or is empty after clean-up.
    """
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise TextError(f"text is not valid UTF-8 (byte {exc.start}): {exc.reason}") from exc
    if not isinstance(text, str):
        raise TextError(f"expected text, got {type(text).__name__}")
    if "\ufffd" in text and text.count("\ufffd") > max(3, len(text) // 20):
        raise TextError("text contains many replacement characters: wrong encoding?")
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = "".join(ch for ch in text if not 0xD800 <= ord(ch) <= 0xDFFF)  # lone surrogates
    if len(text) > max_chars:
        cut = text.rfind(" ", 0, max_chars)
        text = text[: cut if cut > max_chars // 2 else max_chars]
    if not text.strip():
        raise TextError("text is empty")
    return text


def normalize(text: str) -> str:
    """Unify characters (Persian letters and digits), drop diacritics, tidy spaces and ZWNJ.

    English text is left in its case (callers lower-case where a model wants it).
    """
    text = text.translate(_TRANSLATE)
    if _NEEDS_FULL.search(text):  # Arabic script or full-width forms: the full treatment
        text = unicodedata.normalize("NFKC", text) if _needs_nfkc(text) else text
        text = text.translate(_TRANSLATE)
        text = _DIACRITICS.sub("", text)
        text = _ZWNJ_RUNS.sub(ZWNJ, text)
        text = _MI_PREFIX.sub(r"\1" + ZWNJ, text)
        text = _PLURAL_SUFFIX.sub(ZWNJ + r"\1", text)
    if "  " in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    if "\n" in text:
        text = _NEWLINES.sub("\n", text)
    return text.strip(" \n" + ZWNJ)


def _needs_nfkc(text: str) -> bool:
    # Arabic presentation forms (ﻻ, ﮐ ...) and full-width Latin only; NFKC elsewhere would
    # also fold emoji variation selectors, which we keep.
    return any("\ufb50" <= ch <= "\ufeff" or "\uff01" <= ch <= "\uff5e" for ch in text)


def detect_language(text: str, *, mixed_share: float = 0.2) -> LanguageTag:
    """``"en"``, ``"fa"``, ``"mixed"`` (both scripts, the smaller one at least ``mixed_share`` of
    the letters) or ``"unknown"`` (no letters at all: emoji, digits, punctuation).

    Finglish (Persian in Latin letters) is reported as ``"en"``: it cannot be told apart reliably
    from English by script alone.
    """
    fa = len(_PERSIAN_LETTER.findall(text))
    en = len(_LATIN_LETTER.findall(text))
    total = fa + en
    if total == 0:
        return "unknown"
    minority = min(fa, en) / total
    if minority >= mixed_share:
        return "mixed"
    return "fa" if fa > en else "en"


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens, with emoji, emoticons, ``!`` and ``?`` kept as tokens.

    >>> tokenize("I'm SO happy :) 😀!")
    ["i'm", 'so', 'happy', ':)', '😀', '!']
    """
    toks = _TOKEN.findall(text.lower())
    if ZWNJ in text:
        toks = [t.strip(ZWNJ) for t in toks]
        toks = [t for t in toks if t]
    return toks


def is_emoji_token(token: str) -> bool:
    """True for emoji and emoticon tokens."""
    return token in EMOTICONS or bool(re.fullmatch(_EMOJI_RE, token))


__all__ = [
    "EMOTICONS",
    "MAX_CHARS",
    "ZWNJ",
    "LanguageTag",
    "clean_input",
    "detect_language",
    "is_emoji_token",
    "normalize",
    "tokenize",
]
