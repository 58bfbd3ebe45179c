"""The text emotion recipe: routing as the analyzer routes, the chat lines, neutral for Persian,
and the shipped files (six classes; the stress model stacks the frozen emotion copy)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from hamdel.core.emotions import EMOTIONS
from hamdel.perception.text.linear import LinearTextModel
from hamdel.perception.text.train.emotion import (
    CHAT_LISTS,
    HELD_OUT_LISTS,
    ChatLines,
    chat_lines,
    emotion_route,
    fit_xl,
)

from .conftest import FakeEmbedder

ROOT = Path(__file__).resolve().parents[3]
SIX = tuple(e.value for e in EMOTIONS)


def test_route_follows_the_analyzer() -> None:
    assert emotion_route("hey, how was your day?") == "en"
    assert emotion_route("سلام، خوبی؟") == "xl"
    assert emotion_route("Salam, chetori?") == "en"  # Finglish reads as English
    assert emotion_route("😂😂") is None
    assert emotion_route("   ") is None


def test_chat_lines_by_route_with_their_writer(tmp_path: Path) -> None:
    (tmp_path / "one.csv").write_text(
        "text,language,emotion,kind,note\n"
        "ok see you,en,neutral,short_reply,\n"
        "خیلی خوشحالم,fa,happiness,joy,\n"
        "khaste nabashi,fa,neutral,finglish,\n"
        "🙂,en,happiness,short_reply,\n",
        encoding="utf-8",
    )
    (tmp_path / "two.csv").write_text(
        "text,language,emotion,kind,note\nwhy would he do that,en,anger,anger,\n", encoding="utf-8"
    )
    en = chat_lines("en", ["one", "two"], tmp_path)
    assert en.texts == ("ok see you", "khaste nabashi", "why would he do that")
    assert en.emotions == ("neutral", "neutral", "anger")
    assert en.lists == ("one", "one", "two")
    assert chat_lines("xl", ["one", "two"], tmp_path).emotions == ("happiness",)
    assert len(en.take([2])) == 1 and en.take([2]).lists == ("two",)


def test_held_out_lists_are_not_training_lists() -> None:
    assert not set(HELD_OUT_LISTS) & set(CHAT_LISTS)


def test_persian_model_learns_neutral_from_the_chat_lines(fake_embedder: FakeEmbedder) -> None:
    texts = ["خیلی عصبانی هستم", "می‌ترسم", "خیلی خوشحالم", "غمگینم", "وای باورم نمیشه"] * 2
    labels = ["anger", "fear", "happiness", "sadness", "surprise"] * 2
    chat = ChatLines(("باشه", "فردا میام", "باشه ممنون"), ("neutral",) * 3, ("a", "a", "b"))
    model = fit_xl(
        texts,
        labels,
        fake_embedder.embed(texts),
        chat,
        fake_embedder.embed(list(chat.texts)),
        weight=1.0,
    )
    assert model.classes == SIX
    p = model.predict_proba(["باشه"], fake_embedder.embed(["باشه"]))[0]
    assert model.classes[int(np.argmax(p))] == "neutral"


def test_shipped_models_have_six_classes_and_stress_keeps_its_frozen_copy() -> None:
    folder = ROOT / "models" / "text_emotion"
    assert LinearTextModel.load(folder / "en.npz").classes == SIX
    assert LinearTextModel.load(folder / "xl.npz").classes == SIX
    stress = LinearTextModel.load(ROOT / "models" / "text_stress" / "en.npz")
    assert stress.weights.stacked == "emotion_en.npz"
    frozen = LinearTextModel.load(ROOT / "models" / "text_stress" / "emotion_en.npz")
    assert "chat" not in str((frozen.weights.info or {}).get("data"))
