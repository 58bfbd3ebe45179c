from __future__ import annotations

import csv
from pathlib import Path

import pytest

from hamdel.core.errors import TextError
from hamdel.perception.text.crisis import (
    CrisisDetector,
    CrisisLexicon,
    ScreenVerdict,
    ThresholdLayer,
)

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def detector() -> CrisisDetector:
    return CrisisDetector.load()


@pytest.mark.parametrize(
    "text",
    [
        "I want to kill myself",
        "I cut myself again",
        "im having suicidal thoughts again",
        "می‌خوام خودمو بکشم",
        "ميخوام خودمو بكشم",
        "به خودکشی فکر می‌کنم",
        "mikham khodamo bokosham",
        "ghorsamo jam kardam",
    ],
)
def test_clear_crisis_statements_are_a_crisis_with_evidence(
    detector: CrisisDetector, text: str
) -> None:
    result = detector.predict(text)
    assert result.outcome == "crisis" and result.flag
    assert result.fired and all(e.source == "lexicon" for e in result.fired)
    assert result.reasons[0].startswith("first-person")
    assert result.to_dict()["evidence"][0]["pattern_id"]


@pytest.mark.parametrize(
    "text",
    [
        "i don't want to live anymore",
        "دیگه نمی‌خوام زنده باشم",
        "what's the point of living",
        "dige nemikesham",
    ],
)
def test_uncertain_statements_get_a_check_in(detector: CrisisDetector, text: str) -> None:
    result = detector.predict(text)
    assert result.outcome == "check_in" and result.check_in and not result.flag
    assert result.reasons


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("I used to self harm but I'm 2 years clean now", "past"),
        ("My friend told me she tried to kill herself last year", "third_person"),
        ("We watched a documentary about suicide in class today", "news"),
        ("قبلاً خودزنی می‌کردم ولی الان دو ساله پاکم", "past"),
        ("دوستم گفت می‌خواد خودشو بکشه", "third_person"),
    ],
)
def test_distance_caps_at_check_in_even_when_a_layer_is_sure(text: str, cue: str) -> None:
    sure = ThresholdLayer("clf", lambda texts, langs: [0.99 for _ in texts], 0.5, 0.9)
    result = CrisisDetector.load(layers=[sure]).predict(text)
    assert result.outcome == "check_in"
    assert cue in {c.kind for c in result.context}
    assert any("capped" in r for r in result.reasons)


def test_first_person_intent_in_another_sentence_still_counts() -> None:
    text = "My brother tried to kill himself years ago. Tonight I am going to kill myself."
    result = CrisisDetector.load().predict(text)
    assert result.outcome == "crisis"


def test_negation_caps_a_sure_layer(detector: CrisisDetector) -> None:
    text = "I have zero thoughts of ending my life, just tired"
    assert detector.predict(text).outcome == "none"
    sure = ThresholdLayer("clf", lambda texts, langs: [0.99 for _ in texts], 0.5, 0.9)
    assert CrisisDetector.load(layers=[sure]).predict(text).outcome == "check_in"


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


@pytest.mark.parametrize(
    "text",
    [
        "دیگه نمی‌خوام زنده باشم، می‌خوام خودمو بکشم",  # found walking the product, 2026-12-07
        "I don't want to live anymore, I want to kill myself",
        "نمی‌خوام اینجوری ادامه بدم ولی می‌خوام خودمو بکشم",
    ],
)
def test_a_negation_does_not_reach_into_the_next_clause(
    detector: CrisisDetector, text: str
) -> None:
    result = detector.predict(text)
    assert result.flag and not any(e.negated for e in result.evidence if e.kind == "direct")


@pytest.mark.parametrize("text", ["I would never, ever kill myself", "هرگز، هیچ‌وقت خودمو نمی‌کشم"])
def test_an_intensifier_after_a_comma_keeps_the_negation(
    detector: CrisisDetector, text: str
) -> None:
    assert not detector.predict(text).flag


def test_idiom_only_cancels_what_it_overlaps(detector: CrisisDetector) -> None:
    assert detector.predict("This traffic is killing me and I want to die.").flag


def test_classifier_layer_adds_recall() -> None:
    layer = ThresholdLayer("clf", lambda texts, langs: [0.9 for _ in texts])
    det = CrisisDetector.load(layers=[layer])
    result = det.predict("Tonight is the night, I've made up my mind.")
    assert result.check_in and result.fired[0].source == "clf"
    urgent = ThresholdLayer("clf", lambda texts, langs: [0.9 for _ in texts], 0.5, 0.8)
    assert CrisisDetector.load(layers=[urgent]).predict("Tonight is the night.").flag


def test_screen_skips_the_layers_only_without_lexicon_evidence() -> None:
    calls: list[str] = []

    def spy(texts: object, langs: object) -> list[float]:
        calls.extend(texts)  # type: ignore[arg-type]
        return [0.95 for _ in texts]  # type: ignore[attr-defined]

    class ClearAll:
        def judge(self, texts: list[str], langs: list[str]) -> list[ScreenVerdict]:
            return [ScreenVerdict(0.0, True, True) for _ in texts]

    det = CrisisDetector(CrisisLexicon.load(), [ThresholdLayer("clf", spy, 0.5, 0.9)], ClearAll())
    weekend, wish = "looking forward to the weekend", "i don't want to live anymore"
    results = det.predict_many([weekend, wish])
    # hopelessness in the lexicon's words: a sure layer asks, it does not alarm
    assert [r.outcome for r in results] == ["none", "check_in"]
    assert any("hopelessness" in r for r in results[1].reasons)
    assert calls == [wish]
    assert "cleared by the first stage" in results[0].reasons


def test_a_missing_layer_is_reported_as_degraded() -> None:
    det = CrisisDetector(CrisisLexicon.load(), (), None, ("embedding_head: no e5",))
    result = det.predict("hello")
    assert result.degraded and result.to_dict()["degraded"]


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
        hits = sum(det.predict(r["text"]).outcome != "none" for r in pos)
        assert hits / len(pos) >= 0.95


def test_a_layer_alone_makes_a_crisis_only_when_the_screen_confirms() -> None:
    sure = ThresholdLayer("clf", lambda texts, langs: [0.99 for _ in texts], 0.5, 0.9)

    class Doubts:
        def judge(self, texts: list[str], langs: list[str]) -> list[ScreenVerdict]:
            return [ScreenVerdict(0.2, False, "bridge" in t) for t in texts]

    det = CrisisDetector(CrisisLexicon.load(), [sure], Doubts())
    doubted, confirmed = det.predict_many(["calling my mom later", "the bridge is close"])
    assert doubted.outcome == "check_in" and any("not confirmed" in r for r in doubted.reasons)
    assert confirmed.outcome == "crisis"
