"""Lean text preparation for the sentiment hot path: one ``str.translate`` and one regex.

The general normaliser of the text domain (``hamdel.perception.text.normalize``) runs several
regex passes; Sentimeter must score tens of thousands of sentences a second, so it keeps its own
single-pass table with the same letter choices:

* Arabic yeh/kaf (``ي`` ``ك`` ``ى``) become Persian ``ی`` ``ک``; teh marbuta becomes ``ه``;
* short-vowel marks (harakat), tatweel and other invisible marks are dropped;
* Persian and Arabic-Indic digits become ASCII digits; curly apostrophes become ``'``;
* ZWNJ (the Persian half-space) is *removed* inside tokens for lexicon look-up only, so that
  ``می‌خواهم``, ``میخواهم`` and (after joining, see :func:`tokenize`) ``می خواهم`` meet one key.
  The lexicon keys are built the same way (see ``lexicon.lookup_key``).
"""

from __future__ import annotations

import re

ZWNJ = "\u200c"

_MAP: dict[int, str | None] = {
    0x064A: "ی",
    0x0649: "ی",
    0x0643: "ک",
    0x0629: "ه",
    0x06C0: "ه",
    0x0640: None,  # tatweel
    0x200C: None,  # ZWNJ: dropped for look-up (see module docstring)
    0x200D: None,
    0x200B: None,
    0x200E: None,
    0x200F: None,
    0xFEFF: None,
    0x2019: "'",
    0x2018: "'",
    0x00A0: " ",
}
for _c in [*list(range(1611, 1632)), 1648, *list(range(1750, 1774))]:
    _MAP[_c] = None  # harakat and Quranic marks
for _i in range(10):
    _MAP[0x06F0 + _i] = str(_i)
    _MAP[0x0660 + _i] = str(_i)
_TABLE = str.maketrans(_MAP)
_RARE = re.compile("[" + "".join(re.escape(chr(c)) for c in _MAP if c != 0x200C) + "]")
"""Characters other than ZWNJ that need the table; most texts hold none, and ``translate``
with a table costs ~10 µs on a Persian post, so it only runs when one is present."""

_EMOTICON = r"(?:[:;=][-'^o]?[)(\]\[dDpP/\\|*}{@3]|xd|<3|</3|\^_\^|t_t|-_-)(?![\w])"
_EMOJI = "[\U0001f300-\U0001faff\u2600-\u27bf\u2b50\u2764]"
TOKEN_RE = re.compile(rf"\w+(?:'\w+)?|{_EMOTICON}|[.,;:!?؟،؛]|{_EMOJI}")
"""Words (with one inner apostrophe: ``can't``, ``i've``), the punctuation that ends a negation
scope, emoticons and single emoji. Words come first: most tokens are words."""
_URL = re.compile(r"(?:https?://|www\.)\S+")

_PERSIAN = re.compile("[\u0600-\u06ff]")
_MI = frozenset({"می", "نمی"})


def prepare(text: str) -> str:
    """Lower-case and unify characters (see module docstring)."""
    text = text.replace(ZWNJ, "")
    if _RARE.search(text):
        # Arabic yeh and kaf are most of what turns up: str.replace is far cheaper than
        # translate, which then runs only for the rarer marks and digits
        text = text.replace("\u064a", "ی").replace("\u0643", "ک")
        if _RARE.search(text):
            text = text.translate(_TABLE)
    return text.lower()


def detect(text: str) -> str:
    """``"fa"`` when the text holds any Arabic-script letter, else ``"en"``."""
    return "fa" if _PERSIAN.search(text) else "en"


def tokenize(text: str, lang: str) -> list[str]:
    """Tokens of prepared text; in Persian a detached ``می``/``نمی`` joins the next word."""
    text = prepare(text)
    if "://" in text or "www." in text:
        text = _URL.sub(" ", text)
    tokens: list[str] = []
    for word in text.split():
        # a word of letters and digits is one token (``\w`` is ``isalnum`` or "_"): the
        # regex runs only on words with punctuation, apostrophes, emoticons or emoji
        if word.isalnum():
            tokens.append(word)
        else:
            tokens += TOKEN_RE.findall(word)
    if lang == "fa" and ("می" in tokens or "نمی" in tokens):
        joined: list[str] = []
        carry = ""
        for tok in tokens:
            if tok in _MI:
                carry += tok
                continue
            joined.append(carry + tok if carry else tok)
            carry = ""
        if carry:
            joined.append(carry)
        return joined
    return tokens


def lookup_key(entry: str) -> str:
    """The form a lexicon entry is stored under: its tokens joined by one space.

    ``self-deluded`` becomes the bigram ``self deluded``, as the tokeniser sees it in text.
    """
    return " ".join(tokenize(entry, "fa"))
