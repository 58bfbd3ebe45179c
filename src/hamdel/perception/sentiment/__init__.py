"""Sentiment intensity: the Sentimeter n-gram score (−5..+5), themes, the eSM2 profile
correction with its least-squares fit, and the intensity level. See ``docs/sentiment.md``."""

from hamdel.perception.sentiment.esm2 import (
    CalibrationReport,
    Esm2Weights,
    feature_names,
    fit_esm2,
    simulate_study,
)
from hamdel.perception.sentiment.intensity import CUTS, intensity_level
from hamdel.perception.sentiment.lexicon import Lexicon
from hamdel.perception.sentiment.scorer import SentimentResult, SentimentScorer, polarity
from hamdel.perception.sentiment.sentimeter import RawScore, Sentimeter
from hamdel.perception.sentiment.themes import THEMES, ThemeDetector

__all__ = [
    "CUTS",
    "THEMES",
    "CalibrationReport",
    "Esm2Weights",
    "Lexicon",
    "RawScore",
    "SentimentResult",
    "SentimentScorer",
    "Sentimeter",
    "ThemeDetector",
    "feature_names",
    "fit_esm2",
    "intensity_level",
    "polarity",
    "simulate_study",
]
