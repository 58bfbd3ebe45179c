"""Text-corpus label maps onto the six emotion classes (anger, fear, happiness, neutral,
sadness, surprise).

One table per corpus. A label that is not in its table (disgust, HATE, OTHER, "anticipating",
...) is skipped and counted by :func:`map_labels`, never guessed.

>>> map_label("dair_ai", "love")
<Emotion.HAPPINESS: 'happiness'>
>>> map_labels("armanemo", ["SAD", "HATE", "OTHER"]).skipped
{'HATE': 1, 'OTHER': 1}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from hamdel.core.emotions import Emotion

A, F, H, N, S, U = (
    Emotion.ANGER,
    Emotion.FEAR,
    Emotion.HAPPINESS,
    Emotion.NEUTRAL,
    Emotion.SADNESS,
    Emotion.SURPRISE,
)

DAIR_AI: dict[str, Emotion] = {
    "anger": A,
    "fear": F,
    "joy": H,
    "love": H,
    "sadness": S,
    "surprise": U,
}
"""dair-ai "emotion" (CARER) tweets. Love is a positive state: happiness."""

GOEMOTIONS_EKMAN: dict[str, Emotion] = {
    "anger": A,
    "fear": F,
    "joy": H,
    "neutral": N,
    "sadness": S,
    "surprise": U,
}
"""GoEmotions mapped to Ekman by its authors; disgust has no class here and is skipped."""

EMPATHETIC_DIALOGUES: dict[str, Emotion] = {
    # anger
    "angry": A,
    "furious": A,
    "annoyed": A,
    "jealous": A,
    # fear
    "afraid": F,
    "terrified": F,
    "anxious": F,
    "apprehensive": F,
    # happiness (as GoEmotions' Ekman map: pride, gratitude, caring, optimism are joy)
    "joyful": H,
    "excited": H,
    "proud": H,
    "grateful": H,
    "content": H,
    "hopeful": H,
    "confident": H,
    "impressed": H,
    "caring": H,
    # sadness (as GoEmotions: embarrassment and remorse are sadness)
    "sad": S,
    "lonely": S,
    "devastated": S,
    "disappointed": S,
    "guilty": S,
    "ashamed": S,
    "embarrassed": S,
    # surprise
    "surprised": U,
}
"""EmpatheticDialogues' 32 labels. Skipped (no honest single class): disgusted, anticipating,
prepared, trusting, faithful, nostalgic, sentimental."""

ARMANEMO: dict[str, Emotion] = {
    "ANGRY": A,
    "FEAR": F,
    "HAPPY": H,
    "SAD": S,
    "SURPRISE": U,
}
"""ArmanEmo (Persian). HATE and OTHER are skipped (the five-emotion setting). OTHER is not
neutral: learned as neutral (2026-12-07, 10-fold CV on the even CRC half) it made the model read
12-26 % of ArmanEmo's emotional texts as neutral (macro-F1 0.642-0.702 against 0.707-0.723
without); the Persian model's neutral comes from the authored chat lines instead."""

TEXT_LABEL_MAPS: dict[str, dict[str, Emotion]] = {
    "dair_ai": DAIR_AI,
    "goemotions_ekman": GOEMOTIONS_EKMAN,
    "empathetic_dialogues": EMPATHETIC_DIALOGUES,
    "armanemo": ARMANEMO,
}


@dataclass(frozen=True)
class MappedLabels:
    """Result of :func:`map_labels`: positions kept, their emotions, and skipped label counts."""

    kept: tuple[int, ...]
    emotions: tuple[Emotion, ...]
    skipped: dict[str, int]

    @property
    def n_skipped(self) -> int:
        return sum(self.skipped.values())


def map_label(corpus: str, label: str) -> Emotion | None:
    """The emotion for one corpus label, or ``None`` when it does not map.

    Raises
    ------
    KeyError
        For an unknown corpus name.
    """
    table = TEXT_LABEL_MAPS[corpus]
    return table.get(label.strip())


def map_labels(corpus: str, labels: Iterable[str]) -> MappedLabels:
    """Map a corpus's labels; unmapped labels are skipped and counted."""
    kept: list[int] = []
    emotions: list[Emotion] = []
    skipped: Counter[str] = Counter()
    for i, label in enumerate(labels):
        emotion = map_label(corpus, label)
        if emotion is None:
            skipped[label] += 1
        else:
            kept.append(i)
            emotions.append(emotion)
    return MappedLabels(tuple(kept), tuple(emotions), dict(skipped))


__all__ = [
    "ARMANEMO",
    "DAIR_AI",
    "EMPATHETIC_DIALOGUES",
    "GOEMOTIONS_EKMAN",
    "TEXT_LABEL_MAPS",
    "MappedLabels",
    "map_label",
    "map_labels",
]
