from __future__ import annotations

import pytest

import hamdel.perception.sentiment as sentiment
from hamdel.core.errors import InputError, TextError
from hamdel.perception.sentiment import Esm2Weights, SentimentScorer, intensity_level


def test_exports_are_true() -> None:
    for name in sentiment.__all__:
        assert hasattr(sentiment, name), name


def test_result_carries_raw_corrected_theme_and_level(scorer: SentimentScorer) -> None:
    result = scorer.score("My boss yelled at me and I feel miserable", profile={"gender": "male"})
    data = result.to_dict()
    assert data["language"] == "en" and data["theme"] == "work_studies"
    assert data["raw"] < 0 and data["corrected"] == data["raw"]  # default weights: identity
    assert data["polarity"] == "negative"
    assert data["intensity"] in ("lower", "intermediate", "extreme")
    assert data["profile_used"] == ["gender"]
    assert {u["ngram"] for u in data["units"]} >= {"miserable"}


def test_language_detection_and_choice(scorer: SentimentScorer) -> None:
    assert scorer.score("خیلی خوشحالم").language == "fa"
    assert scorer.score("I am happy", lang="en").language == "en"
    with pytest.raises(InputError, match="language"):
        scorer.score("hello", lang="de")


def test_profile_correction_is_applied(scorer: SentimentScorer) -> None:
    weights = Esm2Weights(c=1.0, weights={"age_range=18-26": 0.5, "theme=family": -0.2})
    custom = SentimentScorer(scorer.meters, scorer.themes, weights)
    plain = custom.score("my sister makes me happy")
    younger = custom.score("my sister makes me happy", profile={"age_range": "18-26"})
    assert plain.theme == "family"
    assert younger.corrected == pytest.approx(min(5.0, plain.corrected * 2.718281828**0.5))
    assert custom.score("my sister makes me happy", profile={"age_range": None}) == plain


@pytest.mark.parametrize("bad", ["", "   ", None, 42, b"\xff\xfe", "x" * 20_001])
def test_bad_text_is_a_text_error(scorer: SentimentScorer, bad: object) -> None:
    with pytest.raises(TextError):
        scorer.score(bad)  # type: ignore[arg-type]


def test_bytes_are_decoded(scorer: SentimentScorer) -> None:
    assert scorer.score(b"I love it").raw > 0  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (0.0, "lower"),
        (-2.49, "lower"),
        (2.5, "intermediate"),
        (-3.9, "intermediate"),
        (4.0, "extreme"),
        (-5.0, "extreme"),
    ],
)
def test_intensity_cut_points(score: float, level: str) -> None:
    assert intensity_level(score) == level


def test_intensity_cut_points_are_checked() -> None:
    with pytest.raises(InputError):
        intensity_level(1.0, (3.0, 2.0))
