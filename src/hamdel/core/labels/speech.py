"""Speech-corpus label maps onto the six emotion classes.

One table per corpus; a label that is absent from its table is skipped and counted, never
guessed. The decisions that are not obvious:

* **calm** (RAVDESS, TurEV-DB) is skipped. It is an acted *low-arousal* state, not the absence of
  emotion: mapping it to ``neutral`` would teach the model that quiet, soft speech is neutral and
  would double RAVDESS's neutral class with a different acoustic target. Skipping it keeps the six
  classes clean at the price of fewer training clips.
* **disgust** (RAVDESS, EMOVO, EmoDB) is skipped: it is not one of the six classes and its nearest
  neighbour (anger) differs acoustically.
* **boredom** (EmoDB) is skipped for the same reason as calm.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from hamdel.core.emotions import Emotion

E = Emotion

RAVDESS: Mapping[str, Emotion] = MappingProxyType(
    {
        # RAVDESS numeric codes and the names used by our shared manifest
        "01": E.NEUTRAL, "neutral": E.NEUTRAL,
        "03": E.HAPPINESS, "happy": E.HAPPINESS, "happiness": E.HAPPINESS,
        "04": E.SADNESS, "sad": E.SADNESS, "sadness": E.SADNESS,
        "05": E.ANGER, "angry": E.ANGER, "anger": E.ANGER,
        "06": E.FEAR, "fearful": E.FEAR, "fear": E.FEAR,
        "08": E.SURPRISE, "surprised": E.SURPRISE, "surprise": E.SURPRISE,
        # skipped: "02" calm, "07" disgust
    }
)  # fmt: skip

EMOVO: Mapping[str, Emotion] = MappingProxyType(
    {
        "neu": E.NEUTRAL, "neutral": E.NEUTRAL,
        "gio": E.HAPPINESS, "happiness": E.HAPPINESS,
        "tri": E.SADNESS, "sadness": E.SADNESS,
        "rab": E.ANGER, "anger": E.ANGER,
        "pau": E.FEAR, "fear": E.FEAR,
        "sor": E.SURPRISE, "surprise": E.SURPRISE,
        # skipped: "dis" disgust
    }
)  # fmt: skip

TUREVDB: Mapping[str, Emotion] = MappingProxyType(
    {
        "angry": E.ANGER, "anger": E.ANGER,
        "happy": E.HAPPINESS, "happiness": E.HAPPINESS,
        "sad": E.SADNESS, "sadness": E.SADNESS,
        # skipped: "calm"
    }
)  # fmt: skip

SHEMO: Mapping[str, Emotion] = MappingProxyType(
    {
        # letter codes (4th character of the audio name) and the names of the labels JSON
        "A": E.ANGER, "anger": E.ANGER,
        "F": E.FEAR, "fear": E.FEAR,
        "H": E.HAPPINESS, "happiness": E.HAPPINESS,
        "N": E.NEUTRAL, "neutral": E.NEUTRAL,
        "S": E.SADNESS, "sadness": E.SADNESS,
        "W": E.SURPRISE, "surprise": E.SURPRISE,
    }
)  # fmt: skip

EMODB: Mapping[str, Emotion] = MappingProxyType(
    {
        # German letter codes (6th character of names like 03a01Fa.wav)
        "W": E.ANGER,  # Ärger (Wut)
        "A": E.FEAR,  # Angst
        "F": E.HAPPINESS,  # Freude
        "N": E.NEUTRAL,
        "T": E.SADNESS,  # Trauer
        # skipped: "L" boredom (Langeweile), "E" disgust (Ekel); EmoDB has no surprise
    }
)

GENERIC: Mapping[str, Emotion] = MappingProxyType(
    {e.value: e for e in Emotion}
    | {"angry": E.ANGER, "happy": E.HAPPINESS, "sad": E.SADNESS, "fearful": E.FEAR,
       "surprised": E.SURPRISE, "joy": E.HAPPINESS}
)  # fmt: skip
"""Labels accepted in a generic manifest: the six class names and their common adjectives."""

SPEECH_LABEL_MAPS: Mapping[str, Mapping[str, Emotion]] = MappingProxyType(
    {
        "ravdess": RAVDESS,
        "emovo": EMOVO,
        "turevdb": TUREVDB,
        "shemo": SHEMO,
        "emodb": EMODB,
        "generic": GENERIC,
    }
)


def map_speech_label(label: str, corpus: str = "generic") -> Emotion | None:
    """Map one corpus label onto the six classes; ``None`` means skip (and count) it.

    Examples
    --------
    >>> map_speech_label("fearful", "ravdess")
    <Emotion.FEAR: 'fear'>
    >>> map_speech_label("calm", "ravdess") is None
    True
    >>> map_speech_label("sadness", "emodb")
    <Emotion.SADNESS: 'sadness'>
    """
    table = SPEECH_LABEL_MAPS.get(corpus.lower(), GENERIC)
    key = label.strip()
    for candidate in (key, key.lower()):
        if candidate in table:
            return table[candidate]
    # a manifest that already holds one of the six class names is always understood, whatever
    # its corpus (e.g. ``emodb`` rows labelled "anger"): canonical names are never skipped
    return next((e for e in Emotion if e.value == key.lower()), None)


__all__ = [
    "EMODB",
    "EMOVO",
    "GENERIC",
    "RAVDESS",
    "SHEMO",
    "SPEECH_LABEL_MAPS",
    "TUREVDB",
    "map_speech_label",
]
