from __future__ import annotations

import csv
from pathlib import Path

import pytest

from hamdel.core.errors import TextError
from hamdel.perception.text.crisis import CrisisDetector, CrisisLexicon, ThresholdLayer

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def detector() -> CrisisDetector:
    return CrisisDetector.load()


@pytest.mark.parametrize(
    "text",
    [
        "I want to kill myself",
        "i don't want to live anymore",
        "I cut myself again",
        "می‌خوام خودمو بکشم",
        "ميخوام خودمو بكشم",
        "دیگه نمی‌خوام زنده باشم",
        "به خودکشی فکر می‌کنم",
    ],
)
def test_crisis_statements_are_flagged_with_evidence(detector: CrisisDetector, text: str) -> None:
    result = detector.predict(text)
    assert result.flag
    assert result.fired and all(e.source == "lexicon" for e in result.fired)
    assert result.to_dict()["evidence"][0]["pattern_id"]


@pytest.mark.parametrize(
    "text",
    [
        "This traffic is killing me",
        "I'm dying to see that film",
        "دارم از خنده می‌میرم",
        "مردم از خستگی",
        "That cake is to die for",
    ],
)
def test_idioms_are_not_flagged(detector: CrisisDetector, text: str) -> None:
    assert not detector.predict(text).flag


def test_clear_negation_is_not_flagged_but_recorded(detector: CrisisDetector) -> None:
    result = detector.predict("I would never kill myself.")
    assert not result.flag
    assert any(e.negated for e in result.evidence)


@pytest.mark.parametrize(
    "text",
    [
        "I would never kill myself, but sometimes I wish I didn't wake up",
        "I'm not going to kill myself today",
        "فعلاً خودمو نمی‌کشم ولی همش بهش فکر می‌کنم",
    ],
)
def test_hedged_negation_is_flagged(detector: CrisisDetector, text: str) -> None:
    assert detector.predict(text).flag


def test_idiom_only_cancels_what_it_overlaps(detector: CrisisDetector) -> None:
    assert detector.predict("This traffic is killing me and I want to die.").flag


def test_classifier_layer_adds_recall() -> None:
    layer = ThresholdLayer("clf", lambda texts, langs: [0.9 for _ in texts])
    det = CrisisDetector.load(layers=[layer])
    result = det.predict("Tonight is the night, I've made up my mind.")
    assert result.flag and result.fired[0].source == "clf"


def test_bad_input_raises_text_error(detector: CrisisDetector) -> None:
    with pytest.raises(TextError):
        detector.predict("   ")


def test_emoji_only_is_a_clear_result(detector: CrisisDetector) -> None:
    result = detector.predict("😢😢")
    assert not result.flag and result.language == "unknown"


def test_lexicon_ids_are_unique() -> None:
    ids = CrisisLexicon.load().pattern_ids
    assert len(ids) == len(set(ids))


def test_test_list_has_both_languages_and_lexicon_recall() -> None:
    rows = list(csv.DictReader((ROOT / "data/text/crisis_test_list.csv").open(encoding="utf-8")))
    det = CrisisDetector.load()
    for lang in ("en", "fa"):
        sub = [r for r in rows if r["language"] == lang]
        assert len(sub) >= 150
        pos = [r for r in sub if r["label"] == "1"]
        hits = sum(det.predict(r["text"]).flag for r in pos)
        assert hits / len(pos) >= 0.95
