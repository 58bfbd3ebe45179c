"""The six emotion classes every perceiver reports, and which of them are negative.

The classes are ShEMO's: anger, fear, happiness, neutral, sadness, surprise. Corpus label maps
(``core/labels.py``) map each corpus's own labels onto these; a label that does not map is
skipped and counted, never guessed.
"""

from __future__ import annotations

from enum import StrEnum


class Emotion(StrEnum):
    ANGER = "anger"
    FEAR = "fear"
    HAPPINESS = "happiness"
    NEUTRAL = "neutral"
    SADNESS = "sadness"
    SURPRISE = "surprise"


EMOTIONS: tuple[Emotion, ...] = tuple(Emotion)
"""The fixed label order used by every model's outputs."""

NEGATIVE_EMOTIONS: frozenset[Emotion] = frozenset({Emotion.ANGER, Emotion.FEAR, Emotion.SADNESS})


def is_negative(emotion: Emotion | str) -> bool:
    """True for anger, fear and sadness."""
    return Emotion(emotion) in NEGATIVE_EMOTIONS


__all__ = ["EMOTIONS", "NEGATIVE_EMOTIONS", "Emotion", "is_negative"]
