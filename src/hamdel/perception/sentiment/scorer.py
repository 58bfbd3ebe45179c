"""The sentiment perceiver: ``SentimentScorer.load()`` then :meth:`SentimentScorer.score`.

>>> scorer = SentimentScorer.load()                                  # doctest: +SKIP
>>> scorer.score("I have lost my job and I feel terrible").to_dict()  # doctest: +SKIP
{'language': 'en', 'raw': -2.0, 'corrected': -2.0, 'theme': 'work_studies', ...}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hamdel.core.errors import InputError, TextError
from hamdel.core.languages import MAX_TEXT_CHARS
from hamdel.perception.sentiment._text import detect, tokenize
from hamdel.perception.sentiment.esm2 import Esm2Weights, clean_profile
from hamdel.perception.sentiment.intensity import CUTS, intensity_level
from hamdel.perception.sentiment.lexicon import DATA_DIR, LANGUAGES
from hamdel.perception.sentiment.sentimeter import Sentimeter
from hamdel.perception.sentiment.themes import ThemeDetector

MAX_CHARS = MAX_TEXT_CHARS
"""Longer inputs are refused: Sentimeter scores sentences and short posts, not books."""
DEFAULT_WEIGHTS = "esm2_default.json"


@dataclass(frozen=True)
class SentimentResult:
    """One sentence's sentiment: raw and corrected score, theme and intensity level."""

    language: str
    raw: float
    corrected: float
    polarity: str
    theme: str
    intensity: str
    has_participle: bool
    unigrams: int
    bigrams: int
    trigrams: int
    units: tuple[tuple[str, float], ...]
    profile_used: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "raw": round(self.raw, 4),
            "corrected": round(self.corrected, 4),
            "polarity": self.polarity,
            "theme": self.theme,
            "intensity": self.intensity,
            "has_participle": self.has_participle,
            "unigrams": self.unigrams,
            "bigrams": self.bigrams,
            "trigrams": self.trigrams,
            "units": [{"ngram": g, "score": round(s, 4)} for g, s in self.units],
            "profile_used": list(self.profile_used),
        }


def polarity(score: float) -> str:
    return "positive" if score > 0 else "negative" if score < 0 else "neutral"


class SentimentScorer:
    """Sentimeter in English and Persian, the theme detector and the eSM2 weights, loaded once."""

    def __init__(
        self,
        meters: Mapping[str, Sentimeter],
        themes: ThemeDetector,
        weights: Esm2Weights,
        cuts: tuple[float, float] = CUTS,
    ) -> None:
        self.meters = dict(meters)
        self.themes = themes
        self.weights = weights
        self.cuts = cuts

    @classmethod
    def load(
        cls,
        data_dir: Path | None = None,
        weights: Path | Esm2Weights | None = None,
        cuts: tuple[float, float] = CUTS,
    ) -> SentimentScorer:
        """Load lexicons, theme lists and eSM2 weights (default: ``esm2_default.json``)."""
        root = Path(data_dir) if data_dir is not None else DATA_DIR
        if not isinstance(weights, Esm2Weights):
            weights = Esm2Weights.load(Path(weights) if weights else root / DEFAULT_WEIGHTS)
        meters = {lang: Sentimeter.load(lang, root) for lang in LANGUAGES}
        intensity_level(0.0, cuts)  # validates the cut points
        return cls(meters, ThemeDetector.load(root), weights, cuts)

    def with_weights(self, weights: Esm2Weights) -> SentimentScorer:
        """A scorer sharing these lexicons and themes, with other eSM2 weights."""
        return SentimentScorer(self.meters, self.themes, weights, self.cuts)

    def use_weights(self, weights: Esm2Weights) -> None:
        """Swap the eSM2 weights in place (e.g. a newer fit, while the service runs).

        Safe beside concurrent :meth:`score` calls: the swap is one attribute assignment and
        each call reads the weights once, so a sentence is corrected wholly by the old or wholly
        by the new weights.
        """
        if not isinstance(weights, Esm2Weights):
            raise InputError(f"expected Esm2Weights, got {type(weights).__name__}")
        self.weights = weights

    def _language(self, text: str, lang: str | None) -> str:
        if lang is None or lang == "auto":
            return detect(text)
        if lang not in self.meters:
            raise InputError(f"language must be 'auto', 'en' or 'fa', got {lang!r}")
        return lang

    def raw(self, text: str, lang: str | None = None) -> float:
        """Only the Sentimeter score (the fast path used for bulk scoring)."""
        language = self._language(text, lang)
        return self.meters[language].value(tokenize(text, language))

    def score(
        self, text: str, lang: str | None = None, profile: Mapping[str, Any] | None = None
    ) -> SentimentResult:
        """Score one sentence; ``profile`` holds only the consented attributes (or ``None``).

        Raises
        ------
        TextError
            For non-text, empty or over-long input.
        InputError
            For an unknown language or a profile value outside its allowed set.
        """
        text = _check(text)
        language = self._language(text, lang)
        tokens = tokenize(text, language)
        raw = self.meters[language].score_tokens(tokens)
        theme = self.themes.detect_tokens(tokens, language)
        used = clean_profile(profile)
        weights = self.weights  # read once: use_weights may swap them meanwhile
        corrected = max(-5.0, min(5.0, raw.score * weights.factor_clean(used, theme)))
        return SentimentResult(
            language=language,
            raw=raw.score,
            corrected=corrected,
            polarity=polarity(corrected),
            theme=theme,
            intensity=intensity_level(corrected, self.cuts),
            has_participle=bool(raw.k),
            unigrams=raw.p,
            bigrams=raw.q,
            trigrams=raw.r,
            units=raw.units,
            profile_used=tuple(sorted(used)),
        )


def _check(text: object) -> str:
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise TextError(f"text is not valid UTF-8 (byte {exc.start})") from exc
    if not isinstance(text, str):
        raise TextError(f"expected text, got {type(text).__name__}")
    if not text.strip():
        raise TextError("text is empty")
    if len(text) > MAX_CHARS:
        raise TextError(f"text has {len(text)} characters; at most {MAX_CHARS} are scored")
    return text
