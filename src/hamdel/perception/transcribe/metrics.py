"""Word and character error rates for judging transcripts (and speech synthesis, round trip).

>>> round(word_error_rate(["the cat sat"], ["the cat sat down"]), 3)
0.333
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

_PUNCT = re.compile(r"[^\w\s\u200c]", re.UNICODE)
_FA_MAP = str.maketrans({"ي": "ی", "ك": "ک", "ى": "ی", "ة": "ه", "أ": "ا", "إ": "ا", "آ": "ا",
                         "ؤ": "و", "\u200c": " ", "\u0640": ""})  # fmt: skip
_DIACRITICS = re.compile("[\u064b-\u065f\u0670]")
# English contractions written out (as Whisper's own English normaliser does), so "I'm" = "I am"
_CONTRACTIONS = {
    "i'm": "i am", "you're": "you are", "we're": "we are", "they're": "they are",
    "it's": "it is", "that's": "that is", "what's": "what is", "there's": "there is",
    "let's": "let us", "i've": "i have", "you've": "you have", "we've": "we have",
    "i'll": "i will", "you'll": "you will", "we'll": "we will", "i'd": "i would",
    "don't": "do not", "doesn't": "does not", "didn't": "did not", "can't": "can not",
    "cannot": "can not", "won't": "will not", "isn't": "is not", "aren't": "are not",
    "wasn't": "was not", "okay": "ok",
}  # fmt: skip
_CONTRACTION = re.compile(r"\b(" + "|".join(map(re.escape, _CONTRACTIONS)) + r")\b")


def normalize_for_scoring(text: str) -> str:
    """Lower-case, English contractions expanded, no punctuation, one spelling of Persian
    letters, ZWNJ as a space."""
    text = unicodedata.normalize("NFC", text).translate(_FA_MAP).lower().replace("’", "'")
    text = _CONTRACTION.sub(lambda m: _CONTRACTIONS[m.group(1)], text)
    text = _DIACRITICS.sub("", text)
    text = _PUNCT.sub(" ", text).replace("_", " ")
    return " ".join(text.split())


def edit_distance(ref: Sequence[str], hyp: Sequence[str]) -> int:
    """Levenshtein distance between two token sequences."""
    previous = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        current = [i]
        for j, h in enumerate(hyp, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r != h)))
        previous = current
    return previous[-1]


def _rate(refs: Sequence[str], hyps: Sequence[str], chars: bool) -> float:
    if len(refs) != len(hyps):
        raise ValueError(f"{len(refs)} references but {len(hyps)} hypotheses")
    errors = total = 0
    for ref, hyp in zip(refs, hyps, strict=True):
        r, h = normalize_for_scoring(ref), normalize_for_scoring(hyp)
        ref_tokens = list(r.replace(" ", "")) if chars else r.split()
        hyp_tokens = list(h.replace(" ", "")) if chars else h.split()
        errors += edit_distance(ref_tokens, hyp_tokens)
        total += len(ref_tokens)
    return errors / total if total else 0.0


def word_error_rate(references: Sequence[str], hypotheses: Sequence[str]) -> float:
    """Corpus WER: word edits over reference words, after :func:`normalize_for_scoring`."""
    return _rate(references, hypotheses, chars=False)


def char_error_rate(references: Sequence[str], hypotheses: Sequence[str]) -> float:
    """Corpus CER over letters (spaces removed, so Persian word-joining choices do not count)."""
    return _rate(references, hypotheses, chars=True)


__all__ = ["char_error_rate", "edit_distance", "normalize_for_scoring", "word_error_rate"]
