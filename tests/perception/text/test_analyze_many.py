"""The batch verb reads every text exactly as the one-text verb does (tiny models, fake
embedder: fast); the shipped models are compared in tests/companion/test_posts_batch.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from hamdel.core.errors import TextError
from hamdel.perception.text.analyzer import TextAnalyzer

from .conftest import FakeEmbedder

MIXED = [
    "so much pressure and worry at my job, I am overwhelmed",
    "I want to end my life tonight",
    "امروز خیلی غمگینم",
    "ميخوام خودمو بكشم",
    "دارم از خنده می‌میرم",
    "this traffic is killing me",
    "😢😢😢",
    "we had a lovely picnic in the park",
    "man kheili khastam az in zendegi",
    "I feel fine, خیلی خوبم",
]


@pytest.fixture(scope="module")
def analyzer(
    tiny_models: Path, fake_embedder: FakeEmbedder, tmp_path_factory: pytest.TempPathFactory
) -> TextAnalyzer:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        return TextAnalyzer.load(tiny_models, embedder=fake_embedder)  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["auto", "en", "fa"])
def test_many_equals_one_by_one(analyzer: TextAnalyzer, lang: str) -> None:
    batch = analyzer.analyze_many(MIXED, [lang] * len(MIXED))
    single = [analyzer.analyze(t, lang) for t in MIXED]
    assert batch == single
    assert any(a.crisis.flag for a in batch) and any(not a.crisis.flag for a in batch)


def test_given_crisis_results_are_used(analyzer: TextAnalyzer) -> None:
    crises = analyzer.crisis.predict_many(MIXED)
    assert analyzer.analyze_many(MIXED, crises=crises) == analyzer.analyze_many(MIXED)
    with pytest.raises(ValueError, match="one language"):
        analyzer.analyze_many(MIXED, ["en"])


def test_a_bad_text_is_a_text_error(analyzer: TextAnalyzer) -> None:
    with pytest.raises(TextError):
        analyzer.analyze_many(["fine", "   "])
    assert analyzer.analyze_many([]) == []


def test_check_many_equals_the_check_alone(analyzer: TextAnalyzer) -> None:
    assert analyzer.check_many(MIXED) == [analyzer.crisis.predict(t) for t in MIXED]


def test_heads_may_see_a_prefix_while_the_crisis_check_sees_all(
    tiny_models: Path, fake_embedder: FakeEmbedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    whole = TextAnalyzer.load(tiny_models, embedder=fake_embedder)  # type: ignore[arg-type]
    cut = TextAnalyzer.load(tiny_models, embedder=fake_embedder, analysis_chars=16)  # type: ignore[arg-type]
    long = "امروز خیلی غمگینم و خسته، کار و درس و همه چیز روی سرم ریخته"
    a, b = whole.analyze(long), cut.analyze(long)
    assert a.crisis == b.crisis and a.depression_p != b.depression_p
    assert cut.analyze_many([long, "ok"]) == [cut.analyze(long), cut.analyze("ok")]
    short = "امروز غمگینم"
    assert whole.analyze(short) == cut.analyze(short)
