from __future__ import annotations

import pytest

from hamdel.core.emotions import EMOTIONS, Emotion
from hamdel.core.labels.text import TEXT_LABEL_MAPS, map_label, map_labels


def test_every_map_targets_the_six_classes() -> None:
    for table in TEXT_LABEL_MAPS.values():
        assert set(table.values()) <= set(EMOTIONS)


def test_unmapped_labels_are_skipped_and_counted() -> None:
    mapped = map_labels("goemotions_ekman", ["joy", "disgust", "disgust", "neutral"])
    assert mapped.kept == (0, 3)
    assert mapped.emotions == (Emotion.HAPPINESS, Emotion.NEUTRAL)
    assert mapped.skipped == {"disgust": 2} and mapped.n_skipped == 2


def test_armanemo_five_emotions() -> None:
    assert set(TEXT_LABEL_MAPS["armanemo"]) == {"ANGRY", "FEAR", "HAPPY", "SAD", "SURPRISE"}
    assert map_label("armanemo", "HATE") is None


def test_empathetic_dialogues_covers_25_of_32() -> None:
    assert len(TEXT_LABEL_MAPS["empathetic_dialogues"]) == 25
    assert map_label("empathetic_dialogues", "terrified") is Emotion.FEAR


def test_unknown_corpus_raises() -> None:
    with pytest.raises(KeyError):
        map_label("nope", "x")
