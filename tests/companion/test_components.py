"""The real perceivers and recommender, adapted for a turn: what the companion gets from them."""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from hamdel.companion import PersonContext, fuse
from hamdel.companion.assessment import Assessment
from hamdel.companion.components import (
    HEART_NOT_VALIDATED,
    SHIPPED_MODELS,
    _recommender,
    load_heart,
    load_recommender,
    load_text,
)
from hamdel.companion.reading import BatchTextReader
from hamdel.knowledge import allowed, user_graph

EVENING_TEHRAN = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)  # 18:30 in Tehran, 15:00 in UTC


def _need(emotion: str = "sadness") -> Assessment:
    return Assessment(
        emotion=emotion, emotion_scores={emotion: 0.9}, negative=True, intensity="intermediate",
        crisis=False, depression_p=None, stress_p=None, stress_level=None, sentiment=None,
        theme=None, sources=("text",),
    )  # fmt: skip


@pytest.fixture(scope="module")
def text() -> BatchTextReader:
    return load_text(None)


def test_text_reader_scores_english_and_marks_rough_persian(text: BatchTextReader) -> None:
    read = text
    en = read("I have felt empty and hopeless for weeks, I can't get out of bed", "en")
    assert en.emotion_scores is not None and max(en.emotion_scores.values()) > 0.3
    assert en.depression_p is not None and en.stress_p is not None and not en.notes
    fa = read("این روزها خیلی غمگینم و هیچ چیز خوشحالم نمی‌کند", "fa")
    assert fa.emotion_scores is not None
    assert any("rough" in n for n in fa.notes)


def test_crisis_check_uses_every_layer_with_named_evidence(text: BatchTextReader) -> None:
    check = text.check
    signal = check("I want to end my life tonight")
    assert signal.crisis and signal.language == "en" and signal.reasons
    assert any(e.startswith("crisis:lexicon:") for e in signal.evidence)
    signal = check("می‌خواهم خودم را بکشم")
    assert signal.crisis and signal.evidence
    for idiom in ("this traffic is killing me", "دارم از خنده می‌میرم"):
        assert not check(idiom).crisis


@pytest.fixture(scope="module")
def recommend():  # type: ignore[no-untyped-def]
    return load_recommender(None)


def test_recommender_respects_the_profile_rules(recommend) -> None:  # type: ignore[no-untyped-def]
    profile = {"risk_habits": ["alcohol", "smoking"], "context": "work", "sleep_hours": 4}
    person = user_graph(profile)
    corpus = _recommender(None).corpus
    for seed in range(5):
        suggestions = recommend(
            _need(), person=PersonContext(profile), language="fa", now=EVENING_TEHRAN, seed=seed
        ).suggestions
        assert len(suggestions) == 3
        for s in suggestions:
            item = corpus.get(s.id)
            assert item is not None and allowed(item, person).allowed
            assert s.text == item.texts["fa"] and s.why


def test_message_periods_are_the_persons_local_time(recommend) -> None:  # type: ignore[no-untyped-def]
    profile = {"message_periods": ["evening"], "timezone": "Asia/Tehran"}
    message = recommend(
        _need(), person=PersonContext(profile), language="en", now=EVENING_TEHRAN, seed=0
    ).message
    assert message is not None
    message = recommend(
        _need(), person=PersonContext({**profile, "timezone": "UTC"}), language="en",
        now=EVENING_TEHRAN, seed=0,
    ).message  # fmt: skip
    assert message is None  # 15:00 in UTC is the afternoon


def test_recent_items_are_not_repeated_and_feedback_moves_the_ranking(recommend) -> None:  # type: ignore[no-untyped-def]
    first = recommend(
        _need("anger"), person=PersonContext({}), language="en", now=EVENING_TEHRAN, seed=3
    ).suggestions
    ids = [s.id for s in first]
    again = recommend(
        _need("anger"), person=PersonContext({}, recent=[(i, EVENING_TEHRAN) for i in ids]),
        language="en", now=EVENING_TEHRAN, seed=3,
    ).suggestions  # fmt: skip
    assert not set(ids) & {s.id for s in again}
    disliked = recommend(
        _need("anger"), person=PersonContext({}, ratings=[(ids[0], -1)] * 20), language="en",
        now=EVENING_TEHRAN, seed=3,
    ).suggestions  # fmt: skip
    assert ids[0] not in {s.id for s in disliked}


def test_unvalidated_heart_stress_is_shown_but_not_used(tmp_path: Path) -> None:
    rr = 800 + 40 * np.random.default_rng(0).standard_normal(1500)
    path = tmp_path / "rr.txt"
    path.write_text("\n".join(f"{v:.1f}" for v in rr))
    reading = load_heart(SHIPPED_MODELS)(path, None, "rr")
    summary = reading.details["summary"]
    assert summary["windows"] >= 3
    assert summary["validated"] is False and summary["used_for_reply"] is False
    assert reading.signal.stress_p is None and reading.signal.stress_level is None
    if summary["stress_probability"] is not None:
        assert reading.signal.notes == (HEART_NOT_VALIDATED,)
    assert fuse([reading.signal]).stress_level is None


def test_a_validated_heart_model_calls_for_calm_or_relaxing_messages(
    tmp_path: Path,
    recommend,  # type: ignore[no-untyped-def]
) -> None:
    from hamdel.perception.heart import HeartStressModel

    shipped = HeartStressModel.load(SHIPPED_MODELS / "heart_stress")
    always_high = dataclasses.replace(
        shipped, coef=(0.0, 0.0), intercept=5.0, meta={**shipped.meta, "validated": True}
    )
    always_high.save(tmp_path / "heart_stress")
    rr = 800 + 40 * np.random.default_rng(0).standard_normal(1500)
    path = tmp_path / "rr.txt"
    path.write_text("\n".join(f"{v:.1f}" for v in rr))
    reading = load_heart(tmp_path)(path, None, "rr")
    assert reading.details["summary"]["used_for_reply"] is True
    assert reading.signal.stress_level == "high"
    assessment = fuse([reading.signal])
    assert assessment.stress_level == "high" and assessment.intensity == "extreme"
    for seed in range(3):
        message = recommend(
            assessment, person=PersonContext({}), language="en", now=EVENING_TEHRAN, seed=seed
        ).message
        assert message is not None and message.message_kind in ("calm", "relaxing")


def test_an_unsure_read_reaches_the_engine_as_its_confidence(recommend) -> None:  # type: ignore[no-untyped-def]
    corpus = _recommender(None).corpus
    unsure = replace(_need("anger"), emotion_scores={"anger": 0.45, "neutral": 0.4})
    for assessment, wanted in ((unsure, "neutral"), (_need("anger"), "anger")):
        chosen = recommend(
            assessment, person=PersonContext({}), language="en", now=EVENING_TEHRAN, seed=2
        ).suggestions
        assert chosen and all(wanted in corpus.get(s.id).emotions for s in chosen)  # type: ignore[union-attr]
