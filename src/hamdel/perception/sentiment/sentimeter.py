"""Sentimeter: the n-gram sentiment score of one sentence on −5..+5.

The design's formula::

    score = (SU + SB + ST) / (k + p + q + r)        clamped to −5..+5

``p``, ``q``, ``r`` count the sentiment-carrying unigrams, bigrams and trigrams found, ``SU``,
``SB``, ``ST`` are their summed scores, and ``k`` is 1 when the sentence holds a past-participle
verb (a report of something done, which the design damps slightly), else 0.

How tokens are matched (no token is counted twice)
    Left to right, longest match first: at each token a trigram is tried, then a bigram, then
    the unigram. A matched n-gram *consumes* its tokens, so ``can't stand`` counts once as a
    bigram (−3) and never also as ``stand``. Entries scored 0 consume tokens without counting.
Modifiers
    An intensifier (``very``, ``خیلی``) or diminisher (``slightly``, ``کمی``) multiplies the next
    unit's score (chains multiply). A negator (``not``, ``never``, ``نه``, ``هیچ``) multiplies
    every unit in the next ``negation_scope`` tokens by the negation factor (−0.75: ``not bad``
    is mildly good, not as good as ``good``); punctuation and ``but``/``ولی`` end the scope.
    Persian also negates *after* the word (``خوب نیست``, ``خوشحال نبودم``): a post-negator
    flips the unit that ended right before it (one token may lie between). Negated verb forms
    (``نمی‌ترسم``) carry the negated score in the lexicon itself. ``but``/``ولی`` halves the
    units before it (the clause after it is the point); each ``!`` within two tokens after a
    unit multiplies it by 1.15. Each unit is clipped to ±5. None of this changes p, q or r.
Past participle (``k``)
    English: an auxiliary of the perfect or passive (``have``, ``has``, ``had``, ``having``,
    ``i've`` …, ``been``, ``being``) followed within two tokens (three after ``not``/``never``)
    by a word ending in ``-ed`` (4+ letters) or one of a closed list of irregular participles
    (``been``, ``gone``, ``taken``, ``broken`` …). A bare ``-en`` ending is not used: ``often``,
    ``even``, ``then`` would match. Persian: a token that is a past stem + ``ه`` with an optional
    person ending or negation prefix (``رفته``, ``خورده‌ام``, ``نگفته``, ``شده``), from the
    closed list of past stems in ``fa_rules.json``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from itertools import compress
from pathlib import Path
from typing import Any

from hamdel.perception.sentiment._text import tokenize
from hamdel.perception.sentiment.lexicon import Lexicon

SCORE_MIN, SCORE_MAX = -5.0, 5.0
EXCLAMATION = 1.15
"""Each ``!`` within two tokens after a unit multiplies it (``great!!`` is stronger)."""
_LOOKAHEAD_SKIP = frozenset({"not", "never", "just", "already", "really", "also", "ever", "always"})


@dataclass(frozen=True)
class RawScore:
    """One sentence's Sentimeter score and the terms of the formula."""

    score: float
    su: float
    sb: float
    st: float
    p: int
    q: int
    r: int
    k: int
    language: str
    units: tuple[tuple[str, float], ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "units": [{"ngram": g, "score": s} for g, s in self.units]}


class Sentimeter:
    """The scorer of one language: ``Sentimeter.load("en")`` then :meth:`score`."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.language = lexicon.language
        self._bi_heads = lexicon.bigram_heads  # built on each read: keep them
        self._tri_heads = lexicon.trigram_heads
        self._table = _entries(lexicon)

    @classmethod
    def load(cls, language: str, data_dir: Path | None = None) -> Sentimeter:
        return cls(Lexicon.load(language, data_dir))

    def score(self, text: str) -> RawScore:
        """Score one sentence (text already checked; see ``SentimentScorer`` for the gate)."""
        return self.score_tokens(tokenize(text, self.language))

    def has_participle(self, toks: list[str]) -> bool:
        """True when the tokens hold a past-participle verb (see module docstring)."""
        lex = self.lexicon
        if self.language == "fa":
            return not lex.participle_forms.isdisjoint(toks)
        if lex.perfect_auxiliaries.isdisjoint(toks):
            return False
        n = len(toks)
        for i, tok in enumerate(toks):
            if tok not in lex.perfect_auxiliaries:
                continue
            reach = 3 if i + 1 < n and toks[i + 1] in _LOOKAHEAD_SKIP else 2
            for nxt in toks[i + 1 : i + 1 + reach]:
                if nxt in lex.irregular_participles or (len(nxt) >= 4 and nxt.endswith("ed")):
                    return True
        return False

    def _negates(self, toks: list[str], i: int) -> bool:
        lex = self.lexicon
        for nxt in toks[i + 1 : i + 1 + lex.negation_scope]:
            if nxt in lex.breaks:
                return False
            if nxt in lex.unigrams or nxt in self._bi_heads:
                return True
        return False

    def _weaken(self, sums: list[float], units: list[tuple[str, float]]) -> None:
        """Before ``but``/``ولی`` the units weigh less: the clause after it is the point."""
        w = self.lexicon.contrast_weight
        sums[0] *= w
        sums[1] *= w
        sums[2] *= w
        units[:] = [(g, v * w) for g, v in units]

    def score_tokens(self, toks: list[str]) -> RawScore:
        """Score tokens from :func:`~hamdel.perception.sentiment._text.tokenize`."""
        value, sums, counts, k, units = self._run(toks)
        return RawScore(
            value,
            sums[0],
            sums[1],
            sums[2],
            counts[0],
            counts[1],
            counts[2],
            k,
            self.language,
            tuple(units),
        )

    def value(self, toks: list[str]) -> float:
        """Only the score of the tokens (the bulk path: no result object is built)."""
        return self._run(toks)[0]

    def _run(
        self, toks: list[str]
    ) -> tuple[float, list[float], list[int], int, list[tuple[str, float]]]:
        entries = list(map(self._table.get, toks))  # one C-level pass; most tokens miss
        lex = self.lexicon
        uni, bi, tri, breaks = lex.unigrams, lex.bigrams, lex.trigrams, lex.breaks
        nf = lex.negation_factor
        sums = [0.0, 0.0, 0.0]
        counts = [0, 0, 0]
        units: list[tuple[str, float]] = []
        neg_until = -1  # units at or before this index are negated
        boost, boost_at = 1.0, -1  # the boost applies to a unit starting at boost_at
        last_end = -9
        skip_until = 0
        n = len(toks)
        for i in compress(range(n), entries):  # only the tokens found in the table
            if i < skip_until:  # inside an n-gram already counted
                continue
            s, head, code = entries[i]  # type: ignore[misc]
            t = toks[i]
            width = 1
            if head:
                if i + 2 < n and t in self._tri_heads:
                    s3 = tri.get(f"{t} {toks[i + 1]} {toks[i + 2]}")
                    if s3 is not None:
                        s, width = s3, 3
                if width == 1 and i + 1 < n and t in self._bi_heads:
                    s2 = bi.get(f"{t} {toks[i + 1]}")
                    if s2 is not None:
                        s, width = s2, 2
            if s is not None and width == 1 and code and i + 1 < n:
                if code == _MODIFIER and toks[i + 1] in uni:
                    s = None  # "fucking hilarious": a scored word used as an intensifier
                elif code == _NEGATOR and self._negates(toks, i):
                    s = None  # "no" negates when a scored word follows, else scores -1
            if s is not None:
                skip_until = i + width
                if s:
                    gram = t if width == 1 else " ".join(toks[i : i + width])
                    if boost_at == i:
                        s *= boost
                    if i <= neg_until and gram not in lex.not_negated:
                        s *= nf
                    s = SCORE_MAX if s > SCORE_MAX else SCORE_MIN if s < SCORE_MIN else s
                    sums[width - 1] += s
                    counts[width - 1] += 1
                    units.append((gram, s))
                    last_end = i + width
            elif code == _MODIFIER:
                factor = lex.modifiers[t]
                boost = boost * factor if boost_at == i else factor
                boost_at = i + 1
            elif code == _NEGATOR:
                neg_until = i + lex.negation_scope
                # breaks are not in the table (most are common words: "and", «و», «که»);
                # the first one inside the scope ends it
                for j in range(i + 1, min(n, neg_until + 1)):
                    if toks[j] in breaks:
                        neg_until = j - 1
                        break
            elif code in (_BREAK, _CONTRAST):
                neg_until = -1
                if code == _CONTRAST and units:
                    self._weaken(sums, units)
                elif t == "!" and units and i - last_end <= 2:
                    gram, old = units[-1]  # "great idea!": "!" right after a unit stresses it
                    new = max(SCORE_MIN, min(SCORE_MAX, old * EXCLAMATION))
                    sums[gram.count(" ")] += new - old
                    units[-1] = (gram, new)
            elif code == _POST and i - last_end <= 1 and units:
                gram, old = units[-1]
                sums[gram.count(" ")] += old * nf - old
                units[-1] = (gram, old * nf)
                last_end = -9
        k = 1 if self.has_participle(toks) else 0
        total = sums[0] + sums[1] + sums[2]
        denominator = k + counts[0] + counts[1] + counts[2]
        value = total / denominator if denominator else 0.0
        value = SCORE_MAX if value > SCORE_MAX else SCORE_MIN if value < SCORE_MIN else value
        return value, sums, counts, k, units


_MODIFIER, _NEGATOR, _BREAK, _CONTRAST, _POST = 1, 2, 3, 4, 5


def _entries(lex: Lexicon) -> dict[str, tuple[float | None, bool, int]]:
    """One look-up per token: ``(unigram score or None, starts an n-gram, modifier code)``."""
    codes: dict[str, int] = {}
    for words, code in (
        (lex.post_negators, _POST),
        (lex.breaks, _BREAK),
        (lex.contrast, _CONTRAST),
        (lex.negators, _NEGATOR),
        (frozenset(lex.modifiers), _MODIFIER),
    ):
        codes.update(dict.fromkeys(words, code))
    heads = lex.bigram_heads | lex.trigram_heads
    keys = set(lex.unigrams) | heads | set(codes)
    # a break that is nothing else needs no look-up in the loop: a negation's scope is cut at
    # the first break when the negation is met (see ``Sentimeter._run``); "!" stays (stress)
    keys -= {
        k
        for k in lex.breaks
        if k != "!" and codes[k] == _BREAK and k not in lex.unigrams and k not in heads
    }
    return {k: (lex.unigrams.get(k), k in heads, codes.get(k, 0)) for k in keys}
